import { expect, it } from 'vitest';
import { describeEachStore } from '../../store/testing/each-store.js';
import { ADMIN, MEMBER, OTHER, OTHER_ADMIN, READER, WIRE_TIME, useApi } from '../testing/api-harness.js';
import type { Caller } from '../testing/api-harness.js';

const WORKFLOWS = `version: '2.0'
hello:
  input: [name]
  tasks:
    say:
      action: std.echo output=<% $.name %>
`;

/** `YYYY-MM-DD HH:MM` (UTC), `minutes` from now. */
function inMinutes(minutes: number): string {
  return new Date(Date.now() + minutes * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}

interface WireTrigger {
  readonly id: string;
  readonly name: string;
  readonly [field: string]: unknown;
}

describeEachStore('REST /v2/cron_triggers', (ctx) => {
  const api = useApi(ctx);

  async function setup(as: Caller = MEMBER): Promise<string> {
    const res = await api.request('POST', '/v2/workflows', { yaml: WORKFLOWS, as });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { workflows: { id: string }[] }).workflows[0]?.id ?? '';
  }

  async function create(body: Record<string, unknown>, as: Caller = MEMBER): Promise<WireTrigger> {
    const res = await api.request('POST', '/v2/cron_triggers', { json: body, as });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as WireTrigger;
  }

  it('creates a trigger as python-mistralclient sends it and answers in Mistral wire format', async () => {
    const workflowId = await setup();
    const trigger = await create({
      name: 'every5',
      pattern: '*/5 * * * *',
      first_execution_time: null,
      remaining_executions: null,
      workflow_name: 'hello',
      workflow_input: '{"name": "cron"}',
      workflow_params: '{"env": {"a": 1.0}}',
    });
    expect(trigger).toEqual({
      id: expect.any(String),
      name: 'every5',
      workflow_name: 'hello',
      workflow_id: workflowId,
      workflow_input: '{"name": "cron"}',
      workflow_params: '{"env": {"a": 1.0}}',
      project_id: 'p1',
      scope: 'private',
      pattern: '*/5 * * * *',
      remaining_executions: null,
      first_execution_time: null,
      next_execution_time: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d[05]:00$/),
      created_at: expect.stringMatching(WIRE_TIME),
      updated_at: expect.stringMatching(WIRE_TIME),
    });
    expect((await api.request('GET', '/v2/cron_triggers/every5')).json()).toEqual(trigger);
    expect((await api.request('GET', `/v2/cron_triggers/${trigger.id}?fields=pattern`)).json()).toEqual({ id: trigger.id, pattern: '*/5 * * * *' });

    const first = inMinutes(10);
    const once = await create({ name: 'once', workflow_id: workflowId, workflow_input: { name: 'x' }, first_execution_time: first });
    expect(once).toMatchObject({ pattern: null, remaining_executions: 1, first_execution_time: `${first}:00`, next_execution_time: `${first}:00` });
  });

  it('refuses invalid triggers with 400, 404 or 409', async () => {
    await setup();
    await create({ name: 'taken', pattern: '0 * * * *', workflow_name: 'hello', workflow_input: { name: 'a' } });
    const cases: [Record<string, unknown>, number, string][] = [
      [{ name: 't', workflow_name: 'hello', workflow_input: { name: 'a' } }, 400, 'Pattern or first_execution_time must be specified.'],
      [{ name: 't', pattern: 'every day', workflow_name: 'hello', workflow_input: { name: 'a' } }, 400, 'Invalid cron pattern [pattern=every day]'],
      [{ name: 't', first_execution_time: '2001-01-01 00:00', workflow_name: 'hello', workflow_input: { name: 'a' } }, 400, 'first_execution_time must be at least 1 minute in the future.'],
      [{ name: 't', first_execution_time: 'tomorrow', workflow_name: 'hello', workflow_input: { name: 'a' } }, 400, 'Invalid first_execution_time [value=tomorrow]'],
      [{ name: 't', first_execution_time: inMinutes(10), remaining_executions: 3, workflow_name: 'hello', workflow_input: { name: 'a' } }, 400, 'Pattern must be provided if count is superior to 1.'],
      [{ name: 't', pattern: '0 * * * *', remaining_executions: 0, workflow_name: 'hello' }, 400, 'Invalid value for "remaining_executions"'],
      [{ name: 't', pattern: '0 * * * *' }, 400, 'Workflow ID or workflow name must be provided'],
      [{ name: 't', pattern: '0 * * * *', workflow_name: 'nope' }, 404, 'Workflow not found [workflow_name=nope'],
      [{ name: 't', pattern: '0 * * * *', workflow_name: 'hello' }, 400, 'name'],
      [{ name: 't', pattern: '0 * * * *', workflow_name: 'hello', workflow_input: '[1]' }, 400, 'workflow_input must be a JSON object'],
      [{ name: 't', pattern: '0 * * * *', workflow_name: 'hello', colour: 'red' }, 400, 'Unknown attribute(s) in the request body: colour'],
      [{ pattern: '0 * * * *', workflow_name: 'hello' }, 400, 'Invalid value for "name"'],
      [{ name: 'taken', pattern: '5 * * * *', workflow_name: 'hello', workflow_input: { name: 'a' } }, 409, 'Duplicate entry for cron trigger [name=taken, project_id=p1]'],
      [{ name: 'twin', pattern: '0 * * * *', workflow_name: 'hello', workflow_input: { name: 'a' } }, 409, 'it would fire the same as cron trigger taken'],
      [{ name: 't', pattern: '0 * * * *', workflow_name: 'hello', workflow_input: { name: 'a' }, scope: 'galaxy' }, 400, 'Scope must be one of the following'],
    ];
    for (const [body, status, message] of cases) {
      const res = await api.request('POST', '/v2/cron_triggers', { json: body });
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect((res.json() as { faultstring: string }).faultstring).toContain(message);
    }
    const list = (await api.request('GET', '/v2/cron_triggers')).json() as { cron_triggers: WireTrigger[] };
    expect(list.cron_triggers.map((t) => t.name)).toEqual(['taken']);
  });

  it('lists with filters and pages, and deletes by name or id', async () => {
    await setup();
    for (const [name, pattern, count] of [['a', '0 * * * *', 5], ['b', '30 * * * *', 1], ['c', '15 * * * *', null]] as const) {
      await create({ name, pattern, remaining_executions: count, workflow_name: 'hello', workflow_input: { name } });
    }
    const page = (await api.request('GET', '/v2/cron_triggers?limit=2&sort_keys=name&fields=name,remaining_executions')).json() as { cron_triggers: WireTrigger[]; next: string };
    expect(page.cron_triggers).toEqual([
      { id: expect.any(String), name: 'a', remaining_executions: 5 },
      { id: expect.any(String), name: 'b', remaining_executions: 1 },
    ]);
    expect(page.next).toContain('/v2/cron_triggers?sort_keys=name&sort_dirs=asc&limit=2&marker=');
    const rest = (await api.request('GET', page.next.replace('http://localhost:80', ''))).json() as { cron_triggers: WireTrigger[] };
    expect(rest.cron_triggers.map((t) => t.name)).toEqual(['c']);
    const filtered = (await api.request('GET', '/v2/cron_triggers?remaining_executions=gte:2&workflow_input=has:"a"')).json() as { cron_triggers: WireTrigger[] };
    expect(filtered.cron_triggers.map((t) => t.name)).toEqual(['a']);
    expect((await api.request('GET', '/v2/cron_triggers?remaining_executions=many')).statusCode).toBe(400);

    const b = rest.cron_triggers[0];
    expect((await api.request('DELETE', '/v2/cron_triggers/a')).statusCode).toBe(204);
    expect((await api.request('DELETE', `/v2/cron_triggers/${b?.id}`)).statusCode).toBe(204);
    expect((await api.request('DELETE', '/v2/cron_triggers/a')).statusCode).toBe(404);
    const left = (await api.request('GET', '/v2/cron_triggers')).json() as { cron_triggers: WireTrigger[] };
    expect(left.cron_triggers.map((t) => t.name)).toEqual(['b']);
  });

  it('keeps triggers to their project; public ones are visible but not deletable by others', async () => {
    await setup();
    const mine = await create({ name: 'mine', pattern: '0 * * * *', workflow_name: 'hello', workflow_input: { name: 'm' } });
    expect((await api.request('GET', '/v2/cron_triggers/mine', { as: OTHER })).statusCode).toBe(404);
    expect((await api.request('GET', `/v2/cron_triggers/${mine.id}`, { as: OTHER })).statusCode).toBe(404);
    expect((await api.request('DELETE', `/v2/cron_triggers/${mine.id}`, { as: OTHER })).statusCode).toBe(404);
    expect((await api.request('DELETE', '/v2/cron_triggers/mine', { as: READER })).statusCode).toBe(403);
    expect((await api.request('POST', '/v2/cron_triggers', { json: { name: 'r', pattern: '0 * * * *', workflow_name: 'hello' }, as: READER })).statusCode).toBe(403);
    expect((await api.request('GET', '/v2/cron_triggers/mine', { as: READER })).statusCode).toBe(200);

    const pub = { name: 'pub', pattern: '0 * * * *', workflow_name: 'hello', workflow_input: { name: 'p' }, scope: 'public' };
    expect((await api.request('POST', '/v2/cron_triggers', { json: pub, as: MEMBER })).statusCode).toBe(403);
    const published = await create(pub, ADMIN);
    expect(published.scope).toBe('public');
    const theirs = (await api.request('GET', '/v2/cron_triggers', { as: OTHER })).json() as { cron_triggers: WireTrigger[] };
    expect(theirs.cron_triggers.map((t) => t.name)).toEqual(['pub']);
    expect((await api.request('DELETE', `/v2/cron_triggers/${published.id}`, { as: OTHER })).statusCode).toBe(403);

    expect((await api.request('GET', '/v2/cron_triggers?all_projects=true')).statusCode).toBe(403);
    const all = (await api.request('GET', '/v2/cron_triggers?all_projects=true&sort_keys=name', { as: OTHER_ADMIN })).json() as { cron_triggers: WireTrigger[] };
    expect(all.cron_triggers.map((t) => t.name)).toEqual(['mine', 'pub']);
  });
});
