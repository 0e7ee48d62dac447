import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { insertWorkflowExecution } from '../../store/repositories/executions.js';
import { insertTaskExecutions } from '../../store/repositories/tasks.js';
import { describeEachStore } from '../../store/testing/each-store.js';
import { T0, newTaskExecution, newWorkflowExecution } from '../../store/testing/fixtures.js';
import type { NewTaskExecution } from '../../store/schema.js';
import { ADMIN, MEMBER, OTHER, useApi } from '../testing/api-harness.js';
import { criticalPath } from '../analytics/critical-path.js';
import { rollupSealerOf } from '../analytics/rollup-sealer.js';
import { sealHours, sealedUntil } from '../analytics/rollups.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Root executions seeded with known durations (finished_at - started_at). */
interface Seed {
  readonly project: string;
  readonly workflow: string;
  readonly state: 'SUCCESS' | 'ERROR' | 'CANCELLED';
  readonly finishedAt: number;
  readonly durationMs: number;
  readonly stateInfo?: string;
  readonly sub?: boolean;
}

const SEEDS: readonly Seed[] = [
  { project: 'p1', workflow: 'alpha', state: 'SUCCESS', finishedAt: T0 + 1 * HOUR + 10, durationMs: 1000 },
  { project: 'p1', workflow: 'alpha', state: 'SUCCESS', finishedAt: T0 + 1 * HOUR + 20, durationMs: 3000 },
  { project: 'p1', workflow: 'alpha', state: 'SUCCESS', finishedAt: T0 + 2 * HOUR + 5, durationMs: 2000 },
  { project: 'p1', workflow: 'alpha', state: 'ERROR', finishedAt: T0 + 3 * HOUR, durationMs: 4000, stateInfo: 'boom' },
  { project: 'p1', workflow: 'beta', state: 'CANCELLED', finishedAt: T0 + 3 * HOUR, durationMs: 500 },
  // Outside the window, a sub-workflow, and another project: never in p1's numbers.
  { project: 'p1', workflow: 'alpha', state: 'SUCCESS', finishedAt: T0 + 2 * DAY, durationMs: 99_000 },
  { project: 'p1', workflow: 'alpha', state: 'SUCCESS', finishedAt: T0 + HOUR, durationMs: 77_000, sub: true },
  { project: 'p2', workflow: 'alpha', state: 'ERROR', finishedAt: T0 + 5 * HOUR, durationMs: 8000, stateInfo: 'boom' },
];

const WINDOW = `since=${new Date(T0).toISOString()}&until=${T0 + DAY}`;

interface TaskSeed {
  readonly key: string;
  readonly name: string;
  readonly created: number;
  readonly started: number;
  readonly finished: number;
  readonly triggers?: readonly string[];
  readonly retries?: number;
  readonly state?: 'SUCCESS' | 'ERROR';
}

/**
 * Two executions of `alpha`, a → (b, c) → d joined: in the first b is the slow branch, in the
 * second c. x fails on its own in the second.
 */
const RUN_1: readonly TaskSeed[] = [
  { key: 'a', name: 'a', created: 0, started: 100, finished: 1100 },
  { key: 'b', name: 'b', created: 1100, started: 1200, finished: 5200, triggers: ['a'], retries: 2 },
  { key: 'c', name: 'c', created: 1100, started: 1150, finished: 1650, triggers: ['a'] },
  { key: 'd', name: 'd', created: 5200, started: 5300, finished: 5400, triggers: ['b', 'c'] },
];
const RUN_2: readonly TaskSeed[] = [
  { key: 'a', name: 'a', created: 0, started: 200, finished: 1200 },
  { key: 'b', name: 'b', created: 1200, started: 1300, finished: 2300, triggers: ['a'] },
  { key: 'c', name: 'c', created: 1200, started: 1400, finished: 7400, triggers: ['a'], retries: 1 },
  { key: 'd', name: 'd', created: 7400, started: 7500, finished: 7600, triggers: ['b', 'c'] },
  { key: 'x', name: 'x', created: 0, started: 50, finished: 60, state: 'ERROR' },
];

describe('critical path and percentiles', () => {
  it('walks back through the trigger that finished last', () => {
    const t = (id: string, finishedAt: number, triggers: string[] = []) => ({ id, name: id, finishedAt, triggers });
    expect(criticalPath([t('a', 1), t('b', 5, ['a']), t('c', 3, ['a']), t('d', 6, ['b', 'c'])])).toEqual(['a', 'b', 'd']);
    expect(criticalPath([])).toEqual([]);
    // A task that finished in the same millisecond as the one it started, in either row order.
    expect(criticalPath([t('a', 7), t('b', 7, ['a'])])).toEqual(['a', 'b']);
    expect(criticalPath([t('b', 7, ['a']), t('a', 7)])).toEqual(['a', 'b']);
  });
});

describeEachStore('REST /v2/analytics', (ctx) => {
  const api = useApi(ctx);
  let runIds: string[] = [];
  // Requests nudge the background sealer; the next test's table wipe must not run under it.
  afterEach(() => rollupSealerOf(api.engine.store).idle());

  async function seedTasks(executionId: string, base: number, seeds: readonly TaskSeed[]): Promise<void> {
    const ids = new Map(seeds.map((s) => [s.key, randomUUID()]));
    const rows: NewTaskExecution[] = seeds.map((s) =>
      newTaskExecution(
        { id: executionId },
        {
          id: ids.get(s.key) ?? '',
          name: s.name,
          workflow_name: 'alpha',
          state: s.state ?? 'SUCCESS',
          state_info: s.state === 'ERROR' ? 'task boom' : null,
          created_at: base + s.created,
          started_at: base + s.started,
          finished_at: base + s.finished,
          runtime_context_json: JSON.stringify({
            retry_task_policy: { retry_no: s.retries ?? 0 },
            triggered_by: (s.triggers ?? []).map((k) => ({ task_id: ids.get(k), event: 'on-success' })),
          }),
        },
      ),
    );
    await insertTaskExecutions(api.engine.store.db, rows);
  }

  beforeEach(async () => {
    const db = api.engine.store.db;
    runIds = [];
    for (const s of SEEDS) {
      const id = randomUUID();
      await insertWorkflowExecution(
        db,
        newWorkflowExecution({
          id,
          project_id: s.project,
          workflow_name: s.workflow,
          state: s.state,
          state_info: s.stateInfo ?? null,
          created_at: s.finishedAt - s.durationMs - 50,
          started_at: s.finishedAt - s.durationMs,
          finished_at: s.finishedAt,
          task_execution_id: s.sub === true ? randomUUID() : null,
        }),
      );
      if (s.project === 'p1' && s.workflow === 'alpha' && s.sub !== true && s.finishedAt < T0 + DAY) runIds.push(id);
    }
    await seedTasks(runIds[0] ?? '', T0 + 10 * HOUR, RUN_1);
    await seedTasks(runIds[1] ?? '', T0 + 11 * HOUR, RUN_2);
  });

  interface WorkflowStats {
    workflow_name: string;
    count: number;
    success_rate: number;
    error_rate: number;
    cancelled_rate: number;
    avg_duration_ms: number;
    p50_duration_ms: number;
    p95_duration_ms: number;
    max_duration_ms: number;
    series: { bucket_start_ms: number; count: number; failure_rate: number; avg_duration_ms: number }[];
  }

  /** What the endpoint must answer, computed straight from the seeds. */
  function expected(project: string | null, workflow: string, since = T0, until = T0 + DAY) {
    const rows = SEEDS.filter((s) => (project === null || s.project === project) && s.workflow === workflow && s.sub !== true && s.finishedAt >= since && s.finishedAt < until);
    const ds = rows.map((r) => r.durationMs).sort((a, b) => a - b);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const buckets = [...new Set(rows.map((r) => Math.floor(r.finishedAt / HOUR) * HOUR))].sort((a, b) => a - b);
    return {
      workflow_name: workflow,
      count: rows.length,
      success_rate: rows.filter((r) => r.state === 'SUCCESS').length / rows.length,
      error_rate: rows.filter((r) => r.state === 'ERROR').length / rows.length,
      cancelled_rate: rows.filter((r) => r.state === 'CANCELLED').length / rows.length,
      avg_duration_ms: avg(ds),
      p50_duration_ms: ds[Math.ceil(0.5 * ds.length) - 1],
      p95_duration_ms: ds[Math.ceil(0.95 * ds.length) - 1],
      max_duration_ms: Math.max(...ds),
      percentiles_exact: true,
      series: buckets.map((b) => {
        const inB = rows.filter((r) => Math.floor(r.finishedAt / HOUR) * HOUR === b);
        return {
          bucket_start_ms: b,
          count: inB.length,
          failure_rate: inB.filter((r) => r.state === 'ERROR').length / inB.length,
          avg_duration_ms: avg(inB.map((r) => r.durationMs)),
        };
      }),
    };
  }

  async function workflows(query: string, as = MEMBER): Promise<WorkflowStats[]> {
    const res = await api.request('GET', `/v2/analytics/workflows?${query}`, { as });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { workflows: WorkflowStats[] }).workflows;
  }

  it('summarizes finished root executions per workflow, with an hourly series', async () => {
    const stats = await workflows(`${WINDOW}&bucket=hour`);
    expect(stats.map((s) => s.workflow_name)).toEqual(['alpha', 'beta']);
    expect(stats[0]).toMatchObject(expected('p1', 'alpha'));
    expect(stats[1]).toMatchObject(expected('p1', 'beta'));
    const daily = await workflows(`${WINDOW}&bucket=day`);
    expect(daily[0]?.series).toEqual([expect.objectContaining({ bucket_start_ms: T0, count: 4, failure_rate: 0.25, avg_duration_ms: 2500 })]);
  });

  it('keeps projects apart; admins see all with all_projects', async () => {
    const theirs = await workflows(`${WINDOW}&bucket=hour`, OTHER);
    expect(theirs).toHaveLength(1);
    expect(theirs[0]).toMatchObject(expected('p2', 'alpha'));
    const all = await workflows(`${WINDOW}&bucket=hour&all_projects=true`, ADMIN);
    expect(all[0]).toMatchObject(expected(null, 'alpha'));
    expect((await api.request('GET', `/v2/analytics/workflows?${WINDOW}&all_projects=true`, { as: MEMBER })).statusCode).toBe(403);
    const slowest = await api.request('GET', `/v2/analytics/slowest?${WINDOW}`, { as: OTHER });
    expect((slowest.json() as { executions: { duration_ms: number }[] }).executions.map((e) => e.duration_ms)).toEqual([8000]);
  });

  it('ranks tasks as bottlenecks, with the critical path counted per execution', async () => {
    const res = await api.request('GET', `/v2/analytics/workflows/alpha/tasks?${WINDOW}`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { executions: number; tasks: Record<string, unknown>[] };
    expect(body.executions).toBe(2);
    const all = [...RUN_1, ...RUN_2];
    const expectTask = (name: string, critical: number) => {
      const ts = all.filter((t) => t.name === name);
      const runs = ts.map((t) => t.finished - t.started).sort((a, b) => a - b);
      return {
        name,
        count: ts.length,
        avg_duration_ms: runs.reduce((a, b) => a + b, 0) / runs.length,
        p95_duration_ms: runs[Math.ceil(0.95 * runs.length) - 1],
        avg_wait_ms: ts.reduce((a, t) => a + t.started - t.created, 0) / ts.length,
        failure_rate: ts.filter((t) => t.state === 'ERROR').length / ts.length,
        retry_count: ts.reduce((a, t) => a + (t.retries ?? 0), 0),
        critical_path_count: critical,
        critical_path_share: critical / 2,
        percentiles_exact: true,
      };
    };
    // a and d are on both paths; c (slowest) then b on one each; x on none.
    expect(body.tasks).toEqual([expectTask('a', 2), expectTask('d', 2), expectTask('c', 1), expectTask('b', 1), expectTask('x', 0)]);
    const other = await api.request('GET', `/v2/analytics/workflows/alpha/tasks?${WINDOW}`, { as: OTHER });
    expect((other.json() as { tasks: unknown[] }).tasks).toEqual([]);
  });

  it('lists the slowest executions and the most frequent errors', async () => {
    const slowest = await api.request('GET', `/v2/analytics/slowest?${WINDOW}&limit=2`);
    expect(slowest.statusCode, slowest.body).toBe(200);
    const executions = (slowest.json() as { executions: { workflow_name: string; duration_ms: number; state: string }[] }).executions;
    expect(executions.map((e) => [e.workflow_name, e.duration_ms, e.state])).toEqual([
      ['alpha', 4000, 'ERROR'],
      ['alpha', 3000, 'SUCCESS'],
    ]);

    const errors = await api.request('GET', `/v2/analytics/errors?${WINDOW}`);
    expect(errors.statusCode, errors.body).toBe(200);
    expect((errors.json() as { errors: unknown[] }).errors).toEqual([
      expect.objectContaining({ kind: 'workflow', state_info: 'boom', count: 1, workflow_count: 1 }),
      expect.objectContaining({ kind: 'task', state_info: 'task boom', count: 1 }),
    ]);
    const all = await api.request('GET', `/v2/analytics/errors?${WINDOW}&all_projects=true`, { as: ADMIN });
    expect((all.json() as { errors: { count: number }[] }).errors[0]).toMatchObject({ state_info: 'boom', count: 2 });
  });

  it('answers windows that do not start on the hour, from rollups and raw rows together', async () => {
    const since = T0 + HOUR + 15;
    const until = T0 + 3 * HOUR + 1;
    const stats = await workflows(`since=${since}&until=${until}&bucket=hour`);
    expect(stats[0]).toMatchObject(expected('p1', 'alpha', since, until));
    expect(stats[1]).toMatchObject(expected('p1', 'beta', since, until));
    const inside = await workflows(`since=${T0 + HOUR + 11}&until=${T0 + HOUR + 21}&bucket=hour`);
    expect(inside[0]).toMatchObject(expected('p1', 'alpha', T0 + HOUR + 11, T0 + HOUR + 21));
  });

  it('seals finished hours into rollups and answers from them once sealed', async () => {
    const before = await api.request('GET', `/v2/analytics/workflows/alpha/tasks?${WINDOW}`);
    const stats = await workflows(`${WINDOW}&bucket=hour`);
    // The API nudges the sealer without waiting for it; waiting here makes the next answers come from rollups.
    await sealHours(api.engine.store, Date.now());
    expect(await sealedUntil(api.engine.store.db)).toBeGreaterThanOrEqual(T0 + DAY);
    // The raw rows are gone; whole sealed hours still answer the same.
    await api.engine.store.db.deleteFrom('task_executions').execute();
    await api.engine.store.db.deleteFrom('workflow_executions').execute();
    expect((await api.request('GET', `/v2/analytics/workflows/alpha/tasks?${WINDOW}`)).json()).toEqual(before.json());
    expect(await workflows(`${WINDOW}&bucket=hour`)).toEqual(stats);
    expect(await sealHours(api.engine.store, Date.now())).toBe(0);
  });

  it('counts executions that just finished, before their hour is sealed', async () => {
    const wf = `version: '2.0'\nrecent:\n  tasks:\n    first:\n      action: std.noop\n      on-success: second\n    second:\n      action: std.echo output=1\n`;
    expect((await api.request('POST', '/v2/workflows', { yaml: wf })).statusCode).toBe(201);
    const started = await api.request('POST', '/v2/executions', { json: { workflow_name: 'recent' } });
    const id = (started.json() as { id: string }).id;
    await api.engine.executions.waitForSettled(id, 10_000);
    const stats = await workflows('bucket=hour');
    expect(stats).toEqual([expect.objectContaining({ workflow_name: 'recent', count: 1, success_rate: 1, percentiles_exact: true })]);
    const tasks = (await api.request('GET', '/v2/analytics/workflows/recent/tasks')).json() as { executions: number; tasks: { name: string; count: number; critical_path_count: number }[] };
    expect(tasks.executions).toBe(1);
    expect(tasks.tasks.map((t) => [t.name, t.count, t.critical_path_count]).sort()).toEqual([
      ['first', 1, 1],
      ['second', 1, 1],
    ]);
  });

  it('seals each hour once when several processes race', async () => {
    const second = await ctx.openStore();
    const counts = await Promise.all([sealHours(api.engine.store, Date.now()), sealHours(second, Date.now()), sealHours(api.engine.store, Date.now())]);
    // Five hours hold finished executions: T0+1h, +2h, +3h, +5h and two days later.
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5);
    const rows = await api.engine.store.db.selectFrom('analytics_workflow_hours').select(['project_id', 'workflow_name', 'hour_start']).execute();
    expect(new Set(rows.map((r) => JSON.stringify(r))).size).toBe(rows.length);
  });

  it.each([
    ['/v2/analytics/workflows?since=yesterday', 'since'],
    ['/v2/analytics/workflows?until=2026-13-01', 'until'],
    ['/v2/analytics/workflows?bucket=week', 'bucket'],
    [`/v2/analytics/workflows?since=${T0 + DAY}&until=${T0}`, 'since'],
    ['/v2/analytics/slowest?limit=0', 'limit'],
    ['/v2/analytics/errors?limit=ten', 'limit'],
    ['/v2/analytics/workflows/alpha/tasks?bucket=hour', 'bucket'],
    ['/v2/analytics/workflows?all_projects=maybe', 'all_projects'],
  ])('answers 400 naming the parameter: %s', async (url, name) => {
    const res = await api.request('GET', url);
    expect(res.statusCode, res.body).toBe(400);
    expect((res.json() as { faultstring: string }).faultstring).toContain(`"${name}"`);
  });

  it('shows an execution timeline, only to its project', async () => {
    const id = runIds[0] ?? '';
    const res = await api.request('GET', `/v2/executions/${id}/timeline`);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { execution: { id: string; duration_ms: number }; tasks: Record<string, unknown>[] };
    expect(body.execution).toMatchObject({ id, duration_ms: 1000 });
    const base = T0 + 10 * HOUR;
    expect(body.tasks.map((t) => [t['name'], t['scheduled_at_ms'], t['started_at_ms'], t['finished_at_ms'], t['wait_ms'], t['duration_ms'], t['retry_count']])).toEqual(
      [...RUN_1].sort((a, b) => a.created - b.created || a.started - b.started).map((t) => [t.name, base + t.created, base + t.started, base + t.finished, t.started - t.created, t.finished - t.started, t.retries ?? 0]),
    );
    expect((await api.request('GET', `/v2/executions/${id}/timeline`, { as: OTHER })).statusCode).toBe(404);
  });
});
