/**
 * Mirrors the engine's rule (engine/api/auth/keystone-client.ts): a user with `reader` and neither
 * `member` nor `admin` is read-only. The engine enforces it; the dashboard only hides the buttons.
 */
export function rolesCanWrite(roles: readonly string[]): boolean {
  const lower = new Set(roles.map((r) => r.toLowerCase()));
  if (lower.has('admin')) return true;
  return !(lower.has('reader') && !lower.has('member'));
}
