/**
 * Live streams and analytics benchmark (`npm run bench -- --only observe`).
 *
 * 1. Event latency: 1 and then 1,000 subscribers on `GET /v2/events` (sse-client.ts, a separate
 *    process) while executions of a 2-task workflow start at a steady rate. Latency per delivery =
 *    arrival at the client − the event's `created_at` (what the `time` field shows; the wire form
 *    has whole seconds only, so the stored milliseconds of the same event id are used).
 * 2. Analytics over 1,000,000 task rows (200,000 root executions × 5 tasks) seeded with one
 *    INSERT … SELECT each over recursive CTEs, then each analytics route timed sequentially from a
 *    separate process (http-load.ts).
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql, type Kysely } from 'kysely';
import type { FastifyRequest } from 'fastify';
import { NOAUTH_CONTEXT, NOAUTH_PROJECT } from '../api/auth/auth-context.js';
import type { AuthContext } from '../api/auth/auth-context.js';
import { serveApi } from '../api/server.js';
import type { RunningApi } from '../api/server.js';
import { createEngine, type ConvectionEngine } from '../index.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/open-store.js';
import { sealHours } from '../api/analytics/rollups.js';
import type { Database } from '../store/schema.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const LOAD = join(HERE, 'http-load.ts');
const CLIENT = join(HERE, 'sse-client.ts');

export interface EventLatencyResult {
  readonly subscribers: number;
  readonly executions: number;
  readonly events: number;
  readonly deliveries: number;
  readonly missing: number;
  readonly failedToOpen: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface AnalyticsRouteResult {
  readonly name: string;
  readonly requests: number;
  readonly failures: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

export interface ObserveBenchResult {
  readonly eventLatency: EventLatencyResult[];
  readonly analytics: { readonly taskRows: number; readonly rootExecutions: number; readonly seedSeconds: number; readonly sealSeconds: number; readonly routes: AnalyticsRouteResult[] };
}

const LIVE_WORKFLOW = `version: '2.0'
observe_live:
  input: [n]
  tasks:
    first:
      action: std.echo output=<% $.n %>
      on-success: [second]
    second:
      action: std.echo output=<% $.n %>
`;

/**
 * The API caps open streams per caller (100 by default, not configurable through serveApi), so
 * each subscriber names its user in a header: the same noauth admin, a different caller key.
 */
function benchAuth(request: FastifyRequest): Promise<AuthContext> {
  const user = request.headers['x-bench-user'];
  return Promise.resolve(typeof user === 'string' ? { ...NOAUTH_CONTEXT, userId: user } : NOAUTH_CONTEXT);
}

async function withApi<T>(path: string, run: (engine: ConvectionEngine, api: RunningApi) => Promise<T>, before?: (store: Store) => Promise<void>): Promise<T> {
  const store = await openStore(`sqlite:${path}`);
  await before?.(store);
  const engine = await createEngine(store, { pollMs: 50 });
  const api = await serveApi(engine, { port: 0, authMode: 'noauth', auth: benchAuth, logger: false });
  try {
    return await run(engine, api);
  } finally {
    await api.close();
    await engine.close();
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function eventLatency(engine: ConvectionEngine, api: RunningApi, subscribers: number, rate: number, seconds: number): Promise<EventLatencyResult> {
  const db = engine.store.db;
  const child = spawn(process.execPath, ['--import', 'tsx', CLIENT, JSON.stringify({ url: `${api.url}/v2/events`, subscribers, users: Math.ceil(subscribers / 100) })], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const ready = await lines.next();
  if (ready.done === true || !String(ready.value).startsWith('ready')) throw new Error('observe bench: the SSE client did not start');
  const failedToOpen = (JSON.parse(String(ready.value).slice(6)) as { failedToOpen: number }).failedToOpen;
  await sleep(500);
  const fromId = (await db.selectFrom('execution_events').select((eb) => eb.fn.max<number | null>('id').as('id')).executeTakeFirst())?.id ?? 0;

  // Steady rate: start i is due at i / rate seconds.
  const total = rate * seconds;
  const started: string[] = [];
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    started.push((await engine.executions.start({ workflow: 'observe_live', projectId: NOAUTH_PROJECT, input: new Map([['n', i]]) })).id);
  }
  // Until every execution is final, then time for the last events to reach every subscriber.
  for (let tries = 0; tries < 600; tries++) {
    const open = await db
      .selectFrom('workflow_executions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', 'in', started)
      .where('state', 'not in', ['SUCCESS', 'ERROR', 'CANCELLED'])
      .executeTakeFirstOrThrow();
    if (Number(open.n) === 0) break;
    await sleep(100);
  }
  await sleep(3000);
  const rows = await db.selectFrom('execution_events').select(['id', 'created_at']).where('id', '>', fromId).orderBy('id').execute();
  const createdAt: Record<string, number> = {};
  for (const r of rows) createdAt[String(r.id)] = Number(r.created_at);
  child.stdin.write(`${JSON.stringify({ createdAt })}\n`);
  const result = await lines.next();
  child.stdin.end();
  if (result.done === true) throw new Error('observe bench: the SSE client gave no result');
  const r = JSON.parse(String(result.value)) as Omit<EventLatencyResult, 'executions' | 'failedToOpen'>;
  await new Promise<void>((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', () => resolve())));
  return { ...r, subscribers, executions: total, failedToOpen };
}

const ROOTS = 200_000;
const TASKS = ['prepare', 'fetch', 'transform', 'merge', 'publish'] as const;

/**
 * 200,000 finished root executions of `observe_wf` (one every 2 s over the last ~4.6 days) and
 * their 5 tasks each: prepare → fetch, transform (fork) → merge (join of both) → publish, with
 * `triggered_by` in the runtime context. Every 20th execution fails in `publish`, every 50th
 * `fetch` was retried once.
 */
async function seedAnalytics(db: Kysely<Database>): Promise<void> {
  const base = Date.now() - 5 * 24 * 3600_000;
  const wfId = sql`printf('%08x-0000-7000-8000-%012x', i / 65536, i)`;
  await sql`
    with recursive n(i) as (select 0 union all select i + 1 from n where i < ${ROOTS - 1})
    insert into workflow_executions (id, project_id, workflow_name, workflow_namespace, workflow_id, description, definition,
      spec_json, state, state_info, input_json, output_json, params_json, context_json, env_json, runtime_context_json,
      security_context_json, task_execution_id, root_execution_id, source_execution_id, tags_json, version,
      created_at, updated_at, started_at, finished_at)
    select ${wfId}, ${NOAUTH_PROJECT}, 'observe_wf', '', null, '', '', null,
      case when i % 20 = 0 then 'ERROR' else 'SUCCESS' end,
      case when i % 20 = 0 then 'publish failed: ' || (case i % 3 when 0 then 'timeout' when 1 then 'HTTP 503' else 'quota exceeded' end) else null end,
      '{}', '{}', '{}', '{}', '{}', null, null, null, null, null, '[]', 1,
      ${base} + i * 2000, ${base} + i * 2000, ${base} + i * 2000 + 5,
      ${base} + i * 2000 + 5 + (50 + i * 7 % 100) + 10 + max(80 + i * 13 % 400, 60 + i * 29 % 200) + 10 + (40 + i * 11 % 60) + 10 + (30 + i * 17 % 50)
    from n`.execute(db);

  // Task k of execution i has id …-9000-<i*5+k>; durations vary with i, `fetch` is the slow branch
  // most of the time. Each task starts 10 ms after its trigger(s) finished.
  const taskId = (k: string): ReturnType<typeof sql> => sql`printf('%08x-0000-7000-9000-%012x', i / 65536, i * 5 + ${sql.raw(k)})`;
  await sql`
    with recursive n(i) as (select 0 union all select i + 1 from n where i < ${ROOTS - 1}),
    k(k) as (values (0), (1), (2), (3), (4)),
    t as (
      select i, k,
        ${base} + i * 2000 + 5 as s0,
        50 + i * 7 % 100 as d0, 80 + i * 13 % 400 as d1, 60 + i * 29 % 200 as d2, 40 + i * 11 % 60 as d3, 30 + i * 17 % 50 as d4
      from n cross join k
    ),
    u as (
      select i, k, d0, d1, d2, d3, d4, s0,
        s0 + d0 + 10 as s1,
        s0 + d0 + 10 as s2,
        s0 + d0 + 10 + max(d1, d2) + 10 as s3,
        s0 + d0 + 10 + max(d1, d2) + 10 + d3 + 10 as s4
      from t
    )
    insert into task_executions (id, project_id, workflow_execution_id, root_execution_id, name, workflow_name, workflow_namespace,
      workflow_id, type, state, state_info, in_context_json, published_json, published_global_json, result_json, runtime_context_json,
      processed, error_handled, has_next_tasks, unique_key, tags_json, version, created_at, updated_at, started_at, finished_at)
    select ${taskId('k')}, ${NOAUTH_PROJECT}, ${wfId}, ${wfId},
      case k when 0 then ${TASKS[0]} when 1 then ${TASKS[1]} when 2 then ${TASKS[2]} when 3 then ${TASKS[3]} else ${TASKS[4]} end,
      'observe_wf', '', null, 'ACTION',
      case when k = 4 and i % 20 = 0 then 'ERROR' else 'SUCCESS' end,
      case when k = 4 and i % 20 = 0 then 'publish failed: ' || (case i % 3 when 0 then 'timeout' when 1 then 'HTTP 503' else 'quota exceeded' end) else null end,
      '{}', '{}', '{}', '{}',
      case k
        when 0 then '{}'
        when 1 then '{"triggered_by":[{"task_id":"' || ${taskId('0')} || '","event":"on-success"}]'
          || case when i % 50 = 0 then ',"retry_task_policy":{"retry_no":1}' else '' end || '}'
        when 2 then '{"triggered_by":[{"task_id":"' || ${taskId('0')} || '","event":"on-success"}]}'
        when 3 then '{"triggered_by":[{"task_id":"' || ${taskId('1')} || '","event":"on-success"},{"task_id":"' || ${taskId('2')} || '","event":"on-success"}]}'
        else '{"triggered_by":[{"task_id":"' || ${taskId('3')} || '","event":"on-success"}]}'
      end,
      1, 0, k < 4, null, '[]', 1,
      case k when 0 then s0 - 2 when 1 then s1 - 3 when 2 then s2 - 3 when 3 then s3 - 4 else s4 - 2 end,
      case k when 0 then s0 + d0 when 1 then s1 + d1 when 2 then s2 + d2 when 3 then s3 + d3 else s4 + d4 end,
      case k when 0 then s0 when 1 then s1 when 2 then s2 when 3 then s3 else s4 end,
      case k when 0 then s0 + d0 when 1 then s1 + d1 when 2 then s2 + d2 when 3 then s3 + d3 else s4 + d4 end
    from u`.execute(db);
  await sql`analyze`.execute(db);
}

async function load(name: string, spec: Record<string, unknown>): Promise<AnalyticsRouteResult> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', LOAD, JSON.stringify(spec)], { maxBuffer: 1 << 20 });
  const r = JSON.parse(stdout) as Omit<AnalyticsRouteResult, 'name'>;
  return { name, requests: r.requests, failures: r.failures, p50: r.p50, p95: r.p95, p99: r.p99 };
}

export async function runObserveBench(): Promise<ObserveBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'convection-observe-bench-'));
  try {
    const eventResults = await withApi(join(dir, 'live.db'), async (engine, api) => {
      await engine.definitions.saveWorkflows(LIVE_WORKFLOW, { projectId: NOAUTH_PROJECT });
      // Warm-up (JIT, prepared statements), not measured.
      await eventLatency(engine, api, 1, 20, 1);
      return [await eventLatency(engine, api, 1, 20, 5), await eventLatency(engine, api, 1000, 20, 5)];
    });

    let seedSeconds = 0;
    let sealSeconds = 0;
    const routes = await withApi(
      join(dir, 'analytics.db'),
      async (_engine, api) => {
        const a = `${api.url}/v2/analytics`;
        const spec = (url: string): Record<string, unknown> => ({ url, concurrency: 1, requests: 20 });
        // One unmeasured request each first: the first read of a cold page cache is not the steady state.
        for (const path of ['/workflows', '/workflows/observe_wf/tasks', '/slowest', '/errors']) await (await fetch(`${a}${path}`)).arrayBuffer();
        return [
          await load('GET /v2/analytics/workflows', spec(`${a}/workflows`)),
          await load('GET /v2/analytics/workflows/observe_wf/tasks', spec(`${a}/workflows/observe_wf/tasks`)),
          await load('GET /v2/analytics/slowest', spec(`${a}/slowest`)),
          await load('GET /v2/analytics/errors', spec(`${a}/errors`)),
        ];
      },
      async (store) => {
        const t = performance.now();
        await seedAnalytics(store.db);
        seedSeconds = (performance.now() - t) / 1000;
        // What the API's background sealer does once after an upgrade; afterwards only new hours.
        const s = performance.now();
        await sealHours(store, Date.now());
        sealSeconds = (performance.now() - s) / 1000;
      },
    );
    return { eventLatency: eventResults, analytics: { taskRows: ROOTS * TASKS.length, rootExecutions: ROOTS, seedSeconds, sealSeconds, routes } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
