/**
 * `/v2/analytics`: how workflows behave over a window of time, for the dashboard and capacity
 * planning. Everything is over executions and tasks that *finished* in `[since, until)`, scoped to
 * the caller's project (admins: `all_projects=true`).
 *
 * Counts and averages are SQL aggregates. Percentiles and the critical path need the individual
 * rows: those come from one ordered fetch bounded by {@link SAMPLE_LIMIT}, the same code on SQLite
 * and PostgreSQL; an answer built from a truncated fetch says `sampled: true`.
 */
import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import type { FastifyPluginAsync } from 'fastify';
import type { AuthContext } from '../auth/auth-context.js';
import { ApiErrors } from '../errors.js';
import { listViewer } from '../policy.js';
import { boolParam, queryParams, rejectUnknown } from '../request-input.js';
import type { QueryParams } from '../request-input.js';
import type { ResourceOptions } from '../route-options.js';
import { parseWireTime, wireTime } from '../serialize.js';
import { ownedBy } from './runtime-scope.js';

/** Rows fetched for percentiles and critical paths; past this the numbers are a sample. */
export const SAMPLE_LIMIT = 100_000;
const DEFAULT_WINDOW_MS = 7 * 24 * 3600_000;
const BUCKETS = { hour: 3600_000, day: 24 * 3600_000 } as const;
type Bucket = keyof typeof BUCKETS;
const FINAL_STATES = ['SUCCESS', 'ERROR', 'CANCELLED'] as const;
const MAX_LIMIT = 1000;

export interface Window {
  readonly since: number;
  readonly until: number;
}

/** Epoch ms (digits) or any form `parseWireTime` reads; 400 naming the parameter otherwise. */
function timeParam(params: QueryParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === undefined || raw === '') return undefined;
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : parseWireTime(raw);
  if (value === undefined || !Number.isSafeInteger(value)) {
    throw new ApiErrors.BadRequest(`Invalid value for "${name}": expected a time such as 2024-05-01T12:00:00Z or epoch milliseconds, got "${raw}"`);
  }
  return value;
}

export function parseWindow(params: QueryParams, now = Date.now()): Window {
  const until = timeParam(params, 'until') ?? now;
  const since = timeParam(params, 'since') ?? until - DEFAULT_WINDOW_MS;
  if (since >= until) throw new ApiErrors.BadRequest(`Invalid value for "since": it must be before "until"`);
  return { since, until };
}

function bucketParam(params: QueryParams): Bucket {
  const raw = params.get('bucket') ?? 'day';
  if (raw === 'hour' || raw === 'day') return raw;
  throw new ApiErrors.BadRequest(`Invalid value for "bucket": expected hour or day, got "${raw}"`);
}

function limitParam(params: QueryParams, fallback: number): number {
  const raw = params.get('limit');
  if (raw === undefined) return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= 1 && n <= MAX_LIMIT)) throw new ApiErrors.BadRequest(`Invalid value for "limit": expected an integer from 1 to ${MAX_LIMIT}, got "${raw}"`);
  return n;
}

/** Nearest-rank percentile of ascending values (what `percentile_disc` answers). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? null;
}

const num = (v: number | string | bigint | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: number | string | bigint | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

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

/** How many times a task was retried (`retry_task_policy.retry_no`). */
export function retryCountOf(runtimeContextJson: string | null): number {
  const policy = runtimeContext(runtimeContextJson)['retry_task_policy'];
  if (typeof policy !== 'object' || policy === null) return 0;
  const n: unknown = Reflect.get(policy, 'retry_no');
  return typeof n === 'number' ? n : 0;
}

/** The ids of the tasks whose completion started this one. */
export function triggersOf(runtimeContextJson: string | null): string[] {
  const list = runtimeContext(runtimeContextJson)['triggered_by'];
  if (!Array.isArray(list)) return [];
  const out: string[] = [];
  for (const t of list as unknown[]) {
    const id: unknown = typeof t === 'object' && t !== null ? Reflect.get(t, 'task_id') : undefined;
    if (typeof id === 'string') out.push(id);
  }
  return out;
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
  let current: PathTask | undefined;
  for (const t of tasks) if (current === undefined || t.finishedAt > current.finishedAt) current = t;
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

export const analyticsRoutes: FastifyPluginAsync<ResourceOptions> = async (app, { engine }) => {
  const db = engine.store.db;
  const ref = (column: string): RawBuilder<number> => sql<number>`${sql.ref(column)}`;
  const wfDuration = sql<number>`${ref('finished_at')} - coalesce(${ref('started_at')}, ${ref('created_at')})`;
  const countIf = (state: string): RawBuilder<number | string> => sql<number | string>`sum(case when ${sql.ref('state')} = ${state} then 1 else 0 end)`;

  const scope = (params: QueryParams, request: { auth: AuthContext }) =>
    ownedBy(listViewer(request.auth, { allProjects: params.get('all_projects') !== undefined && params.get('all_projects') !== '' && boolParam(params, 'all_projects', false) }));

  const rootsIn = (w: Window, params: QueryParams, request: { auth: AuthContext }) =>
    db
      .selectFrom('workflow_executions')
      .where(scope(params, request))
      .where('task_execution_id', 'is', null)
      .where('state', 'in', FINAL_STATES)
      .where('finished_at', '>=', w.since)
      .where('finished_at', '<', w.until);

  app.get('/workflows', async (request) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['since', 'until', 'bucket', 'all_projects']);
    const w = parseWindow(params);
    const bucket = bucketParam(params);
    const bucketMs = sql.lit(BUCKETS[bucket]);
    const bucketStart = sql<number>`(${ref('finished_at')} / ${bucketMs}) * ${bucketMs}`;

    const totals = await rootsIn(w, params, request)
      .select([
        'workflow_name',
        sql<number | string>`count(*)`.as('n'),
        countIf('SUCCESS').as('success'),
        countIf('ERROR').as('error'),
        countIf('CANCELLED').as('cancelled'),
        sql<number | string>`avg(${wfDuration})`.as('avg_ms'),
        sql<number | string>`max(${wfDuration})`.as('max_ms'),
      ])
      .groupBy('workflow_name')
      .orderBy('workflow_name')
      .execute();
    const durations = await rootsIn(w, params, request)
      .select(['workflow_name', wfDuration.as('ms')])
      .orderBy('workflow_name')
      .orderBy(wfDuration)
      .limit(SAMPLE_LIMIT)
      .execute();
    const series = await rootsIn(w, params, request)
      .select([
        'workflow_name',
        bucketStart.as('bucket_start'),
        sql<number | string>`count(*)`.as('n'),
        countIf('ERROR').as('error'),
        sql<number | string>`avg(${wfDuration})`.as('avg_ms'),
      ])
      .groupBy(['workflow_name', bucketStart])
      .orderBy('workflow_name')
      .orderBy(bucketStart)
      .execute();

    const sorted = new Map<string, number[]>();
    for (const r of durations) {
      const list = sorted.get(r.workflow_name) ?? [];
      list.push(Number(r.ms));
      sorted.set(r.workflow_name, list);
    }
    return {
      since: wireTime(w.since),
      until: wireTime(w.until),
      bucket,
      sampled: durations.length >= SAMPLE_LIMIT,
      workflows: totals.map((t) => {
        const n = num(t.n);
        const ds = sorted.get(t.workflow_name) ?? [];
        return {
          workflow_name: t.workflow_name,
          count: n,
          success_rate: ratio(num(t.success), n),
          error_rate: ratio(num(t.error), n),
          cancelled_rate: ratio(num(t.cancelled), n),
          avg_duration_ms: numOrNull(t.avg_ms),
          p50_duration_ms: percentile(ds, 50),
          p95_duration_ms: percentile(ds, 95),
          max_duration_ms: numOrNull(t.max_ms),
          series: series
            .filter((s) => s.workflow_name === t.workflow_name)
            .map((s) => ({
              bucket_start: wireTime(Number(s.bucket_start)),
              bucket_start_ms: Number(s.bucket_start),
              count: num(s.n),
              failure_rate: ratio(num(s.error), num(s.n)),
              avg_duration_ms: numOrNull(s.avg_ms),
            })),
        };
      }),
    };
  });

  app.get<{ Params: { name: string } }>('/workflows/:name/tasks', async (request) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['since', 'until', 'all_projects']);
    const w = parseWindow(params);
    const tasksIn = () =>
      db
        .selectFrom('task_executions')
        .where(scope(params, request))
        .where('workflow_name', '=', request.params.name)
        .where('finished_at', '>=', w.since)
        .where('finished_at', '<', w.until);
    const runMs = sql<number>`${ref('finished_at')} - ${ref('started_at')}`;
    const waitMs = sql<number>`${ref('started_at')} - ${ref('created_at')}`;

    const totals = await tasksIn()
      .select([
        'name',
        sql<number | string>`count(*)`.as('n'),
        countIf('ERROR').as('error'),
        sql<number | string | null>`avg(${runMs})`.as('avg_ms'),
        sql<number | string | null>`avg(${waitMs})`.as('avg_wait_ms'),
      ])
      .groupBy('name')
      .execute();
    const rows = await tasksIn()
      .select(['id', 'name', 'workflow_execution_id', 'started_at', 'finished_at', 'runtime_context_json'])
      .orderBy('workflow_execution_id')
      .orderBy('finished_at')
      .limit(SAMPLE_LIMIT)
      .execute();

    const durations = new Map<string, number[]>();
    const retries = new Map<string, number>();
    const byExecution = new Map<string, PathTask[]>();
    for (const r of rows) {
      if (r.started_at !== null && r.finished_at !== null) {
        const list = durations.get(r.name) ?? [];
        list.push(Number(r.finished_at) - Number(r.started_at));
        durations.set(r.name, list);
      }
      retries.set(r.name, (retries.get(r.name) ?? 0) + retryCountOf(r.runtime_context_json));
      const list = byExecution.get(r.workflow_execution_id) ?? [];
      list.push({ id: r.id, name: r.name, finishedAt: Number(r.finished_at), triggers: triggersOf(r.runtime_context_json) });
      byExecution.set(r.workflow_execution_id, list);
    }
    const onPath = new Map<string, number>();
    for (const tasks of byExecution.values()) {
      for (const name of new Set(criticalPath(tasks))) onPath.set(name, (onPath.get(name) ?? 0) + 1);
    }
    const executions = byExecution.size;
    const tasks = totals.map((t) => {
      const ds = (durations.get(t.name) ?? []).sort((a, b) => a - b);
      const n = num(t.n);
      const critical = onPath.get(t.name) ?? 0;
      return {
        name: t.name,
        count: n,
        avg_duration_ms: numOrNull(t.avg_ms),
        p95_duration_ms: percentile(ds, 95),
        avg_wait_ms: numOrNull(t.avg_wait_ms),
        failure_rate: ratio(num(t.error), n),
        retry_count: retries.get(t.name) ?? 0,
        critical_path_count: critical,
        critical_path_share: ratio(critical, executions),
      };
    });
    // Bottlenecks first: on the critical path most often, then slowest.
    tasks.sort(
      (a, b) =>
        b.critical_path_count - a.critical_path_count ||
        (b.avg_duration_ms ?? 0) - (a.avg_duration_ms ?? 0) ||
        a.name.localeCompare(b.name),
    );
    return {
      workflow_name: request.params.name,
      since: wireTime(w.since),
      until: wireTime(w.until),
      executions,
      sampled: rows.length >= SAMPLE_LIMIT,
      tasks,
    };
  });

  app.get('/slowest', async (request) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['since', 'until', 'limit', 'all_projects']);
    const w = parseWindow(params);
    const limit = limitParam(params, 10);
    const rows = await rootsIn(w, params, request)
      .select(['id', 'workflow_name', 'state', 'project_id', 'created_at', 'started_at', 'finished_at', wfDuration.as('ms')])
      .orderBy(wfDuration, 'desc')
      .orderBy('id')
      .limit(limit)
      .execute();
    return {
      since: wireTime(w.since),
      until: wireTime(w.until),
      executions: rows.map((r) => ({
        id: r.id,
        workflow_name: r.workflow_name,
        state: r.state,
        project_id: r.project_id,
        created_at: wireTime(Number(r.created_at)),
        started_at: wireTime(numOrNull(r.started_at)),
        finished_at: wireTime(numOrNull(r.finished_at)),
        duration_ms: Number(r.ms),
      })),
    };
  });

  app.get('/errors', async (request) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['since', 'until', 'limit', 'all_projects']);
    const w = parseWindow(params);
    const limit = limitParam(params, 10);
    const group = <T extends 'workflow_executions' | 'task_executions'>(table: T) =>
      db
        .selectFrom(table as 'workflow_executions')
        .where(scope(params, request))
        .where('state', '=', 'ERROR')
        .where('finished_at', '>=', w.since)
        .where('finished_at', '<', w.until)
        .select([
          'state_info',
          sql<number | string>`count(*)`.as('n'),
          sql<number | string>`count(distinct ${sql.ref('workflow_name')})`.as('workflows'),
          sql<number | string>`max(${sql.ref('finished_at')})`.as('last_ms'),
        ])
        .groupBy('state_info')
        .orderBy(sql`count(*)`, 'desc')
        .limit(limit)
        .execute();
    const [executions, tasks] = await Promise.all([group('workflow_executions'), group('task_executions')]);
    const errors = [
      ...executions.map((r) => ({ kind: 'workflow' as const, ...r })),
      ...tasks.map((r) => ({ kind: 'task' as const, ...r })),
    ]
      .map((r) => ({
        kind: r.kind,
        state_info: r.state_info,
        count: num(r.n),
        workflow_count: num(r.workflows),
        last_seen: wireTime(num(r.last_ms)),
      }))
      .sort((a, b) => b.count - a.count || (a.kind < b.kind ? 1 : a.kind > b.kind ? -1 : 0) || (a.state_info ?? '').localeCompare(b.state_info ?? ''))
      .slice(0, limit);
    return { since: wireTime(w.since), until: wireTime(w.until), errors };
  });
};
