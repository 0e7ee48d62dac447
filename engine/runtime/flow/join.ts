/**
 * `join: all` and `join: N` (digest §4.4): a WAITING join task starts once enough inbound tasks
 * have transitioned to it, and fails as soon as that has become impossible.
 */
import { pyRepr } from '../../language/values/python-format.js';
import type { DecideEnv } from '../catalog.js';
import type { Draft } from '../draft.js';
import type { TaskExecution } from '../model.js';
import { finalizeTask } from './complete-task.js';
import { startTask, taskSpecOf } from './start-task.js';

export type JoinVerdict = { readonly kind: 'ready' } | { readonly kind: 'wait' } | { readonly kind: 'failed'; readonly by: readonly string[] };

/**
 * @param quiescent nothing else in the workflow can still run, so inbound tasks that have not
 * arrived never will.
 */
export function joinVerdict(draft: Draft, env: DecideEnv, join: TaskExecution, quiescent: boolean): JoinVerdict {
  const spec = taskSpecOf(env, join.name);
  const inbound = env.spec.inbound.get(join.name) ?? [];
  const arrived = new Set<string>();
  for (const trig of join.triggeredBy) {
    const t = draft.task(trig.taskId);
    if (t) arrived.add(t.name);
  }
  // Inbound tasks that finished without selecting the join can no longer arrive.
  const refused = inbound.filter((name) => {
    if (arrived.has(name)) return false;
    const latest = draft.latestTask(name);
    if (quiescent) return true;
    return latest !== undefined && latest.processed && !latest.nextTasks.includes(join.name);
  });
  const needed = spec.join === 'all' ? inbound.length : Math.min(spec.join ?? 1, inbound.length);
  if (arrived.size >= needed) return { kind: 'ready' };
  if (spec.join === 'all' ? refused.length > 0 : inbound.length - refused.length < needed) return { kind: 'failed', by: refused };
  return { kind: 'wait' };
}

export function evaluateJoin(draft: Draft, env: DecideEnv, joinTaskId: string, quiescent = false): void {
  const join = draft.task(joinTaskId) as TaskExecution;
  if (join.state !== 'WAITING') return;
  const verdict = joinVerdict(draft, env, join, quiescent);
  if (verdict.kind === 'ready') return startTask(draft, env, joinTaskId, false);
  if (verdict.kind === 'failed') {
    draft.updateTask(joinTaskId, { state: 'RUNNING', startedAt: draft.now });
    finalizeTask(draft, env, joinTaskId, 'ERROR', `Failed by tasks: [${verdict.by.map((n) => pyRepr(n)).join(', ')}]`);
  }
}
