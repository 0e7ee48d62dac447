import { expect, it } from 'vitest';
import { describeEachStore } from '../../store/testing/each-store.js';
import { ADMIN, MEMBER, OTHER, READER, useApi } from '../testing/api-harness.js';

const ACTIONS = `version: '2.0'
shout:
  description: Says it loud
  tags: [noise]
  base: std.echo output=<% $.text %>
  input: [text, volume=11]
whisper:
  base: std.echo output="psst"
`;

interface WireAction {
  readonly id: string;
  readonly name: string;
  readonly [field: string]: unknown;
}

describeEachStore('REST /v2/actions', (ctx) => {
  const api = useApi(ctx);

  const list = async (query: string, as = MEMBER): Promise<{ actions: WireAction[]; next?: string }> => {
    const res = await api.request('GET', `/v2/actions${query}`, { as });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('lists built-in actions sorted by name, paged by name', async () => {
    const all = await list('');
    const names = all.actions.map((a) => a.name);
    expect(names).toEqual([...names].sort());
    expect(names).toContain('std.echo');
    const echo = all.actions.find((a) => a.name === 'std.echo');
    expect(echo).toEqual({
      id: 'std.echo',
      name: 'std.echo',
      namespace: '',
      is_system: true,
      input: 'output, delay=0',
      description: expect.any(String),
      tags: [],
      definition: null,
      scope: 'public',
      project_id: null,
      created_at: null,
      updated_at: null,
    });
    const first = await list('?limit=2');
    expect(first.actions.map((a) => a.name)).toEqual(names.slice(0, 2));
    expect(first.next).toBe(`http://localhost:80/v2/actions?sort_keys=name&sort_dirs=asc&limit=2&marker=${names[1]}`);
    expect((await list(`?limit=2&marker=${names[1]}`)).actions.map((a) => a.name)).toEqual(names.slice(2, 4));
    expect((await list('?name=in:std.echo,std.noop&fields=input')).actions).toEqual([
      { id: 'std.echo', input: 'output, delay=0' },
      { id: 'std.noop', input: '' },
    ]);
  });

  it('creates ad-hoc actions, listed among the built-ins', async () => {
    const res = await api.request('POST', '/v2/actions', { yaml: ACTIONS });
    expect(res.statusCode, res.body).toBe(201);
    const [shout] = (res.json() as { actions: WireAction[] }).actions;
    expect(shout).toMatchObject({
      name: 'shout',
      is_system: false,
      description: 'Says it loud',
      input: 'text, volume=11',
      tags: ['noise'],
      scope: 'private',
      project_id: 'p1',
      definition: expect.stringContaining('base: std.echo output=<% $.text %>'),
    });
    expect((await list('?is_system=false')).actions.map((a) => a.name)).toEqual(['shout', 'whisper']);
    expect((await list('?tags=noise&fields=name')).actions).toEqual([{ id: shout?.id, name: 'shout' }]);
    expect((await list('?sort_keys=created_at&is_system=false&fields=name')).actions.map((a) => a.name)).toEqual(['shout', 'whisper']);
    expect((await api.request('GET', `/v2/actions/${shout?.id}`)).json()).toEqual(shout);
    expect((await api.request('GET', '/v2/actions/shout')).json()).toEqual(shout);
  });

  it('addresses actions by name and namespace in the path or the query', async () => {
    await api.request('POST', '/v2/actions?namespace=ns1', { yaml: ACTIONS });
    expect((await api.request('GET', '/v2/actions/shout')).statusCode).toBe(404);
    expect((await api.request('GET', '/v2/actions/shout/ns1')).json()).toMatchObject({ name: 'shout', namespace: 'ns1' });
    expect((await api.request('GET', '/v2/actions/shout?namespace=ns1')).json()).toMatchObject({ namespace: 'ns1' });
    expect((await api.request('DELETE', '/v2/actions/shout/ns1')).statusCode).toBe(204);
    expect((await api.request('DELETE', '/v2/actions/whisper?namespace=ns1')).statusCode).toBe(204);
    expect((await list('?is_system=false')).actions).toEqual([]);
  });

  it('keeps built-in actions read-only', async () => {
    const clash = await api.request('POST', '/v2/actions', { yaml: `version: '2.0'\nstd.echo:\n  base: std.noop\n` });
    expect(clash.statusCode).toBe(409);
    expect(clash.json()).toEqual({ faultstring: 'Duplicate entry for Action: std.echo is a system action' });
    const del = await api.request('DELETE', '/v2/actions/std.echo');
    expect(del.statusCode).toBe(400);
    expect(del.json()).toMatchObject({ faultstring: 'Attempt to delete a system action: std.echo' });
    const put = await api.request('PUT', '/v2/actions/std.echo', { yaml: `version: '2.0'\nx:\n  base: std.noop\n` });
    expect(put.json()).toEqual({ faultstring: 'Attempt to modify a system action: std.echo' });
    const putByName = await api.request('PUT', '/v2/actions', { yaml: `version: '2.0'\nstd.echo:\n  base: std.noop\n` });
    expect(putByName.statusCode).toBe(400);
  });

  it('updates ad-hoc actions by name or id', async () => {
    const created = (await api.request('POST', '/v2/actions', { yaml: ACTIONS })).json() as { actions: WireAction[] };
    const edited = ACTIONS.replace('Says it loud', 'Says it louder');
    const res = await api.request('PUT', '/v2/actions', { yaml: edited });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { actions: WireAction[] }).actions.map((a) => [a.id, a['description']])).toEqual([
      [created.actions[0]?.id, 'Says it louder'],
      [created.actions[1]?.id, null],
    ]);
    const byId = await api.request('PUT', `/v2/actions/${created.actions[1]?.id}`, { yaml: `version: '2.0'\nmurmur:\n  base: std.noop\n` });
    expect(byId.statusCode, byId.body).toBe(200);
    expect(byId.json()).toEqual({ actions: [expect.objectContaining({ id: created.actions[1]?.id, name: 'murmur' })] });
    expect((await api.request('PUT', '/v2/actions', { yaml: `version: '2.0'\nghost:\n  base: std.noop\n` })).statusCode).toBe(404);
  });

  it('validates and reports bad documents with line and column, storing nothing', async () => {
    const bad = `version: '2.0'\nloud:\n  base: std.echo\n  colour: red\nquiet:\n  input: [a]\n`;
    const res = await api.request('POST', '/v2/actions', { yaml: bad });
    expect(res.statusCode).toBe(400);
    const fault = (res.json() as { faultstring: string }).faultstring;
    expect(fault).toContain('(line 4, column 3)');
    expect(fault).toContain('quiet');
    expect((await list('?is_system=false')).actions).toEqual([]);
    expect((await api.request('POST', '/v2/actions/validate', { yaml: bad, as: READER })).json()).toEqual({
      valid: false,
      error: expect.stringContaining('(line 4, column 3)'),
    });
    expect((await api.request('POST', '/v2/actions/validate', { yaml: ACTIONS })).json()).toEqual({ valid: true });
  });

  it('keeps ad-hoc actions to their project', async () => {
    await api.request('POST', '/v2/actions', { yaml: ACTIONS });
    await api.request('POST', '/v2/actions?scope=public', { yaml: `version: '2.0'\nshared:\n  base: std.noop\n`, as: ADMIN });
    expect((await list('?is_system=false', OTHER)).actions.map((a) => a.name)).toEqual(['shared']);
    expect((await api.request('GET', '/v2/actions/shout', { as: OTHER })).statusCode).toBe(404);
    expect((await api.request('DELETE', '/v2/actions/shout', { as: OTHER })).statusCode).toBe(404);
    expect((await api.request('DELETE', '/v2/actions/shared', { as: OTHER })).statusCode).toBe(403);
    expect((await api.request('POST', '/v2/actions?scope=public', { yaml: ACTIONS.replace(/shout|whisper/g, (m) => `${m}2`) })).statusCode).toBe(403);
    expect((await api.request('DELETE', '/v2/actions/shout', { as: READER })).statusCode).toBe(403);
    expect((await api.request('GET', '/v2/actions?marker=nope')).statusCode).toBe(400);
  });
});
