/**
 * `/v2/analytics`: how workflows behave over a window of time, for the dashboard and capacity
 * planning. Workflow and task figures cover executions that *finished* in `[since, until)` (tasks
 * with their execution), scoped to the caller's project (admins: `all_projects=true`).
 *
 * Whole hours come from hourly rollups (../analytics/), the rest of the window from the raw rows,
 * so a window over a million task rows reads a few hundred rows. Counts, rates, averages and the
 * critical path are exact; percentiles are exact while a histogram holds at most 512 distinct
 * durations and otherwise an upper bound within 0.8 % (`percentiles_exact` says which).
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
import { FINAL_STATES } from '../analytics/hour-partials.js';
import type { HourFilter } from '../analytics/hour-partials.js';
import { histogramPercentile, mergeHistograms } from '../analytics/histogram.js';
import { rollupSealerOf } from '../analytics/rollup-sealer.js';
import { taskHoursIn, workflowHoursIn } from '../analytics/window-hours.js';

const DEFAULT_WINDOW_MS = 7 * 24 * 3600_000;
const BUCKETS = { hour: 3600_000, day: 24 * 3600_000 } as const;
type Bucket = keyof typeof BUCKETS;
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

const num = (v: number | string | bigint | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: number | string | bigint | null | undefined): number | null => (v === null || v === undefined ? null : Number(v));
const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    const list = out.get(k);
    if (list === undefined) out.set(k, [item]);
    else list.push(item);
  }
  return out;
}

const sum = <T>(items: readonly T[], value: (item: T) => number): number => items.reduce((acc, item) => acc + value(item), 0);

export const analyticsRoutes: FastifyPluginAsync<ResourceOptions> = async (app, { engine }) => {
  const db = engine.store.db;
  const ref = (column: string): RawBuilder<number> => sql<number>`${sql.ref(column)}`;
  const wfDuration = sql<number>`${ref('finished_at')} - coalesce(${ref('started_at')}, ${ref('created_at')})`;

  const viewerOf = (params: QueryParams, request: { auth: AuthContext }) =>
    listViewer(request.auth, { allProjects: params.get('all_projects') !== undefined && params.get('all_projects') !== '' && boolParam(params, 'all_projects', false) });
  const scope = (params: QueryParams, request: { auth: AuthContext }) => ownedBy(viewerOf(params, request));
  const filterOf = (params: QueryParams, request: { auth: AuthContext }): HourFilter => {
    const viewer = viewerOf(params, request);
    return { projectId: viewer.allProjects === true ? null : viewer.projectId };
  };
  const sealer = rollupSealerOf(engine.store, { onError: (e) => app.log.error({ err: e }, 'sealing analytics rollups failed') });
  app.addHook('onReady', () => {
    sealer.start();
    return Promise.resolve();
  });
  app.addHook('onClose', () => sealer.stop());

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
    const bucketMs = BUCKETS[bucket];
    sealer.nudge();
    const hours = (await workflowHoursIn(db, w, filterOf(params, request))).filter((h) => h.rootCount > 0);
    const byWorkflow = [...groupBy(hours, (h) => h.workflowName)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const workflows = byWorkflow.map(([name, hs]) => {
      const n = sum(hs, (h) => h.rootCount);
      const durations = mergeHistograms(hs.map((h) => h.rootDurations));
      const maxes = hs.map((h) => h.rootDurationMax).filter((m) => m !== null);
      const series = [...groupBy(hs, (h) => Math.floor(h.hourStart / bucketMs) * bucketMs)]
        .sort(([a], [b]) => a - b)
        .map(([start, bs]) => {
          const count = sum(bs, (h) => h.rootCount);
          return {
            bucket_start: wireTime(start),
            bucket_start_ms: start,
            count,
            failure_rate: ratio(sum(bs, (h) => h.rootError), count),
            avg_duration_ms: sum(bs, (h) => h.rootDurationSum) / count,
          };
        });
      return {
        workflow_name: name,
        count: n,
        success_rate: ratio(sum(hs, (h) => h.rootSuccess), n),
        error_rate: ratio(sum(hs, (h) => h.rootError), n),
        cancelled_rate: ratio(sum(hs, (h) => h.rootCancelled), n),
        avg_duration_ms: sum(hs, (h) => h.rootDurationSum) / n,
        p50_duration_ms: histogramPercentile(durations, 50),
        p95_duration_ms: histogramPercentile(durations, 95),
        max_duration_ms: maxes.length === 0 ? null : Math.max(...maxes),
        percentiles_exact: durations.exact,
        series,
      };
    });
    return { since: wireTime(w.since), until: wireTime(w.until), bucket, workflows };
  });

  app.get<{ Params: { name: string } }>('/workflows/:name/tasks', async (request) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['since', 'until', 'all_projects']);
    const w = parseWindow(params);
    sealer.nudge();
    const { tasks: hours, runs } = await taskHoursIn(db, w, { ...filterOf(params, request), workflowName: request.params.name });
    const tasks = [...groupBy(hours, (h) => h.taskName)].map(([name, hs]) => {
      const n = sum(hs, (h) => h.count);
      const runCount = sum(hs, (h) => h.runCount);
      const waitCount = sum(hs, (h) => h.waitCount);
      const critical = sum(hs, (h) => h.critical);
      const durations = mergeHistograms(hs.map((h) => h.runDurations));
      return {
        name,
        count: n,
        avg_duration_ms: runCount === 0 ? null : sum(hs, (h) => h.runSum) / runCount,
        p95_duration_ms: histogramPercentile(durations, 95),
        avg_wait_ms: waitCount === 0 ? null : sum(hs, (h) => h.waitSum) / waitCount,
        failure_rate: ratio(sum(hs, (h) => h.error), n),
        retry_count: sum(hs, (h) => h.retries),
        critical_path_count: critical,
        critical_path_share: ratio(critical, runs),
        percentiles_exact: durations.exact,
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
      executions: runs,
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
