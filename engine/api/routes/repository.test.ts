import { expect, it } from 'vitest';
import { describeEachStore } from '../../store/testing/each-store.js';
import { MEMBER, OTHER, READER, useApi } from '../testing/api-harness.js';

interface Flow {
  readonly name: string;
  readonly description: string;
  readonly tags: string[];
  readonly inputs: { name: string; required: boolean; default?: unknown }[];
  readonly workflows: string[];
  readonly needs_cloud: boolean;
  readonly documentation?: string;
  readonly definition?: string;
}

interface InstallAnswer {
  readonly name: string;
  readonly namespace: string;
  readonly project_id: string;
  readonly workflows: { status: string; name: string; namespace: string; project_id: string; scope: string; definition: string }[];
}

describeEachStore('REST /v2/repository', (ctx) => {
  const api = useApi(ctx);

  it('lists every flow with description, tags and inputs, without the definitions', async () => {
    const res = await api.request('GET', '/v2/repository', { as: READER });
    expect(res.statusCode, res.body).toBe(200);
    const flows = (res.json() as { flows: Flow[] }).flows;
    expect(flows.map((f) => f.name)).toContain('boot_server_into_pool');
    expect(flows.find((f) => f.name === 'fan_out_fan_in')).toEqual({
      name: 'fan_out_fan_in',
      description: 'Square a list of numbers in parallel, compute statistics on a parallel branch, and join the results.',
      tags: ['example', 'parallel', 'with-items', 'join'],
      inputs: [
        { name: 'numbers', required: false, default: [1, 2, 3, 4] },
        { name: 'concurrency', required: false, default: 2 },
      ],
      workflows: ['fan_out_fan_in'],
      needs_cloud: false,
    });
    expect(flows.every((f) => f.definition === undefined)).toBe(true);
  });

  it('shows one flow with its documentation and definition; an unknown name is a 404', async () => {
    const res = await api.request('GET', '/v2/repository/rolling_restart');
    expect(res.statusCode, res.body).toBe(200);
    const flow = res.json() as Flow;
    expect(flow.workflows).toEqual(['rolling_restart', 'rolling_restart_server']);
    expect(flow.needs_cloud).toBe(true);
    expect(flow.documentation).toMatch(/^Rolling restart of the servers/);
    expect(flow.definition).toMatch(/^# Rolling restart/);
    const missing = await api.request('GET', '/v2/repository/nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ faultstring: 'Repository flow not found [name=nope]' });
  });

  it('installs a flow into the caller project and namespace, and it runs from there', async () => {
    const res = await api.request('POST', '/v2/repository/fan_out_fan_in/install', { json: { namespace: 'tools' } });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json() as InstallAnswer;
    expect(body).toMatchObject({ name: 'fan_out_fan_in', namespace: 'tools', project_id: 'p1' });
    expect(body.workflows).toEqual([expect.objectContaining({ status: 'created', name: 'fan_out_fan_in', namespace: 'tools', project_id: 'p1', scope: 'private' })]);

    const listed = await api.request('GET', '/v2/workflows?namespace=tools');
    expect((listed.json() as { workflows: { name: string }[] }).workflows.map((w) => w.name)).toEqual(['fan_out_fan_in']);
    expect((await api.request('GET', '/v2/workflows/fan_out_fan_in?namespace=tools', { as: OTHER })).statusCode).toBe(404);

    const started = await api.request('POST', '/v2/executions', { json: { workflow_name: 'fan_out_fan_in', workflow_namespace: 'tools', input: '{"numbers": [2, 3]}' } });
    expect(started.statusCode, started.body).toBe(201);
    const done = await api.engine.executions.waitForSettled((started.json() as { id: string }).id);
    expect(done.state).toBe('SUCCESS');
  });

  it('installs a flow with helper workflows, and installing it again changes nothing (200, unchanged)', async () => {
    const first = await api.request('POST', '/v2/repository/rolling_restart/install', { json: {} });
    expect(first.statusCode, first.body).toBe(201);
    expect((first.json() as InstallAnswer).workflows.map((w) => [w.name, w.status, w.namespace])).toEqual([
      ['rolling_restart', 'created', ''],
      ['rolling_restart_server', 'created', ''],
    ]);
    const again = await api.request('POST', '/v2/repository/rolling_restart/install', { json: {} });
    expect(again.statusCode, again.body).toBe(200);
    expect((again.json() as InstallAnswer).workflows.map((w) => w.status)).toEqual(['unchanged', 'unchanged']);
    // Another project installs its own copy.
    expect((await api.request('POST', '/v2/repository/rolling_restart/install', { json: {}, as: OTHER })).statusCode).toBe(201);
  });

  it('refuses to overwrite a different workflow of the same name and stores nothing', async () => {
    const mine = await api.request('POST', '/v2/workflows', { yaml: "version: '2.0'\nrolling_restart_server:\n  tasks:\n    t:\n      action: std.noop\n" });
    expect(mine.statusCode, mine.body).toBe(201);
    const res = await api.request('POST', '/v2/repository/rolling_restart/install', { json: {} });
    expect(res.statusCode, res.body).toBe(409);
    expect((res.json() as { faultstring: string }).faultstring).toBe(
      "Cannot install rolling_restart into namespace '': workflow rolling_restart_server already exists there with a different definition. Delete it or install into another namespace.",
    );
    expect((await api.request('GET', '/v2/workflows/rolling_restart')).statusCode).toBe(404);
    // Another namespace is free.
    expect((await api.request('POST', '/v2/repository/rolling_restart/install', { json: { namespace: 'ops' } })).statusCode).toBe(201);
  });

  it('refuses readers, unknown flows and bad bodies', async () => {
    const reader = await api.request('POST', '/v2/repository/fan_out_fan_in/install', { json: {}, as: READER });
    expect(reader.statusCode).toBe(403);
    expect((await api.request('POST', '/v2/repository/nope/install', { json: {} })).statusCode).toBe(404);
    const unknown = await api.request('POST', '/v2/repository/fan_out_fan_in/install', { json: { namespace: 'x', scope: 'public' } });
    expect(unknown.statusCode).toBe(400);
    expect((unknown.json() as { faultstring: string }).faultstring).toBe('Unknown attribute(s) in the request body: scope');
    const badType = await api.request('POST', '/v2/repository/fan_out_fan_in/install', { json: { namespace: 7 } });
    expect(badType.statusCode).toBe(400);
    expect((await api.request('GET', '/v2/workflows')).json()).toMatchObject({ workflows: [] });
  });
});
