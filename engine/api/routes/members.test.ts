import { expect, it } from 'vitest';
import { describeEachStore } from '../../store/testing/each-store.js';
import { ADMIN, MEMBER, OTHER, THIRD, useApi, workflowsYaml } from '../testing/api-harness.js';
import type { Caller } from '../testing/api-harness.js';

const OTHER_READER: Caller = { project: 'p2', roles: ['reader'] };

describeEachStore('REST /v2/workflows/{id}/members', (ctx) => {
  const api = useApi(ctx);

  async function workflow(name: string, query = '', as = MEMBER): Promise<string> {
    const res = await api.request('POST', `/v2/workflows${query}`, { yaml: workflowsYaml(name), as });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { workflows: { id: string }[] }).workflows[0]?.id ?? '';
  }

  it('shares a private workflow once the member project accepts', async () => {
    const id = await workflow('wf');
    const share = await api.request('POST', `/v2/workflows/${id}/members`, { json: { member_id: 'p2' } });
    expect(share.statusCode, share.body).toBe(201);
    expect(share.json()).toMatchObject({ resource_id: id, resource_type: 'workflow', project_id: 'p1', member_id: 'p2', status: 'pending' });

    // Pending: still invisible to the member project.
    expect((await api.request('GET', `/v2/workflows/${id}`, { as: OTHER })).statusCode).toBe(404);
    // Only the member project decides; the owner cannot accept on its behalf.
    expect((await api.request('PUT', `/v2/workflows/${id}/members/p2`, { json: { status: 'accepted' } })).statusCode).toBe(404);
    expect((await api.request('PUT', `/v2/workflows/${id}/members/p2`, { json: { status: 'accepted' }, as: OTHER_READER })).statusCode).toBe(403);
    const bad = await api.request('PUT', `/v2/workflows/${id}/members/p2`, { json: { status: 'maybe' }, as: OTHER });
    expect(bad.statusCode).toBe(400);
    const accept = await api.request('PUT', `/v2/workflows/${id}/members/p2`, { json: { status: 'accepted' }, as: OTHER });
    expect(accept.statusCode, accept.body).toBe(200);
    expect(accept.json()).toMatchObject({ status: 'accepted' });

    expect((await api.request('GET', `/v2/workflows/${id}`, { as: OTHER })).statusCode).toBe(200);
    const listed = (await api.request('GET', '/v2/workflows?fields=name', { as: OTHER })).json() as { workflows: { name: string }[] };
    expect(listed.workflows.map((w) => w.name)).toEqual(['wf']);
    // Shared is read-only for the member project.
    expect((await api.request('DELETE', `/v2/workflows/${id}`, { as: OTHER })).statusCode).toBe(403);
    expect((await api.request('PUT', `/v2/workflows/${id}`, { yaml: workflowsYaml('wf'), as: OTHER })).statusCode).toBe(403);
    expect((await api.request('GET', `/v2/workflows/${id}`, { as: THIRD })).statusCode).toBe(404);
  });

  it('shows the owner every member and a member only its own membership', async () => {
    const id = await workflow('wf');
    for (const member of ['p2', 'p3']) await api.request('POST', `/v2/workflows/${id}/members`, { json: { member_id: member } });
    const owner = (await api.request('GET', `/v2/workflows/${id}/members`)).json() as { members: { member_id: string }[] };
    expect(owner.members.map((m) => m.member_id)).toEqual(['p2', 'p3']);
    const p2 = (await api.request('GET', `/v2/workflows/${id}/members`, { as: OTHER })).json() as { members: { member_id: string }[] };
    expect(p2.members.map((m) => m.member_id)).toEqual(['p2']);
    expect((await api.request('GET', `/v2/workflows/${id}/members/p3`, { as: OTHER })).statusCode).toBe(404);
    expect((await api.request('GET', `/v2/workflows/${id}/members/p3`, { as: THIRD })).json()).toMatchObject({ member_id: 'p3' });
    expect((await api.request('GET', `/v2/workflows/${id}/members`, { as: { project: 'p4', roles: ['member'] } })).json()).toEqual({ members: [] });
  });

  it('lets either side end a share', async () => {
    const id = await workflow('wf');
    await api.request('POST', `/v2/workflows/${id}/members`, { json: { member_id: 'p2' } });
    await api.request('POST', `/v2/workflows/${id}/members`, { json: { member_id: 'p3' } });
    expect((await api.request('DELETE', `/v2/workflows/${id}/members/p3`, { as: OTHER })).statusCode).toBe(404);
    expect((await api.request('DELETE', `/v2/workflows/${id}/members/p2`, { as: OTHER })).statusCode).toBe(204);
    expect((await api.request('DELETE', `/v2/workflows/${id}/members/p3`)).statusCode).toBe(204);
    expect((await api.request('GET', `/v2/workflows/${id}/members`)).json()).toEqual({ members: [] });
  });

  it('refuses what Mistral refuses', async () => {
    const id = await workflow('wf');
    const pub = await workflow('pub', '?scope=public', ADMIN);
    expect((await api.request('POST', `/v2/workflows/${pub}/members`, { json: { member_id: 'p2' }, as: ADMIN })).json()).toMatchObject({
      faultstring: 'Only private resource could be shared.',
    });
    expect((await api.request('POST', '/v2/workflows/wf/members', { json: { member_id: 'p2' } })).json()).toMatchObject({
      faultstring: 'Only support UUID as resource identifier in resource sharing feature.',
    });
    expect((await api.request('POST', `/v2/workflows/${id}/members`, { json: {} })).statusCode).toBe(400);
    await api.request('POST', `/v2/workflows/${id}/members`, { json: { member_id: 'p2' } });
    expect((await api.request('POST', `/v2/workflows/${id}/members`, { json: { member_id: 'p2' } })).statusCode).toBe(409);
    // Another project's private workflow: not found; someone else's public one: forbidden.
    expect((await api.request('POST', `/v2/workflows/${id}/members`, { json: { member_id: 'p3' }, as: OTHER })).statusCode).toBe(404);
    expect((await api.request('POST', `/v2/workflows/${pub}/members`, { json: { member_id: 'p3' }, as: OTHER })).statusCode).toBe(403);
    expect((await api.request('GET', `/v2/workflows/${id}/members/p9`)).json()).toMatchObject({
      faultstring: `Resource member not found [resource_id=${id}, member_id=p9]`,
    });
  });

  it('lets a member project start a shared workflow once it accepts; the execution is its own', async () => {
    const id = await workflow('wf');
    const start = (body: Record<string, unknown>, as: Caller = OTHER) => api.request('POST', '/v2/executions', { json: body, as });
    expect((await start({ workflow_id: id })).statusCode).toBe(404);
    await api.request('POST', `/v2/workflows/${id}/members`, { json: { member_id: 'p2' } });
    // Pending is not shared yet.
    expect((await start({ workflow_id: id })).statusCode).toBe(404);
    expect((await start({ workflow_name: 'wf' })).statusCode).toBe(404);
    await expect(api.engine.executions.start({ workflow: 'wf', projectId: 'p2' })).rejects.toThrow('Workflow not found [workflow_name=wf, namespace=]');

    expect((await api.request('PUT', `/v2/workflows/${id}/members/p2`, { json: { status: 'accepted' }, as: OTHER })).statusCode).toBe(200);
    for (const body of [{ workflow_id: id }, { workflow_name: 'wf' }]) {
      const res = await start(body);
      expect(res.statusCode, res.body).toBe(201);
      const ex = res.json() as { id: string; project_id: string; workflow_id: string; workflow_name: string };
      expect(ex).toMatchObject({ project_id: 'p2', workflow_id: id, workflow_name: 'wf' });
      expect((await api.engine.executions.waitForSettled(ex.id, 10_000)).state).toBe('SUCCESS');
      // The execution belongs to the member project, not to the workflow's owner.
      expect((await api.request('GET', `/v2/executions/${ex.id}`, { as: OTHER })).statusCode).toBe(200);
      expect((await api.request('GET', `/v2/executions/${ex.id}`)).statusCode).toBe(404);
    }
    // Without the API, by name (cron triggers, the CLI): the engine resolves the share from the store.
    const direct = await api.engine.executions.start({ workflow: 'wf', projectId: 'p2' });
    expect((await api.engine.executions.waitForSettled(direct.id, 10_000)).state).toBe('SUCCESS');
    expect((await start({ workflow_id: id }, THIRD)).statusCode).toBe(404);

    await api.request('PUT', `/v2/workflows/${id}/members/p2`, { json: { status: 'rejected' }, as: OTHER });
    expect((await start({ workflow_id: id })).statusCode).toBe(404);
  });

  it('starts the shared definition chosen by id even when the member project has its own of that name', async () => {
    const id = await workflow('wf');
    await api.request('POST', `/v2/workflows/${id}/members`, { json: { member_id: 'p2' } });
    await api.request('PUT', `/v2/workflows/${id}/members/p2`, { json: { status: 'accepted' }, as: OTHER });
    const own = `version: '2.0'\nwf:\n  tasks:\n    t:\n      action: std.fail\n`;
    expect((await api.request('POST', '/v2/workflows', { yaml: own, as: OTHER })).statusCode).toBe(201);
    const shared = (await api.request('POST', '/v2/executions', { json: { workflow_id: id }, as: OTHER })).json() as { id: string; workflow_id: string };
    expect(shared.workflow_id).toBe(id);
    expect((await api.engine.executions.waitForSettled(shared.id, 10_000)).state).toBe('SUCCESS');
    // By name, the project's own comes first.
    const mine = (await api.request('POST', '/v2/executions', { json: { workflow_name: 'wf' }, as: OTHER })).json() as { id: string; workflow_id: string };
    expect(mine.workflow_id).not.toBe(id);
    expect((await api.engine.executions.waitForSettled(mine.id, 10_000)).state).toBe('ERROR');
  });

  it('needs authentication, as in Mistral', async () => {
    const noauth = (await import('../app.js')).buildApp({ engine: api.engine, authMode: 'noauth' });
    const app = await noauth;
    try {
      const res = await app.inject({ method: 'GET', url: '/v2/workflows/0190d0a0-0000-7000-8000-000000000000/members' });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ faultstring: 'Resource sharing feature can only be supported with authentication enabled.' });
    } finally {
      await app.close();
    }
  });
});
