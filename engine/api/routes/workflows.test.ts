import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { insertCronTrigger } from '../../store/repositories/cron-triggers.js';
import { describeEachStore } from '../../store/testing/each-store.js';
import { ADMIN, MEMBER, OTHER, OTHER_ADMIN, READER, WIRE_TIME, useApi, workflowsYaml } from '../testing/api-harness.js';

interface WireWorkflow {
  readonly id: string;
  readonly name: string;
  readonly [field: string]: unknown;
}

describeEachStore('REST /v2/workflows', (ctx) => {
  const api = useApi(ctx);

  async function create(yaml: string, query = '', as = MEMBER): Promise<WireWorkflow[]> {
    const res = await api.request('POST', `/v2/workflows${query}`, { yaml, as });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { workflows: WireWorkflow[] }).workflows;
  }

  async function names(url: string, as = MEMBER): Promise<string[]> {
    const res = await api.request('GET', url, { as });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { workflows: WireWorkflow[] }).workflows.map((w) => w.name);
  }

  it('creates every workflow of a document and answers in Mistral wire format', async () => {
    const yaml = `version: '2.0'\ngreet:\n  tags: [demo]\n  input:\n    - name\n    - greeting: Hello\n  tasks:\n    say:\n      action: std.echo output=1\nbye:\n  tasks:\n    t:\n      action: std.noop\n`;
    const [greet, bye] = await create(yaml);
    expect(bye?.name).toBe('bye');
    expect(greet).toMatchObject({
      name: 'greet',
      namespace: '',
      input: 'name, greeting="Hello"',
      interface: '{"input": ["name", "greeting"], "output": []}',
      tags: ['demo'],
      scope: 'private',
      project_id: 'p1',
    });
    expect(greet?.['checksum']).toBe(createHash('md5').update(String(greet?.['definition'])).digest('hex'));
    expect(greet?.['created_at']).toMatch(WIRE_TIME);
    expect(greet?.['definition']).toContain('greet:');

    const byName = await api.request('GET', '/v2/workflows/greet');
    expect(byName.json()).toEqual(greet);
    const byId = await api.request('GET', `/v2/workflows/${greet?.id}/?fields=name,INPUT`);
    expect(byId.json()).toEqual({ id: greet?.id, name: 'greet', input: 'name, greeting="Hello"' });
    expect((await api.request('GET', '/v2/workflows/greet?namespace=other')).statusCode).toBe(404);
  });

  it('refuses a duplicate name with 409 and a bare faultstring', async () => {
    await create(workflowsYaml('wf'));
    const res = await api.request('POST', '/v2/workflows', { yaml: workflowsYaml('wf') });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ faultstring: 'Duplicate entry for workflow wf' });
    expect(res.headers['server-error-message']).toBe('Duplicate entry for workflow wf');
    await create(workflowsYaml('wf'), '?namespace=ns1');
  });

  it('reports every problem of a bad document with its line and column, and stores nothing', async () => {
    const yaml = `version: '2.0'\nok:\n  tasks:\n    t:\n      action: std.noop\nbad:\n  tasks:\n    t:\n      action: std.noop\n      on-success: [missing]\n      colour: red\n`;
    const res = await api.request('POST', '/v2/workflows', { yaml });
    expect(res.statusCode).toBe(400);
    const fault = (res.json() as { faultstring: string }).faultstring;
    expect(fault).toContain('(2 problems)');
    expect(fault).toContain('on-success refers to unknown task "missing" (line 10, column 20)');
    expect(fault).toContain('unknown attribute "colour" (line 11, column 7)');
    expect(res.headers['server-error-message']).not.toContain('\n');
    expect(await names('/v2/workflows')).toEqual([]);

    const syntax = await api.request('POST', '/v2/workflows', { yaml: `version: '2.0'\nwf:\n  tasks: [\n` });
    expect(syntax.statusCode).toBe(400);
    expect(syntax.json()).toEqual({ faultstring: expect.stringMatching(/YAML syntax error: .*\(line \d+, column \d+\)/) });
  });

  it('refuses bodies that are not YAML text', async () => {
    const json = await api.request('POST', '/v2/workflows', { json: { wf: {} } });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toEqual({ faultstring: 'Send the definition as YAML text with Content-Type: text/plain' });
    const empty = await api.request('POST', '/v2/workflows', { yaml: '  \n' });
    expect(empty.statusCode).toBe(400);
    const scope = await api.request('POST', '/v2/workflows?scope=galactic', { yaml: workflowsYaml('wf') });
    expect(scope.json()).toEqual({ faultstring: 'Scope must be one of the following: private, public; actual: galactic' });
  });

  it('updates workflows by name, keeping their id and creation time', async () => {
    const [before] = await create(workflowsYaml('wf'));
    const changed = workflowsYaml('wf').replace('std.noop', 'std.echo output=2');
    const res = await api.request('PUT', '/v2/workflows', { yaml: changed });
    expect(res.statusCode, res.body).toBe(200);
    const [after] = (res.json() as { workflows: WireWorkflow[] }).workflows;
    expect(after).toMatchObject({ id: before?.id, created_at: before?.['created_at'], scope: 'private' });
    expect(after?.['definition']).toContain('std.echo output=2');
    expect(after?.['checksum']).not.toBe(before?.['checksum']);

    const missing = await api.request('PUT', '/v2/workflows', { yaml: workflowsYaml('nope') });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ faultstring: 'Workflow not found [workflow_identifier=nope, namespace=]' });
  });

  it('updates one workflow by id, which may rename it, and refuses several', async () => {
    const [wf] = await create(workflowsYaml('wf'));
    const res = await api.request('PUT', `/v2/workflows/${wf?.id}`, { yaml: workflowsYaml('renamed') });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: wf?.id, name: 'renamed' });
    expect(await names('/v2/workflows')).toEqual(['renamed']);
    const two = await api.request('PUT', `/v2/workflows/${wf?.id}`, { yaml: workflowsYaml('a', 'b') });
    expect(two.statusCode).toBe(400);
    expect((two.json() as { faultstring: string }).faultstring).toContain('exactly one workflow, got 2');
  });

  it('deletes a workflow, but not while a cron trigger starts it', async () => {
    const [wf, other] = await create(workflowsYaml('wf', 'other'));
    await insertCronTrigger(ctx.store.db, {
      id: 'c1',
      name: 'nightly',
      project_id: 'p1',
      scope: 'private',
      pattern: '0 0 * * *',
      first_execution_time: null,
      next_execution_time: Date.now() + 3_600_000,
      remaining_executions: null,
      workflow_name: 'other',
      workflow_id: String(other?.id),
      workflow_input_json: '{}',
      workflow_params_json: '{}',
      security_context_json: null,
      dedupe_key: null,
      claimed_by: null,
      claimed_until: null,
      created_at: Date.now(),
      updated_at: Date.now(),
    });
    const refused = await api.request('DELETE', '/v2/workflows/other', { headers: { 'content-type': 'application/json' } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ faultcode: 'Client', faultstring: expect.stringContaining("Can't delete workflow that has triggers") });

    expect((await api.request('DELETE', `/v2/workflows/${wf?.id}`)).statusCode).toBe(204);
    const gone = await api.request('GET', `/v2/workflows/${wf?.id}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toEqual({ faultcode: 'Client', faultstring: expect.stringContaining('Workflow not found'), debuginfo: null });
  });

  it('validates without storing, for readers too', async () => {
    const ok = await api.request('POST', '/v2/workflows/validate', { yaml: workflowsYaml('wf'), as: READER });
    expect(ok.json()).toEqual({ valid: true });
    const bad = await api.request('POST', '/v2/workflows/validate', { yaml: `version: '2.0'\nwf:\n  tasks:\n    t:\n      acton: std.noop\n` });
    expect(bad.statusCode).toBe(200);
    expect(bad.json()).toEqual({ valid: false, error: expect.stringContaining('(line 5, column 7)') });
    expect(await names('/v2/workflows')).toEqual([]);
  });

  it('pages with a marker and a next link in Mistral format', async () => {
    for (const name of ['e', 'c', 'a', 'd', 'b']) await create(workflowsYaml(name));
    const first = await api.request('GET', '/v2/workflows?limit=2&sort_keys=name&sort_dirs=desc&fields=name&name=nin:zzz');
    const body = first.json() as { workflows: WireWorkflow[]; next: string };
    expect(body.workflows.map((w) => w.name)).toEqual(['e', 'd']);
    expect(Object.keys(body.workflows[0] ?? {})).toEqual(['id', 'name']);
    const marker = body.workflows[1]?.id;
    expect(body.next).toBe(
      `http://localhost:80/v2/workflows?sort_keys=name&sort_dirs=desc&name=nin:zzz&limit=2&marker=${marker}&fields=id,name`,
    );
    const seen: string[] = [];
    let next: string | undefined = body.next;
    while (next !== undefined) {
      const page = (await api.request('GET', next.replace('http://localhost:80', ''))).json() as { workflows: WireWorkflow[]; next?: string };
      seen.push(...page.workflows.map((w) => w.name));
      next = page.next;
    }
    expect(seen).toEqual(['c', 'b', 'a']);
    expect(await names('/v2/workflows?sort_keys=created_at')).toEqual(['e', 'c', 'a', 'd', 'b']);
  });

  it('filters with every operator and tags', async () => {
    await create(`version: '2.0'\nalpha:\n  tags: [x, y]\n  input: [n]\n  tasks:\n    t:\n      action: std.noop\n`);
    await create(`version: '2.0'\nbeta:\n  tags: [x]\n  tasks:\n    t:\n      action: std.echo output=1\n`);
    await create(workflowsYaml('gamma'), '?scope=public', ADMIN);
    const ids = Object.fromEntries(
      ((await api.request('GET', '/v2/workflows')).json() as { workflows: WireWorkflow[] }).workflows.map((w) => [w.name, w.id]),
    );
    const t0 = Date.UTC(2024, 0, 1);
    for (const [i, name] of ['alpha', 'beta', 'gamma'].entries()) {
      // created_at is immutable to the repositories; tests rewind it to get distinct times.
      await sql`update workflow_definitions set created_at = ${t0 + i * 60_000} where id = ${String(ids[name])}`.execute(ctx.store.db);
    }
    const cases: [string, string[]][] = [
      ['name=beta', ['beta']],
      ['name=eq:beta', ['beta']],
      ['name=neq:beta', ['alpha', 'gamma']],
      ['name=in:alpha,gamma', ['alpha', 'gamma']],
      ['name=nin:alpha,gamma', ['beta']],
      ['definition=has:std.echo', ['beta']],
      ['input=has:n', ['alpha']],
      ['tags=x', ['alpha', 'beta']],
      ['tags=x,y', ['alpha']],
      ['scope=public', ['gamma']],
      ['created_at=gt:2024-01-01 00:01:00', ['gamma']],
      ['created_at=gte:2024-01-01 00:01:00', ['beta', 'gamma']],
      ['created_at=lt:2024-01-01T00:01:00', ['alpha']],
      ['created_at=lte:2024-01-01T00:01:00Z', ['alpha', 'beta']],
      [`project_id=p1`, ['alpha', 'beta', 'gamma']],
    ];
    for (const [filter, expected] of cases) expect(await names(`/v2/workflows?${filter}`), filter).toEqual(expected);
  });

  it.each([
    ['sort_keys=colour', 'Unknown sort key "colour"'],
    ['marker=0190d0a0-0000-7000-8000-000000000000', 'Invalid marker'],
    ['limit=0', 'Limit must be positive.'],
    ['fields=name,colour', 'Field(s) colour are invalid.'],
    ['colour=red', 'Unknown argument: "colour"'],
    ['scope=galactic', 'is not one of private, public'],
    ['created_at=gt:soon', 'is not a date and time'],
  ])('answers 400 for %s', async (query, message) => {
    const res = await api.request('GET', `/v2/workflows?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ faultcode: 'Client', faultstring: expect.stringContaining(message), debuginfo: null });
  });

  it('scopes reads and writes to the caller project', async () => {
    const [mine] = await create(workflowsYaml('mine'));
    await create(workflowsYaml('shared'), '?scope=public', ADMIN);
    const [theirs] = await create(workflowsYaml('theirs'), '', OTHER);

    expect(await names('/v2/workflows', MEMBER)).toEqual(['mine', 'shared']);
    expect(await names('/v2/workflows', OTHER)).toEqual(['shared', 'theirs']);
    // Another project's private workflow does not exist for the caller, whatever the verb.
    for (const [method, url] of [
      ['GET', `/v2/workflows/${mine?.id}`],
      ['GET', '/v2/workflows/mine'],
      ['DELETE', `/v2/workflows/${mine?.id}`],
    ] as const) {
      expect((await api.request(method, url, { as: OTHER })).statusCode, `${method} ${url}`).toBe(404);
    }
    expect((await api.request('PUT', `/v2/workflows/${mine?.id}`, { as: OTHER, yaml: workflowsYaml('mine') })).statusCode).toBe(404);
    // A public one is visible but not theirs to change.
    expect((await api.request('GET', '/v2/workflows/shared', { as: OTHER })).statusCode).toBe(200);
    const del = await api.request('DELETE', '/v2/workflows/shared', { as: OTHER });
    expect(del.statusCode).toBe(403);
    expect(del.json()).toMatchObject({ faultstring: 'Can not delete workflow of other users.' });
    // Making things public takes an admin; readers change nothing.
    expect((await api.request('POST', '/v2/workflows?scope=public', { yaml: workflowsYaml('pub') })).statusCode).toBe(403);
    expect((await api.request('PUT', '/v2/workflows?scope=public', { yaml: workflowsYaml('mine') })).statusCode).toBe(403);
    for (const [method, url] of [
      ['POST', '/v2/workflows'],
      ['PUT', '/v2/workflows'],
      ['DELETE', '/v2/workflows/mine'],
      ['DELETE', '/v2/workflows/does-not-exist'],
    ] as const) {
      const res = await api.request(method, url, { as: READER, yaml: workflowsYaml('mine') });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    // Listing every project is for admins only.
    const denied = await api.request('GET', '/v2/workflows?all_projects=true', { as: MEMBER });
    expect(denied.statusCode).toBe(403);
    expect(await names('/v2/workflows?all_projects=true', OTHER_ADMIN)).toEqual(['mine', 'shared', 'theirs']);
    expect(await names('/v2/workflows?project_id=p1', OTHER_ADMIN)).toEqual(['mine', 'shared']);
    expect(await names('/v2/workflows?project_id=p1', OTHER)).toEqual(['shared']);
    expect(theirs?.['project_id']).toBe('p2');
  });
});
