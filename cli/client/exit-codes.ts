/**
 * Exit codes of the client commands, for scripts:
 * 0 success; 1 the API refused the request (not found, conflict, wrong state) or a watched
 * execution ended in ERROR; 2 bad usage or input (invalid JSON, unreadable file, invalid
 * definition); 3 a watched execution was CANCELLED; 4 no connection (server down, bad
 * credentials, no endpoint in the catalog, incomplete OS_* settings).
 */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  cancelled: 3,
  connection: 4,
} as const;

/** What `execution start --watch` (and `execution watch`) exit with for a final state. */
export function exitForState(state: string): number {
  if (state === 'SUCCESS') return EXIT.ok;
  if (state === 'CANCELLED') return EXIT.cancelled;
  return EXIT.failed;
}
