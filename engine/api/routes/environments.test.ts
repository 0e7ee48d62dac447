import { expect, it } from 'vitest';
import { describeEachStore } from '../../store/testing/each-store.js';
import { ADMIN, MEMBER, OTHER, READER, WIRE_TIME, useApi } from '../testing/api-harness.js';

describeEachStore('REST /v2/environments', (ctx) => {
  const api = useApi(ctx);

  it('stores variables as JSON text, keeping floats and key order, from an object or a string', async () => {
    const res = await api.request('POST', '/v2/environments', {
      json: '{"name": "dev", "description": "Dev cloud", "variables": {"b": 1.0, "2": [0.50], "a": {"z": 1, "y": 2}}}',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({
      id: expect.any(String),
      name: 'dev',
      description: 'Dev cloud',
      variables: '{"b": 1.0, "2": [0.5], "a": {"z": 1, "y": 2}}',
      scope: 'private',
      project_id: 'p1',
      created_at: expect.stringMatching(WIRE_TIME),
      updated_at: expect.stringMatching(WIRE_TIME),
    });
    // python-mistralclient sends JSON-typed fields as strings.
    const str = await api.request('POST', '/v2/environments', { json: { name: 'prod', variables: '{"region": "RegionOne", "n": 2.0}' } });
    expect(str.json()).toMatchObject({ variables: '{"region": "RegionOne", "n": 2.0}', description: null });
    const none = await api.request('POST', '/v2/environments', { json: { name: 'empty' } });
    expect(none.json()).toMatchObject({ variables: '{}' });
  });

  it.each([
    [{ name: 'x', variables: [1, 2] }, 'variables must be a JSON object or a JSON string of an object, got a list'],
    [{ name: 'x', variables: '[1, 2]' }, 'got a JSON string of a non-object'],
    [{ name: 'x', variables: '{"a": ' }, 'variables must be a JSON object or a JSON string of an object: unexpected end of JSON'],
    [{ name: 'x', colour: 'red' }, 'Unknown attribute(s) in the request body: colour'],
    [{ description: 'no name' }, 'Invalid value for "name"'],
    [{ name: 'x', scope: 'galactic' }, 'Scope must be one of the following: private, public; actual: galactic'],
  ])('refuses %j', async (body, message) => {
    const res = await api.request('POST', '/v2/environments', { json: body });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ faultcode: 'Client', faultstring: expect.stringContaining(message), debuginfo: null });
  });

  it('answers malformed JSON with 400 and the position of the fault', async () => {
    const res = await api.request('POST', '/v2/environments', { json: '{"name": "dev",\n "variables": {oops}}' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      faultcode: 'Client',
      faultstring: 'Malformed JSON in the request body: expected a string key at offset 31 (line 2, column 16)',
      debuginfo: null,
    });
    expect(res.headers['server-error-message']).toBe('Malformed JSON in the request body: expected a string key at offset 31 (line 2, column 16)');
  });

  it('reads, updates the given fields, and deletes by name', async () => {
    await api.request('POST', '/v2/environments', { json: { name: 'dev', description: 'Dev', variables: { a: 1 } } });
    const put = await api.request('PUT', '/v2/environments', { json: { name: 'dev', variables: '{"a": 2}' } });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ name: 'dev', description: 'Dev', variables: '{"a": 2}' });
    expect((await api.request('GET', '/v2/environments/dev?fields=variables')).json()).toEqual({ id: expect.any(String), variables: '{"a": 2}' });
    expect((await api.request('PUT', '/v2/environments', { json: { name: 'nope' } })).statusCode).toBe(404);
    const dup = await api.request('POST', '/v2/environments', { json: { name: 'dev' } });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toMatchObject({ faultstring: "Duplicate entry for Environment ['name', 'project_id']: dev, p1" });
    expect((await api.request('DELETE', '/v2/environments/dev')).statusCode).toBe(204);
    expect((await api.request('GET', '/v2/environments/dev')).json()).toEqual({
      faultcode: 'Client',
      faultstring: 'Environment not found [name=dev]',
      debuginfo: null,
    });
  });

  it('lists with filters on JSON text, sort and pages', async () => {
    for (const [name, region] of [['a', 'One'], ['b', 'Two'], ['c', 'One']] as const) {
      await api.request('POST', '/v2/environments', { json: { name, variables: { region } } });
    }
    const page = (await api.request('GET', '/v2/environments?variables=has:One&sort_keys=name&sort_dirs=desc&limit=1')).json() as {
      environments: { id: string; name: string }[];
      next: string;
    };
    expect(page.environments.map((e) => e.name)).toEqual(['c']);
    expect(page.next).toBe(`http://localhost:80/v2/environments?sort_keys=name&sort_dirs=desc&variables=has:One&limit=1&marker=${page.environments[0]?.id}`);
    const rest = (await api.request('GET', page.next.replace('http://localhost:80', ''))).json() as { environments: { name: string }[]; next: string };
    expect(rest.environments.map((e) => e.name)).toEqual(['a']);
    const end = (await api.request('GET', rest.next.replace('http://localhost:80', ''))).json();
    expect(end).toEqual({ environments: [] });
  });

  it('keeps environments to their project', async () => {
    await api.request('POST', '/v2/environments', { json: { name: 'mine' } });
    await api.request('POST', '/v2/environments', { json: { name: 'pub', scope: 'public' }, as: ADMIN });
    expect((await api.request('POST', '/v2/environments', { json: { name: 'p', scope: 'public' }, as: MEMBER })).statusCode).toBe(403);
    expect((await api.request('POST', '/v2/environments', { json: { name: 'r' }, as: READER })).statusCode).toBe(403);
    expect((await api.request('GET', '/v2/environments/mine', { as: OTHER })).statusCode).toBe(404);
    expect((await api.request('PUT', '/v2/environments', { json: { name: 'mine' }, as: OTHER })).statusCode).toBe(404);
    expect((await api.request('PUT', '/v2/environments', { json: { name: 'pub' }, as: OTHER })).statusCode).toBe(403);
    expect((await api.request('PUT', '/v2/environments', { json: { name: 'mine', scope: 'public' } })).statusCode).toBe(403);
    const theirs = (await api.request('GET', '/v2/environments', { as: OTHER })).json() as { environments: { name: string }[] };
    expect(theirs.environments.map((e) => e.name)).toEqual(['pub']);
  });
});
