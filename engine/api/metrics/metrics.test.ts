import { afterEach, expect, it, vi } from 'vitest';
import { describeEachStore } from '../../store/testing/each-store.js';
import { buildApp } from '../app.js';
import { ADMIN, MEMBER, useApi } from '../testing/api-harness.js';

const WORKFLOWS = `version: '2.0'
ok:
  tasks:
    t:
      action: std.noop
bad:
  tasks:
    t:
      action: std.fail
flaky:
  tasks:
    t:
      action: std.fail
      retry:
        count: 2
        delay: 0
`;

/** The value of one series in Prometheus text, 0 when absent (a counter never incremented). */
function value(text: string, series: string): number {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return 0;
}

describeEachStore('GET /metrics', (ctx) => {
  const api = useApi(ctx);

  afterEach(() => {
    vi.unstubAllEnvs();
  });

  async function run(workflow: string): Promise<void> {
    const res = await api.request('POST', '/v2/executions', { json: { workflow_name: workflow } });
    expect(res.statusCode, res.body).toBe(201);
    await api.engine.executions.waitForSettled((res.json() as { id: string }).id, 10_000);
  }

  async function scrape(): Promise<string> {
    const res = await api.request('GET', '/metrics', { as: ADMIN });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    return res.body;
  }

  it('counts finished executions, tasks and retries, and times them', async () => {
    expect((await api.request('POST', '/v2/workflows', { yaml: WORKFLOWS })).statusCode).toBe(201);
    const before = await scrape();
    await run('ok');
    await run('ok');
    await run('bad');
    await run('flaky');
    const delta = async (series: string): Promise<number> => value(await scrape(), series) - value(before, series);

    await vi.waitFor(async () => expect(await delta('convection_workflow_executions_finished_total{workflow="flaky",state="ERROR"}')).toBe(1));
    expect(await delta('convection_workflow_executions_finished_total{workflow="ok",state="SUCCESS"}')).toBe(2);
    expect(await delta('convection_workflow_executions_finished_total{workflow="bad",state="ERROR"}')).toBe(1);
    expect(await delta('convection_task_executions_finished_total{workflow="ok",state="SUCCESS"}')).toBe(2);
    expect(await delta('convection_task_executions_finished_total{workflow="bad",state="ERROR"}')).toBe(1);
    expect(await delta('convection_task_retries_total{workflow="flaky"}')).toBe(2);
    expect(await delta('convection_task_retries_total{workflow="ok"}')).toBe(0);
    expect(await delta('convection_workflow_execution_duration_seconds_count{workflow="ok",state="SUCCESS"}')).toBe(2);
    expect(await delta('convection_task_execution_duration_seconds_count{workflow="flaky",state="ERROR"}')).toBe(1);
    // flaky ran its action three times, ok twice: every run is timed.
    expect(await delta('convection_action_execution_duration_seconds_count{action="std.fail",state="ERROR"}')).toBe(4);
    expect(await delta('convection_action_execution_duration_seconds_count{action="std.noop",state="SUCCESS"}')).toBe(2);

    const text = await scrape();
    expect(text).toMatch(/^convection_jobs_queued \d+$/m);
    expect(text).toMatch(/^convection_timer_lag_seconds [\d.e+-]+$/m);
    expect(value(text, 'convection_store_query_duration_seconds_count{query="jobs"}')).toBeGreaterThan(0);
    expect(text).toContain('convection_nodejs_eventloop_lag_seconds');
  });

  it('answers only admins in keystone mode', async () => {
    expect((await api.request('GET', '/metrics', { as: MEMBER })).statusCode).toBe(403);
    expect((await api.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await api.request('GET', '/metrics', { as: ADMIN })).statusCode).toBe(200);
  });

  it('is open to everyone with CONVECTION_METRICS_OPEN=1', async () => {
    vi.stubEnv('CONVECTION_METRICS_OPEN', '1');
    expect((await api.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(200);
    expect((await api.request('GET', '/metrics', { as: MEMBER })).statusCode).toBe(200);
  });

  it('is open in noauth mode, with a registry of its own per app', async () => {
    const app = await buildApp({ engine: api.engine, authMode: 'noauth' });
    try {
      const res = await app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('convection_workflow_executions_finished_total');
    } finally {
      await app.close();
    }
  });
});
