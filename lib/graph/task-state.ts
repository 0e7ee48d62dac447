/** States after which an execution, task or action changes no more (until a rerun). */
const FINAL = new Set(['SUCCESS', 'ERROR', 'CANCELLED', 'SKIPPED']);

export function isFinalState(state: string): boolean {
  return FINAL.has(state);
}
