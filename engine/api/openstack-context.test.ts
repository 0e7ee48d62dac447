/**
 * `$.openstack`: an execution started through the API with a token sees the caller's OpenStack
 * context, its sub-workflows inherit it, and the API never shows it; without a token there is none.
 */
import { expect, it } from 'vitest';
import { toJs } from '../language/values/value.js';
import { describeEachStore } from '../store/testing/each-store.js';
import { useApi } from './testing/api-harness.js';

const YAML = `version: '2.0'
parent_os:
  output:
    mine: <% $.get(openstack) %>
    child: <% $.child %>
  tasks:
    call:
      workflow: child_os
      publish:
        child: <% task().result %>
child_os:
  output:
    token: <% $.get(openstack, {}).get(auth_token) %>
    project: <% $.get(openstack, {}).get(project_id) %>
    roles: <% $.get(openstack, {}).get(roles) %>
  tasks:
    t:
      action: std.noop
`;

describeEachStore('the caller OpenStack context ($.openstack)', (ctx) => {
  const api = useApi(ctx);

  async function start(headers: Record<string, string>): Promise<{ id: string; output: Record<string, unknown> }> {
    expect((await api.request('POST', '/v2/workflows', { yaml: YAML })).statusCode).toBe(201);
    const res = await api.request('POST', '/v2/executions', { json: { workflow_name: 'parent_os' }, headers });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as { id: string }).id;
    const done = await api.engine.executions.waitForSettled(id);
    expect(done.state, done.stateInfo ?? '').toBe('SUCCESS');
    return { id, output: toJs(done.output) as Record<string, unknown> };
  }

  it('reaches the workflow and its sub-workflows, and is never shown by the API', async () => {
    const { id, output } = await start({ 'x-auth-token': 'tok-123' });
    expect(output['child']).toEqual({ token: 'tok-123', project: 'p1', roles: ['member'] });
    expect(output['mine']).toMatchObject({ auth_token: 'tok-123', project_id: 'p1', user_id: 'user-p1', service_catalog: [], is_admin: false });
    const shown = await api.request('GET', `/v2/executions/${id}`);
    expect(shown.json()).toMatchObject({ published_global: '{}' });
    const children = await api.request('GET', `/v2/executions?task_execution_id=${''}`);
    expect(children.body).not.toContain('tok-123');
  });

  it('is masked in the input of the actions that carry it', async () => {
    const yaml = `version: '2.0'\ncall_os:\n  tasks:\n    t:\n      action: std.echo\n      input:\n        output:\n          headers:\n            X-Auth-Token: <% $.openstack.auth_token %>\n            Accept: application/json\n`;
    expect((await api.request('POST', '/v2/workflows', { yaml })).statusCode).toBe(201);
    const res = await api.request('POST', '/v2/executions', { json: { workflow_name: 'call_os' }, headers: { 'x-auth-token': 'tok-456' } });
    const id = (res.json() as { id: string }).id;
    expect((await api.engine.executions.waitForSettled(id)).state).toBe('SUCCESS');
    const listed = await api.request('GET', '/v2/action_executions?workflow_name=call_os');
    const [action] = (listed.json() as { action_executions: { input: string }[] }).action_executions;
    expect(JSON.parse(action?.input ?? '')).toMatchObject({ output: { headers: { 'X-Auth-Token': '***', Accept: 'application/json' } } });
  });

  it('is absent when the caller has no token', async () => {
    const { output } = await start({});
    expect(output).toEqual({ mine: null, child: { token: null, project: null, roles: null } });
  });
});
