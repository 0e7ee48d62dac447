import { expect, it } from 'vitest';
import { describeEachStore } from '../../store/testing/each-store.js';
import { ADMIN, MEMBER, OTHER, READER, WIRE_TIME, useApi } from '../testing/api-harness.js';

const WORKBOOK = `version: '2.0'
name: deploy
tags: [ops]
workflows:
  main:
    tasks:
      hello:
        action: greet
actions:
  greet:
    base: std.echo output="hi"
`;

describeEachStore('REST /v2/workbooks', (ctx) => {
  const api = useApi(ctx);

  it('creates a workbook with its workflows and actions, and reads it back', async () => {
    const res = await api.request('POST', '/v2/workbooks', { yaml: WORKBOOK });
    expect(res.statusCode, res.body).toBe(201);
    const wb = res.json() as Record<string, unknown>;
    expect(wb).toMatchObject({ name: 'deploy', namespace: '', tags: ['ops'], scope: 'private', project_id: 'p1', definition: WORKBOOK });
    expect(wb['created_at']).toMatch(WIRE_TIME);

    expect((await api.request('GET', '/v2/workbooks/deploy')).json()).toEqual(wb);
    expect((await api.request('GET', '/v2/workbooks/deploy?fields=tags')).json()).toEqual({ id: wb['id'], tags: ['ops'] });
    const workflows = (await api.request('GET', '/v2/workflows?fields=name')).json() as { workflows: { name: string }[] };
    expect(workflows.workflows.map((w) => w.name)).toEqual(['deploy.main']);
    const action = await api.request('GET', '/v2/actions/deploy.greet');
    expect(action.json()).toMatchObject({ name: 'deploy.greet', is_system: false });

    const dup = await api.request('POST', '/v2/workbooks', { yaml: WORKBOOK });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toEqual({ faultstring: 'Duplicate entry for workbook deploy' });
  });

  it('updates by the name in the document and refuses unknown workbooks', async () => {
    await api.request('POST', '/v2/workbooks', { yaml: WORKBOOK });
    const changed = WORKBOOK.replace('tags: [ops]', 'tags: [ops, v2]').replace('output="hi"', 'output="hello"');
    const res = await api.request('PUT', '/v2/workbooks', { yaml: changed });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'deploy', tags: ['ops', 'v2'], definition: changed });
    const action = (await api.request('GET', '/v2/actions/deploy.greet')).json() as { definition: string };
    expect(action.definition).toContain('output="hello"');

    const missing = await api.request('PUT', '/v2/workbooks', { yaml: changed.replace('name: deploy', 'name: other') });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ faultstring: 'Workbook not found [workbook_name=other, namespace=]' });
  });

  it('deletes only the workbook row, as Mistral does', async () => {
    await api.request('POST', '/v2/workbooks?namespace=ns', { yaml: WORKBOOK });
    expect((await api.request('DELETE', '/v2/workbooks/deploy')).statusCode).toBe(404);
    expect((await api.request('DELETE', '/v2/workbooks/deploy?namespace=ns')).statusCode).toBe(204);
    expect((await api.request('GET', '/v2/workbooks/deploy?namespace=ns')).statusCode).toBe(404);
    expect((await api.request('GET', '/v2/workflows/deploy.main?namespace=ns')).statusCode).toBe(200);
  });

  it('reports every problem with line and column and stores nothing', async () => {
    const bad = WORKBOOK.replace('action: greet', 'action: greet\n        retry: often').replace('base: std.echo', 'bass: std.echo');
    const res = await api.request('POST', '/v2/workbooks', { yaml: bad });
    expect(res.statusCode).toBe(400);
    const fault = (res.json() as { faultstring: string }).faultstring;
    expect(fault).toMatch(/^Invalid workbook \(\d+ problems\)/);
    expect(fault).toMatch(/\(line 9, column 16\)/);
    expect(fault).toMatch(/\(line 12, column 5\)/);
    expect((await api.request('GET', '/v2/workbooks')).json()).toEqual({ workbooks: [] });
    expect((await api.request('GET', '/v2/workflows')).json()).toEqual({ workflows: [] });

    const check = await api.request('POST', '/v2/workbooks/validate', { yaml: bad, as: READER });
    expect(check.json()).toEqual({ valid: false, error: expect.stringContaining('(line 9, column 16)') });
    expect((await api.request('POST', '/v2/workbooks/validate', { yaml: WORKBOOK })).json()).toEqual({ valid: true });
  });

  it('lists with filters, sort and pages', async () => {
    for (const name of ['wb1', 'wb2', 'wb3']) {
      await api.request('POST', '/v2/workbooks', { yaml: WORKBOOK.replace('name: deploy', `name: ${name}`) });
    }
    const page = (await api.request('GET', '/v2/workbooks?limit=2&sort_keys=name&sort_dirs=desc&tags=ops&fields=name')).json() as {
      workbooks: { id: string; name: string }[];
      next: string;
    };
    expect(page.workbooks.map((w) => w.name)).toEqual(['wb3', 'wb2']);
    expect(page.next).toBe(`http://localhost:80/v2/workbooks?sort_keys=name&sort_dirs=desc&tags=ops&limit=2&marker=${page.workbooks[1]?.id}&fields=id,name`);
    const rest = (await api.request('GET', page.next.replace('http://localhost:80', ''))).json() as { workbooks: { name: string }[] };
    expect(rest).toEqual({ workbooks: [{ id: expect.any(String), name: 'wb1' }] });
    expect((await api.request('GET', '/v2/workbooks?name=has:2&fields=name')).json()).toEqual({ workbooks: [{ id: expect.any(String), name: 'wb2' }] });
  });

  it('keeps other projects out', async () => {
    await api.request('POST', '/v2/workbooks', { yaml: WORKBOOK });
    await api.request('POST', '/v2/workbooks?scope=public', { yaml: WORKBOOK.replace('name: deploy', 'name: pub'), as: ADMIN });
    expect((await api.request('GET', '/v2/workbooks/deploy', { as: OTHER })).statusCode).toBe(404);
    expect((await api.request('DELETE', '/v2/workbooks/deploy', { as: OTHER })).statusCode).toBe(404);
    expect((await api.request('DELETE', '/v2/workbooks/pub', { as: OTHER })).statusCode).toBe(403);
    expect((await api.request('POST', '/v2/workbooks?scope=public', { yaml: WORKBOOK, as: MEMBER })).statusCode).toBe(403);
    expect((await api.request('POST', '/v2/workbooks', { yaml: WORKBOOK, as: READER })).statusCode).toBe(403);
    const theirs = (await api.request('GET', '/v2/workbooks', { as: OTHER })).json() as { workbooks: { name: string }[] };
    expect(theirs.workbooks.map((w) => w.name)).toEqual(['pub']);
  });
});
