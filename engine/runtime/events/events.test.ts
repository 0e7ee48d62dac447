/**
 * Events end to end through the REST API on a real engine (SQLite and PostgreSQL): publishing,
 * event triggers firing, project isolation, failed firings, and tasks waiting for events.
 */
import { beforeEach, expect, it } from 'vitest';
import { ADMIN, MEMBER, OTHER, READER, useApi } from '../../api/testing/api-harness.js';
import { describeEachStore } from '../../store/testing/each-store.js';
import { clearEventTables, processed, until } from './test-support.js';

const WORKFLOWS = `version: '2.0'
on_boot:
  input:
    - server
    - flavor: null
    - kind: null
    - key: null
    - at: null
  output:
    server: <% $.server %>
  tasks:
    t:
      action: std.noop
approval:
  input: [request_id]
  output:
    approved_by: <% $.approved_by %>
  tasks:
    wait:
      action: std.wait_for_event
      input:
        type: approval.granted
        correlation: <% $.request_id %>
        timeout: 60
      publish:
        approved_by: <% task().result.payload.user %>
        event_key: <% task().result.correlation_key %>
short_wait:
  tasks:
    wait:
      action: std.wait_for_event type="never.happens" correlation="abc" timeout=1
      on-error:
        - handled
    handled:
      action: std.noop
bad_wait:
  tasks:
    wait:
      action: std.wait_for_event
      input:
        type: x
        timeout: soon
`;

interface Firing {
  readonly trigger_id: string;
  readonly state: 'STARTED' | 'FAILED';
  readonly execution_id: string | null;
  readonly state_info: string | null;
}

describeEachStore('events', (ctx) => {
  const api = useApi(ctx);
  let workflows: Record<string, string> = {};

  beforeEach(async () => {
    await clearEventTables(ctx.store);
    workflows = {};
    for (const caller of [MEMBER, OTHER]) {
      const res = await api.request('POST', '/v2/workflows', { yaml: WORKFLOWS, as: caller });
      expect(res.statusCode, res.body).toBe(201);
      for (const w of (res.json() as { workflows: { id: string; name: string; project_id: string }[] }).workflows) workflows[`${w.project_id}/${w.name}`] = w.id;
    }
  });

  async function trigger(as: typeof MEMBER, input: Record<string, string>, event = 'compute.instance.create.end'): Promise<string> {
    const res = await api.request('POST', '/v2/event_triggers', {
      as,
      json: { name: `boot-${as.project}`, exchange: 'nova', topic: 'notifications', event, workflow_id: workflows[`${as.project}/on_boot`], workflow_input: input },
    });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  }

  async function publish(body: Record<string, unknown>, as = MEMBER): Promise<string> {
    const res = await api.request('POST', '/v2/events', { as, json: body });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  }

  async function firings(eventId: string, as = MEMBER): Promise<Firing[]> {
    await processed(ctx.store, eventId);
    const res = await api.request('GET', `/v2/published_events/${eventId}`, { as });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { firings: Firing[] }).firings;
  }

  it('fires a trigger: the workflow starts with its input evaluated against the event', async () => {
    const triggerId = await trigger(MEMBER, {
      server: '<% $.payload.server_id %>',
      flavor: '{{ _.payload.flavor }}',
      kind: '<% $.type %>',
      key: '<% $.correlation_key %>',
      at: '<% $.timestamp %>',
    });
    const res = await api.request('POST', '/v2/events', { json: { type: 'compute.instance.create.end', payload: { server_id: 's-1', flavor: 'm1.small' }, correlation_key: 'req-7' } });
    expect(res.statusCode, res.body).toBe(201);
    const event = res.json() as { id: string; timestamp: string };
    expect(res.json()).toMatchObject({ type: 'compute.instance.create.end', payload: { server_id: 's-1', flavor: 'm1.small' }, correlation_key: 'req-7', project_id: 'p1', source: 'api', state: 'PENDING' });

    const [firing, ...rest] = await firings(event.id);
    expect(rest).toEqual([]);
    expect(firing).toMatchObject({ trigger_id: triggerId, state: 'STARTED', state_info: null });
    const execution = await api.engine.executions.waitForSettled(firing?.execution_id ?? '');
    expect(execution.state).toBe('SUCCESS');
    expect(Object.fromEntries(execution.input)).toEqual({ server: 's-1', flavor: 'm1.small', kind: 'compute.instance.create.end', key: 'req-7', at: event.timestamp });
    const wire = (await api.request('GET', `/v2/executions/${execution.id}`)).json() as { description: string; workflow_id: string };
    expect(JSON.parse(wire.description)).toMatchObject({ triggered_by: { type: 'event_trigger', id: triggerId, event_id: event.id } });
    expect(wire.workflow_id).toBe(workflows['p1/on_boot']);

    const list = (await api.request('GET', '/v2/published_events?type=compute.instance.create.end')).json() as { published_events: { id: string; state: string }[] };
    expect(list.published_events).toEqual([expect.objectContaining({ id: event.id, state: 'PROCESSED' })]);
  });

  it('keeps projects apart: an event fires only the triggers of its own project', async () => {
    const mine = await trigger(MEMBER, { server: '<% $.payload.server_id %>' });
    const theirs = await trigger(OTHER, { server: '<% $.payload.server_id %>' });
    const id = await publish({ type: 'compute.instance.create.end', payload: { server_id: 's-2' } });
    expect((await firings(id)).map((f) => f.trigger_id)).toEqual([mine]);
    const other = await api.engine.store.db.selectFrom('event_trigger_firings').select('event_id').where('trigger_id', '=', theirs).execute();
    expect(other).toEqual([]);
    // The other project cannot read the event either.
    expect((await api.request('GET', `/v2/published_events/${id}`, { as: OTHER })).statusCode).toBe(404);
    expect(((await api.request('GET', '/v2/published_events', { as: OTHER })).json() as { published_events: unknown[] }).published_events).toEqual([]);
    // An admin may publish into another project, which then fires that project's trigger.
    const intoOther = await publish({ type: 'compute.instance.create.end', payload: { server_id: 's-3' }, project_id: 'p2' }, ADMIN);
    expect((await firings(intoOther, OTHER)).map((f) => f.trigger_id)).toEqual([theirs]);
  });

  it('records a trigger whose input cannot be evaluated as FAILED and starts nothing', async () => {
    const triggerId = await trigger(MEMBER, { server: '<% $.payload.missing.deep %>' });
    const before = await api.engine.store.db.selectFrom('workflow_executions').select('id').execute();
    const id = await publish({ type: 'compute.instance.create.end', payload: { server_id: 's-4' } });
    const [firing] = await firings(id);
    expect(firing).toMatchObject({ trigger_id: triggerId, state: 'FAILED', execution_id: null });
    expect(firing?.state_info).toBe("Event trigger boot-p1: workflow_input could not be evaluated: Can not evaluate YAQL expression [expression= $.payload.missing.deep , error='missing']");
    expect(await api.engine.store.db.selectFrom('workflow_executions').select('id').execute()).toEqual(before);
  });

  it('refuses bad publications and changes nothing', async () => {
    const cases: [Record<string, unknown>, typeof MEMBER, number, RegExp][] = [
      [{ type: 'x' }, READER, 403, /read-only/],
      [{ type: 'x', project_id: 'p2' }, MEMBER, 403, /Only admins may publish events into another project/],
      [{ payload: {} }, MEMBER, 400, /type/],
      [{ type: '  ' }, MEMBER, 400, /non-empty type/],
      [{ type: 'x', correlation_key: 7 }, MEMBER, 400, /correlation_key/],
      [{ type: 'x', extra: 1 }, MEMBER, 400, /Unknown attribute\(s\) in the request body: extra/],
    ];
    for (const [json, as, status, message] of cases) {
      const res = await api.request('POST', '/v2/events', { as, json });
      expect(res.statusCode, JSON.stringify(json)).toBe(status);
      expect((res.json() as { faultstring: string }).faultstring).toMatch(message);
    }
    expect(await ctx.store.db.selectFrom('published_events').select('id').execute()).toEqual([]);
    const syntax = await api.request('POST', '/v2/event_triggers', {
      json: { exchange: 'nova', topic: 'notifications', event: 'e', workflow_id: workflows['p1/on_boot'], workflow_input: { server: '<% $.payload.( %>' } },
    });
    expect(syntax.statusCode).toBe(400);
    expect((syntax.json() as { faultstring: string }).faultstring).toMatch(/^workflow_input: Invalid YAQL expression/);
  });

  it('resumes a waiting task on a matching event, ignoring earlier and unrelated ones', async () => {
    // Published before the wait starts: must not satisfy it.
    const early = await publish({ type: 'approval.granted', payload: { user: 'early' }, correlation_key: 'r-1' });
    await processed(ctx.store, early);
    const started = await api.engine.executions.start({ workflow: 'approval', projectId: 'p1', input: new Map([['request_id', 'r-1']]) });
    const wait = await until('the wait to be registered', async () =>
      ctx.store.db.selectFrom('event_waits').selectAll().where('execution_id', '=', started.id).executeTakeFirst(),
    );
    expect(wait).toMatchObject({ project_id: 'p1', event_type: 'approval.granted', correlation_key: 'r-1' });
    // Another correlation, and the same correlation in another project: no match.
    await processed(ctx.store, await publish({ type: 'approval.granted', payload: { user: 'wrong' }, correlation_key: 'r-2' }));
    await processed(ctx.store, await publish({ type: 'approval.granted', payload: { user: 'other' }, correlation_key: 'r-1' }, OTHER));
    expect((await api.engine.executions.get(started.id)).state).toBe('RUNNING');
    const [task] = await api.engine.executions.tasks(started.id);
    expect(task?.state).toBe('RUNNING');

    const match = await publish({ type: 'approval.granted', payload: { user: 'ada' }, correlation_key: 'r-1' });
    const done = await api.engine.executions.waitForSettled(started.id);
    expect(done.state).toBe('SUCCESS');
    expect(Object.fromEntries(done.output as Map<string, unknown>)).toEqual({ approved_by: 'ada' });
    const actions = (await api.request('GET', `/v2/tasks/${task?.id}/action_executions`)).json() as { action_executions: { id: string }[] };
    expect(actions.action_executions).toHaveLength(1);
    const action = (await api.request('GET', `/v2/action_executions/${actions.action_executions[0]?.id}`)).json() as { state: string; output: string };
    expect(action.state).toBe('SUCCESS');
    expect(JSON.parse(action.output)).toMatchObject({ result: { id: match, type: 'approval.granted', payload: { user: 'ada' }, correlation_key: 'r-1' } });
    expect(await ctx.store.db.selectFrom('event_waits').select('action_execution_id').execute()).toEqual([]);
  });

  it('fails a waiting task at its timeout, so on-error applies', async () => {
    const started = await api.engine.executions.start({ workflow: 'short_wait', projectId: 'p1' });
    const done = await api.engine.executions.waitForSettled(started.id);
    expect(done.state).toBe('SUCCESS');
    const tasks = await api.engine.executions.tasks(started.id);
    expect(tasks.map((t) => [t.name, t.state, t.stateInfo])).toEqual([
      ['wait', 'ERROR', 'no event "never.happens" with correlation "abc" within 1 s'],
      ['handled', 'SUCCESS', null],
    ]);
  });

  it('fails a wait with an invalid input, naming the parameter', async () => {
    const started = await api.engine.executions.start({ workflow: 'bad_wait', projectId: 'p1' });
    const done = await api.engine.executions.waitForSettled(started.id);
    expect(done.state).toBe('ERROR');
    const [task] = await api.engine.executions.tasks(started.id);
    expect(task?.stateInfo).toBe("Invalid value for parameter 'timeout' of std.wait_for_event: expected a positive number of seconds, got str");
  });
});
