/**
 * Engine benchmarks of the runtime issue, on a real store: (a) a chain of 1,000 std.noop tasks,
 * (b) one with-items task over 10,000 items with concurrency 100, (c) a 50-way fork joined by
 * `join: all`, (d) 1,000 concurrent executions of a 3-task workflow.
 */
import { createEngine, type ConvectionEngine } from '../index.js';
import type { Store } from '../store/open-store.js';

export interface EngineBenchResult {
  readonly scenario: string;
  readonly store: string;
  readonly seconds: number;
  /** Task (and with-items iteration) completions per second. */
  readonly completionsPerSecond: number;
  /** Milliseconds from a task's completion to the start of the task it triggered. */
  readonly handoffP50Ms: number;
  readonly handoffP99Ms: number;
  readonly completions: number;
}

function chain(n: number): string {
  const lines = ["version: '2.0'", 'chain:', '  tasks:'];
  for (let i = 0; i < n; i++) {
    lines.push(`    t${i}:`, '      action: std.noop');
    if (i + 1 < n) lines.push(`      on-success: [t${i + 1}]`);
  }
  return lines.join('\n') + '\n';
}

function fork(n: number): string {
  const lines = ["version: '2.0'", 'fork:', '  tasks:', '    start:', '      action: std.noop', `      on-success: [${Array.from({ length: n }, (_, i) => `b${i}`).join(', ')}]`];
  for (let i = 0; i < n; i++) lines.push(`    b${i}:`, '      action: std.noop', '      on-success: [merge]');
  lines.push('    merge:', '      join: all', '      action: std.noop');
  return lines.join('\n') + '\n';
}

const WITH_ITEMS = `version: '2.0'
items:
  tasks:
    each:
      with-items: x in <% range(0, 10000) %>
      concurrency: 100
      action: std.noop
`;

const SMALL = `version: '2.0'
small:
  tasks:
    a:
      action: std.noop
      on-success: [b]
    b:
      action: std.echo output="<% $.n %>"
      on-success: [c]
    c:
      action: std.noop
  input: [n]
`;

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function handoffs(engine: ConvectionEngine, executionIds: readonly string[]): Promise<number[]> {
  const rows = await engine.store.db.selectFrom('task_executions').select(['id', 'started_at', 'finished_at', 'runtime_context_json', 'workflow_execution_id']).where('workflow_execution_id', 'in', executionIds).execute();
  const finished = new Map(rows.map((r) => [r.id, r.finished_at]));
  const out: number[] = [];
  for (const r of rows) {
    const trigger = /"task_id": ?"([^"]+)"/.exec(r.runtime_context_json)?.[1];
    const from = trigger ? finished.get(trigger) : undefined;
    if (from !== undefined && from !== null && r.started_at !== null) out.push(r.started_at - from);
  }
  return out.sort((a, b) => a - b);
}

async function scenario(store: Store, storeName: string, name: string, text: string, workflow: string, runs: number, completionsPer: number, input: (i: number) => Map<string, number> = () => new Map()): Promise<EngineBenchResult> {
  const engine = await createEngine(store, { pollMs: 20 });
  await engine.definitions.saveWorkflows(text, { projectId: 'bench' });
  const started = performance.now();
  const ids = await Promise.all(Array.from({ length: runs }, (_, i) => engine.executions.start({ workflow, projectId: 'bench', input: input(i) }).then((e) => e.id)));
  const settled = await Promise.all(ids.map((id) => engine.executions.waitForSettled(id, 600_000)));
  const seconds = (performance.now() - started) / 1000;
  const bad = settled.filter((e) => e.state !== 'SUCCESS');
  if (bad.length > 0) throw new Error(`${name}: ${bad.length} executions ended ${bad[0]?.state}: ${bad[0]?.stateInfo ?? ''}`);
  const h = await handoffs(engine, ids);
  const completions = runs * completionsPer;
  await engine.close();
  return { scenario: name, store: storeName, seconds, completionsPerSecond: completions / seconds, handoffP50Ms: percentile(h, 50), handoffP99Ms: percentile(h, 99), completions };
}

/**
 * Runs the four scenarios, each on a fresh store from `openFresh`, after a small unmeasured run of
 * each so the figures show the engine, not the JIT compiler warming up.
 */
export async function runEngineBench(storeName: string, openFresh: () => Promise<Store>): Promise<EngineBenchResult[]> {
  await scenario(await openFresh(), storeName, 'warm-up chain', chain(100), 'chain', 1, 100);
  await scenario(await openFresh(), storeName, 'warm-up items', WITH_ITEMS.replace('range(0, 10000)', 'range(0, 500)'), 'items', 1, 500);
  await scenario(await openFresh(), storeName, 'warm-up fork', fork(10), 'fork', 1, 12);
  await scenario(await openFresh(), storeName, 'warm-up small', SMALL, 'small', 100, 3, (i) => new Map([['n', i]]));
  return [
    await scenario(await openFresh(), storeName, '(a) chain of 1,000 std.noop', chain(1000), 'chain', 1, 1000),
    await scenario(await openFresh(), storeName, '(b) with-items 10,000, concurrency 100', WITH_ITEMS, 'items', 1, 10_000),
    await scenario(await openFresh(), storeName, '(c) 50-way fork + join all', fork(50), 'fork', 1, 52),
    await scenario(await openFresh(), storeName, '(d) 1,000 executions x 3 tasks', SMALL, 'small', 1000, 3, (i) => new Map([['n', i]])),
  ];
}
