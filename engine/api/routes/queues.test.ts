import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createEngine } from '../../index.js';
import type { ConvectionEngine } from '../../index.js';
import { describeEachStore } from '../../store/testing/each-store.js';
import { buildApp } from '../app.js';
import { ADMIN, MEMBER, OTHER, READER, headerAuth, type Caller } from '../testing/api-harness.js';
import { MEDIA_WORKBOOK } from '../testing/media-workbook.js';

interface Leased {
  readonly id: string;
  readonly name: string;
  readonly input: Record<string, unknown>;
  readonly lease_id: string;
  readonly attempt: number;
  readonly project_id: string;
}

describeEachStore('REST /v2/queues', (ctx) => {
  // The queues' own clock, moved by the tests: leases expire and buckets refill only when told.
  let now = Date.UTC(2026, 10, 1);
  let engine: ConvectionEngine;
  let app: FastifyInstance;

  beforeAll(async () => {
    engine = await createEngine(await ctx.openStore(), { pollMs: 50, queues: { clock: () => now, sweepMs: 3_600_000, recheckMs: 20 } });
    app = await buildApp({ authMode: 'keystone', auth: headerAuth, engine });
  });
  beforeEach(async () => {
    now = Date.UTC(2026, 10, 1);
    await engine.store.db.deleteFrom('task_queues').execute();
    await engine.definitions.loadCatalog();
  });
  afterAll(async () => {
    await app.close();
    await engine.close();
  });

  function request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, options: { as?: Caller; json?: unknown; yaml?: string; headers?: Record<string, string> } = {}): Promise<LightMyRequestResponse> {
    const as = options.as ?? MEMBER;
    const headers: Record<string, string> = { 'x-test-project': as.project, 'x-test-roles': as.roles.join(','), ...options.headers };
    let payload: string | undefined;
    if (options.yaml !== undefined) {
      headers['content-type'] = 'text/plain';
      payload = options.yaml;
    } else if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(options.json);
    }
    return app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  }

  async function setup(as: Caller = MEMBER): Promise<void> {
    const res = await request('POST', '/v2/workbooks', { yaml: MEDIA_WORKBOOK, as });
    expect(res.statusCode, res.body).toBe(201);
  }

  async function start(workflow: string, input: Record<string, unknown>, as: Caller = MEMBER): Promise<string> {
    const res = await request('POST', '/v2/executions', { json: { workflow_name: workflow, input }, as });
    expect(res.statusCode, res.body).toBe(201);
    await engine.engine.whenIdle();
    return (res.json() as { id: string }).id;
  }

  async function poll(body: Record<string, unknown>, as: Caller = MEMBER, query = ''): Promise<Leased[]> {
    const res = await request('POST', `/v2/queues/video/poll${query}`, { json: { wait_seconds: 0, ...body }, as });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { action_executions: Leased[] }).action_executions;
  }

  function complete(id: string, leaseId: string | null, output: unknown, as: Caller = MEMBER): Promise<LightMyRequestResponse> {
    return request('PUT', `/v2/action_executions/${id}`, {
      json: { state: 'SUCCESS', output: JSON.stringify(output) },
      as,
      headers: leaseId === null ? {} : { 'x-convection-lease-id': leaseId },
    });
  }

  async function row(id: string) {
    return engine.store.db.selectFrom('action_executions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  it('leases a queued action to one worker, which completes it with its lease; the lease then is spent', async () => {
    await setup();
    const ex = await start('media.one', { file: 'a.mp4' });
    const stats = (await request('GET', '/v2/queues')).json() as { queues: unknown[] };
    expect(stats.queues).toEqual([{ name: 'video', project_id: 'p1', depth: 1, leased: 0, max_concurrency: null, rate_limit: null, burst: null }]);

    const [item, ...rest] = await poll({ batch_size: 5, lease_seconds: 10, worker: 'w1' });
    expect(rest).toEqual([]);
    expect(item).toMatchObject({ name: 'encode', input: { file: 'a.mp4' }, attempt: 1, project_id: 'p1', queue: 'video', lease_seconds: 10 });
    expect(item?.lease_id).toMatch(/\S/);
    expect((await row(item?.id ?? '')).lease_owner).toBe('w1');
    expect(await poll({})).toEqual([]);
    expect(((await request('GET', '/v2/queues/video')).json() as { depth: number; leased: number })).toMatchObject({ depth: 0, leased: 1 });

    const done = await complete(item?.id ?? '', item?.lease_id ?? '', { encoded: 'a.webm' });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ state: 'SUCCESS', output: '{"result": {"encoded": "a.webm"}}' });
    const settled = await engine.executions.waitForSettled(ex, 10_000);
    expect(settled.state).toBe('SUCCESS');
    expect(settled.output).toEqual(new Map([['result', new Map([['encoded', 'a.webm']])]]));

    const again = await complete(item?.id ?? '', item?.lease_id ?? '', { encoded: 'twice' });
    expect(again.statusCode, again.body).toBe(409);
    expect((await row(item?.id ?? '')).output_json).toBe('{"encoded": "a.webm"}');
  });

  it('refuses a completion without the lease or with another one, changing nothing', async () => {
    await setup();
    await start('media.one', { file: 'b.mp4' });
    const [item] = await poll({});
    const id = item?.id ?? '';
    const before = await row(id);
    const missing = await complete(id, null, 1);
    expect(missing.statusCode).toBe(409);
    expect(missing.json()).toMatchObject({ faultstring: expect.stringContaining('X-Convection-Lease-Id') });
    const wrong = await complete(id, 'not-the-lease', 1);
    expect(wrong.statusCode).toBe(409);
    expect(await row(id)).toEqual(before);
  });

  it('gives each item to exactly one of many concurrent pollers', async () => {
    await setup();
    await start('media.many', { files: Array.from({ length: 12 }, (_, i) => `f${i}`) });
    const polls = await Promise.all(Array.from({ length: 8 }, (_, i) => poll({ batch_size: 3, worker: `w${i}` })));
    const ids = polls.flat().map((i) => i.id);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });

  it('fails an attempt whose lease expires: the retry policy runs it again, and the late completion is refused', async () => {
    await setup();
    const ex = await start('media.one', { file: 'c.mp4' });
    const [first] = await poll({ lease_seconds: 30, worker: 'doomed' });
    now += 30_000;
    expect(await engine.queues.sweep()).toBe(1);
    await engine.engine.whenIdle();
    const failed = await row(first?.id ?? '');
    expect(failed.state).toBe('ERROR');
    expect(failed.output_json).toContain('expired without a heartbeat from worker doomed');

    const late = await complete(first?.id ?? '', first?.lease_id ?? '', 'late');
    expect(late.statusCode).toBe(409);
    expect(await row(first?.id ?? '')).toEqual(failed);

    const [second] = await poll({ worker: 'healthy' });
    expect(second?.id).not.toBe(first?.id);
    expect(second?.attempt).toBe(2);
    expect((await complete(second?.id ?? '', second?.lease_id ?? '', 'ok')).statusCode).toBe(200);
    expect((await engine.executions.waitForSettled(ex, 10_000)).state).toBe('SUCCESS');
    const runs = await engine.store.db.selectFrom('action_executions').select(['state']).where('workflow_execution_id', '=', ex).orderBy('attempt').execute();
    expect(runs.map((r) => r.state)).toEqual(['ERROR', 'SUCCESS']);
  });

  it('keeps a lease alive with heartbeats, records progress, and reports cancellation', async () => {
    await setup();
    const ex = await start('media.one', { file: 'd.mp4' });
    const [item] = await poll({ lease_seconds: 10 });
    const beat = (progress: unknown) =>
      request('POST', '/v2/queues/video/heartbeat', { json: { action_execution_id: item?.id, lease_id: item?.lease_id, lease_seconds: 10, progress } });
    for (let i = 1; i <= 3; i++) {
      now += 8_000;
      const res = await beat({ percent: i * 25 });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({ cancelled: false, lease_expires_at: new Date(now + 10_000).toISOString() });
      expect(await engine.queues.sweep()).toBe(0);
    }
    expect((await row(item?.id ?? '')).progress_json).toBe('{"percent": 75}');

    const cancel = await request('PUT', `/v2/executions/${ex}`, { json: { state: 'CANCELLED' } });
    expect(cancel.statusCode, cancel.body).toBe(200);
    await engine.engine.whenIdle();
    expect((await beat(null)).json()).toMatchObject({ cancelled: true });

    now += 11_000;
    const lost = await beat(null);
    expect(lost.statusCode).toBe(409);
  });

  it('takes a released lease back at once, without counting an attempt', async () => {
    await setup();
    await start('media.one', { file: 'r.mp4' });
    const [item] = await poll({});
    const release = (leaseId: string | undefined) => request('POST', '/v2/queues/video/release', { json: { action_execution_id: item?.id, lease_id: leaseId } });
    expect((await release(item?.lease_id)).statusCode).toBe(204);
    expect((await release(item?.lease_id)).statusCode).toBe(409);
    expect((await complete(item?.id ?? '', item?.lease_id ?? '', 1)).statusCode).toBe(409);
    const [again] = await poll({});
    expect(again).toMatchObject({ id: item?.id, attempt: 1 });
    expect(again?.lease_id).not.toBe(item?.lease_id);
  });

  it('queues a direct run of a queued action too, completed in place or failed when its lease expires', async () => {
    await setup();
    const run = async (file: string): Promise<string> => {
      const res = await request('POST', '/v2/action_executions', { json: { name: 'media.encode', input: { file } } });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ state: 'RUNNING' });
      await engine.engine.whenIdle();
      return (res.json() as { id: string }).id;
    };
    const direct = await run('x.mp4');
    const [item] = await poll({ lease_seconds: 5 });
    expect(item).toMatchObject({ id: direct, name: 'media.encode', input: { file: 'x.mp4' }, workflow_execution_id: null });
    const done = await complete(direct, item?.lease_id ?? '', 'encoded');
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ state: 'SUCCESS', output: '{"result": "encoded"}' });

    const abandoned = await run('y.mp4');
    await poll({ lease_seconds: 5, worker: 'gone' });
    now += 5_000;
    expect(await engine.queues.sweep()).toBe(1);
    expect(await row(abandoned)).toMatchObject({ state: 'ERROR', state_info: expect.stringContaining('expired without a heartbeat from worker gone') });
  });

  it('holds a concurrency limit and a rate limit when leasing', async () => {
    await setup();
    const limits = await request('PUT', '/v2/queues/video', { json: { max_concurrency: 2 } });
    expect(limits.statusCode, limits.body).toBe(200);
    expect(limits.json()).toMatchObject({ max_concurrency: 2, rate_limit: null });
    await start('media.many', { files: ['a', 'b', 'c', 'd', 'e'] });
    const firstTwo = await poll({ batch_size: 10 });
    expect(firstTwo).toHaveLength(2);
    expect(await poll({ batch_size: 10 })).toEqual([]);
    expect((await complete(firstTwo[0]?.id ?? '', firstTwo[0]?.lease_id ?? '', 1)).statusCode).toBe(200);
    expect(await poll({ batch_size: 10 })).toHaveLength(1);

    expect((await request('PUT', '/v2/queues/video', { json: { rate_limit: 1, burst: 2 } })).statusCode).toBe(200);
    expect(await poll({ batch_size: 10 })).toHaveLength(2);
    expect(await poll({ batch_size: 10 })).toEqual([]);
    now += 1_000;
    expect(await poll({ batch_size: 10 })).toEqual([]);
    expect((await request('DELETE', '/v2/queues/video')).statusCode).toBe(204);
    expect((await request('DELETE', '/v2/queues/video')).statusCode).toBe(404);
  });

  it('refills the rate-limit bucket with time, up to its burst', async () => {
    await setup();
    expect((await request('PUT', '/v2/queues/video', { json: { rate_limit: 2, burst: 3 } })).statusCode).toBe(200);
    await start('media.many', { files: Array.from({ length: 10 }, (_, i) => `f${i}`) });
    expect(await poll({ batch_size: 10 })).toHaveLength(3);
    expect(await poll({ batch_size: 10 })).toEqual([]);
    now += 1_000;
    expect(await poll({ batch_size: 10 })).toHaveLength(2);
    now += 60_000;
    expect(await poll({ batch_size: 10 })).toHaveLength(3);
  });

  it('wakes a waiting poll as soon as work is queued', async () => {
    await setup();
    const waiting = request('POST', '/v2/queues/video/poll', { json: { wait_seconds: 30 } });
    await start('media.one', { file: 'e.mp4' });
    const res = await waiting;
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { action_executions: Leased[] }).action_executions).toHaveLength(1);
  });

  it('scopes queues to the project: others see nothing, admins may serve every project', async () => {
    await setup();
    await start('media.one', { file: 'p1.mp4' });
    expect(await poll({}, OTHER)).toEqual([]);
    expect(((await request('GET', '/v2/queues', { as: OTHER })).json() as { queues: unknown[] }).queues).toEqual([]);
    expect((await request('POST', '/v2/queues/video/poll?all_projects=true', { json: {}, as: MEMBER })).statusCode).toBe(403);
    expect((await request('POST', '/v2/queues/video/poll', { json: {}, as: READER })).statusCode).toBe(403);
    expect((await request('PUT', '/v2/queues/video', { json: { max_concurrency: 1 }, as: READER })).statusCode).toBe(403);

    const adminView = (await request('GET', '/v2/queues?all_projects=true', { as: { ...ADMIN, project: 'p9' } })).json() as { queues: unknown[] };
    expect(adminView.queues).toEqual([expect.objectContaining({ project_id: 'p1', depth: 1 })]);
    const [item] = await poll({}, { ...ADMIN, project: 'p9' }, '?all_projects=true');
    expect(item?.project_id).toBe('p1');
    const beat = await request('POST', '/v2/queues/video/heartbeat', { json: { action_execution_id: item?.id, lease_id: item?.lease_id }, as: OTHER });
    expect(beat.statusCode).toBe(404);
    expect((await complete(item?.id ?? '', item?.lease_id ?? '', 1, OTHER)).statusCode).toBe(404);
    expect((await complete(item?.id ?? '', item?.lease_id ?? '', 1, { ...ADMIN, project: 'p9' })).statusCode).toBe(200);
  });

  it('rejects bad queue names and bad poll, heartbeat and limit bodies', async () => {
    const bad = async (url: string, json: unknown, message: string): Promise<void> => {
      const res = await request(url.endsWith('/video') ? 'PUT' : 'POST', url, { json });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.body).toContain(message);
    };
    await bad('/v2/queues/bad%20name/poll', {}, 'Invalid queue name');
    await bad('/v2/queues/video/poll', { batch_size: 0 }, 'batch_size');
    await bad('/v2/queues/video/poll', { wait_seconds: 61 }, 'wait_seconds');
    await bad('/v2/queues/video/poll', { nope: 1 }, 'nope');
    await bad('/v2/queues/video/heartbeat', { lease_id: 'x' }, 'action_execution_id');
    await bad('/v2/queues/video', { max_concurrency: 0 }, 'max_concurrency');
    await bad('/v2/queues/video', { rate_limit: -1 }, 'rate_limit');
    expect(await engine.store.db.selectFrom('task_queues').selectAll().execute()).toEqual([]);
  });
});
