/**
 * Every catalog flow is a valid Mistral document with its metadata, names only actions the engine
 * has, stores in a real engine; the flows that need no cloud run to their final state on the real
 * engine (SQLite and PostgreSQL).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type ConvectionEngine } from '../engine/index.js';
import { parseWorkflows } from '../engine/language/parse-document.js';
import { fromJs, toJs } from '../engine/language/values/value.js';
import { describeEachStore } from '../engine/store/testing/each-store.js';
import { CatalogError, catalogEntry, loadCatalog, OPENSTACK_TAG } from './catalog.js';
import { loadRepository } from './load-repository.js';

const CATALOG = loadCatalog();
const EXAMPLES = ['approval_by_event', 'batch_transcode', 'fan_out_fan_in', 'retry_with_backoff'];
const CLOUD = ['boot_server_into_pool', 'cleanup_orphans', 'rolling_restart', 'rotate_app_credential', 'scale_heat_stack', 'snapshot_volumes'];

describe('the catalog', () => {
  it('has the documented flows, each with description, tags, inputs and a Tested: note', () => {
    expect(CATALOG.map((e) => e.name)).toEqual([...EXAMPLES, ...CLOUD].sort());
    for (const entry of CATALOG) {
      expect(entry.description.length, entry.name).toBeGreaterThan(20);
      expect(entry.tags.length, entry.name).toBeGreaterThan(1);
      // Exactly one of: runs anywhere (`example`), or needs OpenStack.
      expect(entry.tags.includes('example') !== entry.tags.includes(OPENSTACK_TAG), entry.name).toBe(true);
      expect(entry.needsCloud, entry.name).toBe(CLOUD.includes(entry.name));
      expect(entry.documentation, entry.name).toMatch(/\nTested: /);
      expect(entry.workflows[0]).toBe(entry.name);
    }
  });

  it('lists inputs in order, with defaults as JSON data', () => {
    const boot = CATALOG.find((e) => e.name === 'boot_server_into_pool');
    expect(boot?.inputs.slice(0, 2)).toEqual([
      { name: 'name', required: true },
      { name: 'flavor_ref', required: true },
    ]);
    expect(boot?.inputs.find((i) => i.name === 'protocol_port')).toEqual({ name: 'protocol_port', required: false, default: 80 });
  });

  it('refuses a catalog file that is invalid, lacks its entry workflow or a description', () => {
    expect(() => catalogEntry('x', "version: '2.0'\nx:\n  tasks:\n    t:\n      action: std.noop on-success=\n")).toThrow(CatalogError);
    expect(() => catalogEntry('x', "version: '2.0'\ny:\n  description: a flow\n  tasks:\n    t:\n      action: std.noop\n")).toThrow('defines no workflow named x');
    expect(() => catalogEntry('x', "version: '2.0'\nx:\n  tasks:\n    t:\n      action: std.noop\n")).toThrow('has no description');
  });
});

describeEachStore('catalog flows on the real engine', (ctx) => {
  let engine: ConvectionEngine;
  let flaky: Server;
  let flakyUrl = '';
  const hits = new Map<string, number>();

  beforeAll(async () => {
    // Loopback targets are refused by default; the test's HTTP server lives there.
    engine = await createEngine(await ctx.openStore(), { pollMs: 20, actions: { http: { allowedPrivateTargets: ['127.0.0.1'] } } });
    flaky = createServer((req, res) => {
      const path = req.url ?? '/';
      const n = (hits.get(path) ?? 0) + 1;
      hits.set(path, n);
      const failures = path === '/always-fails' ? Infinity : 2;
      res.writeHead(n <= failures ? 503 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(n <= failures ? { error: `attempt ${n} refused` } : { ok: true, attempt: n }));
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    flakyUrl = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}`;
  });
  beforeEach(async () => {
    hits.clear();
    await engine.definitions.loadCatalog();
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => flaky.close(() => resolve()));
    await engine.close();
  });

  it('stores every flow, and every action a flow names exists in the engine', async () => {
    for (const entry of CATALOG) {
      const specs = await engine.definitions.saveWorkflows(entry.definition, { projectId: 'catalog', namespace: 'ci' });
      expect(specs.map((s) => s.name)).toEqual(entry.workflows);
      const parsed = parseWorkflows(entry.definition);
      if (!parsed.ok) throw new Error(entry.name);
      for (const wf of parsed.value) {
        for (const task of wf.tasks.values()) {
          if (task.targetIsExpression) continue;
          if (task.type === 'workflow') expect(entry.workflows, `${entry.name}.${task.name}`).toContain(task.target);
          else expect(engine.registry.has(task.target), `${entry.name}.${task.name}: ${task.target}`).toBe(true);
        }
      }
    }
  });

  it('npm start loads the demo workflows and the plain examples, not the OpenStack flows', async () => {
    const names = await loadRepository(engine, 'start');
    expect(names).toEqual(['hello', ...EXAMPLES]);
    // Loading again (every start) updates in place.
    expect(await loadRepository(engine, 'start')).toEqual(names);
  });

  async function run(name: string, input: Record<string, unknown>): Promise<{ id: string; state: string; stateInfo: string | null; output: unknown }> {
    const entry = CATALOG.find((e) => e.name === name);
    if (entry === undefined) throw new Error(`no catalog flow ${name}`);
    await engine.definitions.saveWorkflows(entry.definition, { projectId: 'catalog' }, true);
    const started = await engine.executions.start({ workflow: name, projectId: 'catalog', input: fromJs(input) as Map<string, never> });
    const done = await engine.executions.waitForSettled(started.id);
    return { id: done.id, state: done.state, stateInfo: done.stateInfo, output: toJs(done.output) };
  }

  it('fan_out_fan_in: squares in parallel, statistics on a branch, joined', async () => {
    const r = await run('fan_out_fan_in', { numbers: [1, 2, 3, 4] });
    expect(r.state).toBe('SUCCESS');
    expect(r.output).toEqual({ squares: [1, 4, 9, 16], total: 30, count: 4, largest: 4 });
  });

  it('retry_with_backoff: succeeds on the third attempt', async () => {
    const r = await run('retry_with_backoff', { url: `${flakyUrl}/flaky`, initial_delay: 1, max_attempts: 4 });
    expect(r.state).toBe('SUCCESS');
    expect(r.output).toEqual({ response: { ok: true, attempt: 3 }, attempts: 3 });
    expect(hits.get('/flaky')).toBe(3);
  });

  it('retry_with_backoff: gives up after max_attempts with the last error', async () => {
    const r = await run('retry_with_backoff', { url: `${flakyUrl}/always-fails`, initial_delay: 1, max_attempts: 2 });
    expect(r.state).toBe('ERROR');
    expect(hits.get('/always-fails')).toBe(2);
    expect(JSON.stringify(r.output)).toContain('attempt 2 refused');
  });

  it('batch_transcode: every file goes to the queue once and the results come back in file order', async () => {
    const files = ['a.mov', 'b.mov', 'c.mov'];
    const entry = CATALOG.find((e) => e.name === 'batch_transcode');
    if (entry === undefined) throw new Error('no batch_transcode');
    await engine.definitions.saveWorkflows(entry.definition, { projectId: 'catalog' }, true);
    const started = await engine.executions.start({ workflow: 'batch_transcode', projectId: 'catalog', input: fromJs({ files, preset: 'slow' }) as Map<string, never> });
    const seen: unknown[] = [];
    while (seen.length < files.length) {
      const items = await engine.queues.poll({ queue: 'transcode', projectId: 'catalog', batchSize: 10, waitMs: 5000, leaseMs: 30_000, worker: 'test-worker' });
      for (const item of items) {
        const input = JSON.parse(item.input_json ?? '{}') as { input: { file: string; preset: string; output_format: string } };
        seen.push(input.input);
        const lease = item.lease_id;
        if (lease === null) throw new Error('a polled item without a lease');
        await engine.queues.complete(item, lease, { state: 'SUCCESS', output: fromJs({ file: input.input.file.replace('.mov', '.mp4') }) });
      }
    }
    const done = await engine.executions.waitForSettled(started.id);
    expect(done.state).toBe('SUCCESS');
    expect(toJs(done.output)).toEqual({ results: [{ file: 'a.mp4' }, { file: 'b.mp4' }, { file: 'c.mp4' }] });
    expect(seen).toHaveLength(3);
    expect(new Set(seen.map((s) => JSON.stringify(s)))).toEqual(new Set(files.map((file) => JSON.stringify({ file, preset: 'slow', output_format: 'mp4' }))));
  });

  it('approval_by_event: resumes on the matching approval.decision event', async () => {
    const entry = CATALOG.find((e) => e.name === 'approval_by_event');
    if (entry === undefined) throw new Error('no approval_by_event');
    await engine.definitions.saveWorkflows(entry.definition, { projectId: 'catalog' }, true);
    const started = await engine.executions.start({ workflow: 'approval_by_event', projectId: 'catalog', input: fromJs({ request: 'deploy v2' }) as Map<string, never> });
    // Another execution's decision must not release this one.
    await engine.events.publish({ projectId: 'catalog', type: 'approval.decision', payload: fromJs({ approved: false, by: 'mallory' }), correlationKey: 'someone-else' });
    await engine.events.publish({ projectId: 'catalog', type: 'approval.decision', payload: fromJs({ approved: true, by: 'alice' }), correlationKey: started.id });
    const done = await engine.executions.waitForSettled(started.id);
    expect(done.state).toBe('SUCCESS');
    expect(toJs(done.output)).toEqual({ approved: true, decided_by: 'alice' });
    const tasks = await engine.executions.tasks(started.id);
    expect(tasks.map((t) => t.name).sort()).toEqual(['announce', 'approved', 'wait_for_decision']);
  });

  it('approval_by_event: ends rejected when no decision comes in time', async () => {
    const r = await run('approval_by_event', { request: 'deploy v3', timeout: 1 });
    expect(r.state).toBe('SUCCESS');
    expect(r.output).toEqual({ approved: false, decided_by: null });
  });
});
