/**
 * Event processing with several engine processes on one database: every event fires each trigger
 * once and wakes each waiting task once, and an event claimed by a process that died is taken over
 * without starting its workflow a second time.
 */
import { beforeEach, expect, it } from 'vitest';
import { createEngine, type ConvectionEngine } from '../../index.js';
import { insertEventTrigger } from '../../store/repositories/event-triggers.js';
import { describeEachStore } from '../../store/testing/each-store.js';
import { newId } from '../ids.js';
import { firingExecutionId } from './derived-id.js';
import { clearEventTables, processed, until } from './test-support.js';

const WORKFLOWS = `
version: '2.0'
on_event:
  input: [n]
  tasks:
    t:
      action: std.echo output=<% $.n %>
approval:
  input: [key]
  tasks:
    wait:
      action: std.wait_for_event
      input:
        type: approved
        correlation: <% $.key %>
        timeout: 120
`;

describeEachStore('event processing on engine replicas', (ctx) => {
  beforeEach(() => clearEventTables(ctx.store));

  async function replicas(): Promise<[ConvectionEngine, ConvectionEngine]> {
    const options = { pollMs: 30, leaseMs: 5_000, events: { pollMs: 20, leaseMs: 5_000 } };
    const a = await createEngine(await ctx.openStore(), options);
    const b = await createEngine(await ctx.openStore(), options);
    await a.definitions.saveWorkflows(WORKFLOWS, { projectId: 'p' });
    await b.definitions.loadCatalog();
    return [a, b];
  }

  async function addTrigger(engine: ConvectionEngine): Promise<string> {
    const workflow = await engine.store.db.selectFrom('workflow_definitions').select('id').where('name', '=', 'on_event').executeTakeFirstOrThrow();
    const id = newId();
    await insertEventTrigger(engine.store.db, {
      id,
      name: 'each',
      project_id: 'p',
      scope: 'private',
      exchange: 'convection',
      topic: 'events',
      event: 'tick',
      workflow_id: workflow.id,
      workflow_input_json: '{"n": "<% $.payload.n %>"}',
      workflow_params_json: '{}',
      security_context_json: null,
      created_at: Date.now(),
      updated_at: Date.now(),
    });
    return id;
  }

  it('fires each trigger and wakes each wait exactly once across two engines', async () => {
    const [a, b] = await replicas();
    try {
      const triggerId = await addTrigger(a);
      const waiting = await Promise.all(Array.from({ length: 6 }, (_, n) => (n % 2 === 0 ? a : b).executions.start({ workflow: 'approval', projectId: 'p', input: new Map([['key', `k${n}`]]) })));
      await until('every wait to be registered', async () => {
        const rows = await a.store.db.selectFrom('event_waits').select('action_execution_id').execute();
        return rows.length === waiting.length ? true : undefined;
      });
      const published = await Promise.all([
        ...Array.from({ length: 30 }, (_, n) => (n % 2 === 0 ? a : b).events.publish({ projectId: 'p', type: 'tick', payload: new Map([['n', n]]) })),
        ...waiting.map((_, n) => (n % 2 === 0 ? b : a).events.publish({ projectId: 'p', type: 'approved', payload: new Map(), correlationKey: `k${n}` })),
      ]);
      for (const { event } of published) await processed(a.store, event.id);

      const events = await a.store.db.selectFrom('published_events').select(['id', 'state']).execute();
      expect(events).toHaveLength(36);
      expect(events.every((e) => e.state === 'PROCESSED')).toBe(true);
      // One firing and one execution per (event, trigger), whichever engine processed the event.
      const firings = await a.store.db.selectFrom('event_trigger_firings').selectAll().execute();
      expect(firings).toHaveLength(30);
      expect(firings.every((f) => f.trigger_id === triggerId && f.state === 'STARTED')).toBe(true);
      const started = await a.store.db.selectFrom('workflow_executions').select(['id', 'input_json']).where('workflow_name', '=', 'on_event').execute();
      expect(started.map((e) => JSON.parse(e.input_json).n).sort((x: number, y: number) => x - y)).toEqual(Array.from({ length: 30 }, (_, n) => n));

      for (const w of waiting) {
        await until(`approval ${w.id} to finish`, async () => {
          const row = await a.store.db.selectFrom('workflow_executions').select('state').where('id', '=', w.id).executeTakeFirstOrThrow();
          return row.state === 'RUNNING' ? undefined : row.state;
        }).then((state) => expect(state).toBe('SUCCESS'));
      }
      const waits = await a.store.db.selectFrom('action_executions').select(['state', 'workflow_execution_id']).where('name', '=', 'std.wait_for_event').execute();
      expect(waits).toHaveLength(waiting.length);
      expect(waits.every((r) => r.state === 'SUCCESS')).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);

  it('takes over an event whose processor died after starting the workflow, without starting it twice', async () => {
    const [a, b] = await replicas();
    try {
      const triggerId = await addTrigger(a);
      const eventId = newId();
      const now = Date.now();
      // A process claimed the event, started the trigger's workflow, then died before recording it.
      await a.store.db
        .insertInto('published_events')
        .values({ id: eventId, project_id: 'p', type: 'tick', payload_json: '{"n": 7}', correlation_key: null, source: 'api', exchange: null, topic: null, publisher_id: null, state: 'PENDING', claimed_by: 'dead-engine', claimed_until: now + 500, attempts: 1, created_at: now, processed_at: null })
        .execute();
      const executionId = firingExecutionId(eventId, triggerId);
      await a.executions.start({ id: executionId, workflow: 'on_event', projectId: 'p', input: new Map([['n', 7]]) });

      await processed(a.store, eventId);
      const event = await a.store.db.selectFrom('published_events').select(['attempts', 'claimed_by']).where('id', '=', eventId).executeTakeFirstOrThrow();
      expect(event).toEqual({ attempts: 2, claimed_by: null });
      const firings = await a.store.db.selectFrom('event_trigger_firings').select(['trigger_id', 'state', 'execution_id']).execute();
      expect(firings).toEqual([{ trigger_id: triggerId, state: 'STARTED', execution_id: executionId }]);
      const executions = await a.store.db.selectFrom('workflow_executions').select('id').where('workflow_name', '=', 'on_event').execute();
      expect(executions).toEqual([{ id: executionId }]);
    } finally {
      await a.close();
      await b.close();
    }
  }, 60_000);
});
