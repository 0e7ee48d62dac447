/**
 * What the engine's bookkeeping says about a finished task: how often it was retried and which
 * tasks started it, and from that the critical path of an execution.
 */

/** The parsed runtime context, or an empty object: the column is engine bookkeeping, not API. */
function runtimeContext(text: string | null): Record<string, unknown> {
  if (text === null) return {};
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function retriesIn(context: Record<string, unknown>): number {
  const policy = context['retry_task_policy'];
  if (typeof policy !== 'object' || policy === null) return 0;
  const n: unknown = Reflect.get(policy, 'retry_no');
  return typeof n === 'number' ? n : 0;
}

function triggersIn(context: Record<string, unknown>): string[] {
  const list = context['triggered_by'];
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const t of list as unknown[]) {
    const id: unknown = typeof t === 'object' && t !== null ? Reflect.get(t, 'task_id') : undefined;
    if (typeof id === 'string') out.push(id);
  }
  return out;
}

/** How many times a task was retried (`retry_task_policy.retry_no`). */
export function retryCountOf(runtimeContextJson: string | null): number {
  return retriesIn(runtimeContext(runtimeContextJson));
}

export interface TaskBookkeeping {
  readonly retries: number;
  /** The ids of the tasks whose completion started this one. */
  readonly triggers: string[];
}

/** Retries and triggers from one parse of the runtime context. */
export function bookkeepingOf(runtimeContextJson: string | null): TaskBookkeeping {
  const context = runtimeContext(runtimeContextJson);
  return { retries: retriesIn(context), triggers: triggersIn(context) };
}

export interface PathTask {
  readonly id: string;
  readonly name: string;
  readonly finishedAt: number;
  readonly triggers: readonly string[];
}

/**
 * The critical path of one execution: from the task that finished last, back through the trigger
 * that finished last (a join waits for its slowest input), to a task nothing triggered. Returns
 * the task names in run order.
 */
export function criticalPath(tasks: readonly PathTask[]): string[] {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  // Tasks can finish within the same millisecond as the task they started: of equal times, the
  // one that started nothing is the later one, whatever order the rows came in.
  const startedOthers = new Set(tasks.flatMap((t) => t.triggers));
  const finishedLater = (a: PathTask, b: PathTask): boolean =>
    a.finishedAt > b.finishedAt || (a.finishedAt === b.finishedAt && !startedOthers.has(a.id) && startedOthers.has(b.id));
  let current: PathTask | undefined;
  for (const t of tasks) if (current === undefined || finishedLater(t, current)) current = t;
  const path: string[] = [];
  const seen = new Set<string>();
  while (current !== undefined && !seen.has(current.id)) {
    seen.add(current.id);
    path.push(current.name);
    let next: PathTask | undefined;
    for (const id of current.triggers) {
      const t = byId.get(id);
      if (t !== undefined && (next === undefined || t.finishedAt > next.finishedAt)) next = t;
    }
    current = next;
  }
  return path.reverse();
}
