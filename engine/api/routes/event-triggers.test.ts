import { expect, it } from 'vitest';
import { describeEachStore } from '../../store/testing/each-store.js';
import { ADMIN, MEMBER, OTHER, OTHER_ADMIN, READER, WIRE_TIME, useApi } from '../testing/api-harness.js';

const WORKFLOWS = `version: '2.0'
on_boot:
  input: [server]
  tasks:
    t:
      action: std.noop
other:
  tasks:
    t:
      action: std.noop
`;

interface WireTrigger {
  readonly id: string;
  readonly [field: string]: unknown;
}

describeEachStore('REST /v2/event_triggers', (ctx) => {
  const api = useApi(ctx);

  async function setup(): Promise<Record<string, string>> {
    const res = await api.request('POST', '/v2/workflows', { yaml: WORKFLOWS });
    expect(res.statusCode, res.body).toBe(201);
    return Object.fromEntries((res.json() as { workflows: { id: string; name: string }[] }).workflows.map((w) => [w.name, w.id]));
  }

  const base = { exchange: 'nova', topic: 'notifications', event: 'compute.instance.create.end' };

  it('stores, reads, updates and deletes a trigger in Mistral wire format', async () => {
    const ids = await setup();
    const res = await api.request('POST', '/v2/event_triggers', {
      json: { ...base, name: 'boot', workflow_id: ids['on_boot'], workflow_input: '{"server": "s1"}', workflow_params: { env: { a: 1 } } },
    });
    expect(res.statusCode, res.body).toBe(201);
    const trigger = res.json() as WireTrigger;
    expect(trigger).toEqual({
      id: expect.any(String),
      name: 'boot',
      workflow_id: ids['on_boot'],
      workflow_input: '{"server": "s1"}',
      workflow_params: '{"env": {"a": 1}}',
      ...base,
      scope: 'private',
      project_id: 'p1',
      created_at: expect.stringMatching(WIRE_TIME),
      updated_at: expect.stringMatching(WIRE_TIME),
    });
    expect((await api.request('GET', `/v2/event_triggers/${trigger.id}`)).json()).toEqual(trigger);
    const dup = await api.request('POST', '/v2/event_triggers', { json: { ...base, workflow_id: ids['on_boot'], workflow_input: { server: 's2' } } });
    expect(dup.statusCode).toBe(409);

    const put = await api.request('PUT', `/v2/event_triggers/${trigger.id}`, { json: { name: 'renamed', workflow_id: ids['other'], workflow_input: {} } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ name: 'renamed', workflow_id: ids['other'], workflow_input: '{}', workflow_params: '{"env": {"a": 1}}' });
    const immutable = await api.request('PUT', `/v2/event_triggers/${trigger.id}`, { json: { topic: 'other' } });
    expect(immutable.statusCode).toBe(400);
    expect(immutable.json()).toMatchObject({ faultstring: expect.stringContaining('cannot be changed') });

    const list = (await api.request('GET', '/v2/event_triggers?exchange=nova&fields=name')).json() as { event_triggers: WireTrigger[] };
    expect(list.event_triggers).toEqual([{ id: trigger.id, name: 'renamed' }]);
    expect((await api.request('DELETE', `/v2/event_triggers/${trigger.id}`)).statusCode).toBe(204);
    expect((await api.request('GET', `/v2/event_triggers/${trigger.id}`)).statusCode).toBe(404);
  });

  it('refuses incomplete or unstartable triggers', async () => {
    const ids = await setup();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...base }, 400, 'An event trigger needs workflow_id'],
      [{ workflow_id: ids['other'] }, 400, 'An event trigger needs exchange, topic, event'],
      [{ ...base, workflow_id: ids['on_boot'] }, 400, 'Invalid input [name=on_boot'],
      [{ ...base, workflow_id: '00000000-0000-4000-8000-000000000000' }, 404, 'Workflow not found'],
      [{ ...base, workflow_id: ids['other'], colour: 'red' }, 400, 'Unknown attribute(s) in the request body: colour'],
    ];
    for (const [body, status, message] of cases) {
      const res = await api.request('POST', '/v2/event_triggers', { json: body });
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect((res.json() as { faultstring: string }).faultstring).toContain(message);
    }
  });

  it('keeps triggers to their project', async () => {
    const ids = await setup();
    const mine = (await api.request('POST', '/v2/event_triggers', { json: { ...base, workflow_id: ids['other'] } })).json() as WireTrigger;
    const url = `/v2/event_triggers/${mine.id}`;
    expect((await api.request('GET', url, { as: OTHER })).statusCode).toBe(404);
    expect((await api.request('PUT', url, { json: { name: 'x' }, as: OTHER })).statusCode).toBe(404);
    expect((await api.request('DELETE', url, { as: OTHER })).statusCode).toBe(404);
    expect((await api.request('PUT', url, { json: { name: 'x' }, as: READER })).statusCode).toBe(403);
    expect((await api.request('DELETE', url, { as: READER })).statusCode).toBe(403);
    expect((await api.request('POST', '/v2/event_triggers', { json: { ...base, workflow_id: ids['other'] }, as: READER })).statusCode).toBe(403);
    expect((await api.request('PUT', url, { json: { scope: 'public' }, as: MEMBER })).statusCode).toBe(403);
    expect((await api.request('PUT', url, { json: { scope: 'public' }, as: ADMIN })).statusCode).toBe(200);
    expect((await api.request('GET', url, { as: OTHER })).statusCode).toBe(200);
    expect((await api.request('DELETE', url, { as: OTHER })).statusCode).toBe(403);
    expect((await api.request('GET', '/v2/event_triggers?all_projects=true')).statusCode).toBe(403);
    const all = (await api.request('GET', '/v2/event_triggers?all_projects=true', { as: OTHER_ADMIN })).json() as { event_triggers: unknown[] };
    expect(all.event_triggers).toHaveLength(1);
  });
});
