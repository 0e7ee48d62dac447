import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { describeEachStore } from '../store/testing/each-store.js';
import { buildApp } from './app.js';
import { MEMBER, READER, headerAuth, useApi, workflowsYaml } from './testing/api-harness.js';

describeEachStore('REST API application', (ctx) => {
  const api = useApi(ctx, { bodyLimit: 2048 });

  it('answers version discovery without authentication', async () => {
    const root = await api.app.inject({ method: 'GET', url: '/' });
    expect(root.json()).toEqual({
      versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ href: 'http://localhost:80/v2', target: 'v2', rel: 'self' }] }],
    });
    for (const url of ['/v2', '/v2/']) expect((await api.app.inject({ method: 'GET', url })).json()).toEqual({ uri: 'http://localhost:80/v2' });
  });

  it('says so at the root when authentication is off, and acts as an admin of the default project', async () => {
    const app = await buildApp({ engine: api.engine, authMode: 'noauth' });
    try {
      expect((await app.inject({ method: 'GET', url: '/' })).json()).toMatchObject({ auth: 'noauth' });
      const res = await app.inject({ method: 'POST', url: '/v2/workflows?scope=public', headers: { 'content-type': 'text/plain' }, payload: workflowsYaml('wf') });
      expect(res.json()).toMatchObject({ workflows: [{ project_id: '<default-project>', scope: 'public' }] });
    } finally {
      await app.close();
    }
  });

  it('refuses unauthenticated requests with 401 and the resolver headers', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/v2/workflows' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Keystone uri="http://keystone.test/v3"');
    expect(res.headers['server-error-message']).toBe('Failed to validate access token: Authentication required');
    expect(res.json()).toEqual({ faultcode: 'Client', faultstring: 'Failed to validate access token: Authentication required', debuginfo: null });
  });

  it('hides internal errors behind the request id', async () => {
    const res = await api.request('GET', '/v2/workflows', { headers: { 'x-test-crash': '1' } });
    expect(res.statusCode).toBe(500);
    const id = res.headers['x-openstack-request-id'];
    expect(id).toMatch(/^req-[0-9a-f-]{36}$/);
    expect(res.json()).toEqual({
      faultcode: 'Server',
      faultstring: `Internal server error (request id ${String(id)}); the details are in the server log`,
      debuginfo: null,
    });
    expect(res.body).not.toContain('secret internals');
  });

  it('shows the message and headers of a deliberate 5xx', async () => {
    const res = await api.request('GET', '/v2/workflows', { headers: { 'x-test-keystone-down': '1' } });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toEqual({ faultcode: 'Server', faultstring: 'Identity service (Keystone) is unavailable', debuginfo: null });
  });

  it('limits body size with 413', async () => {
    const big = workflowsYaml('wf') + `# ${'x'.repeat(4096)}\n`;
    const res = await api.request('POST', '/v2/workflows', { yaml: big });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ faultstring: 'Request body is too large: the limit is 2048 bytes' });
    const json = await api.request('POST', '/v2/environments', { json: { name: 'x', description: 'y'.repeat(4096) } });
    expect(json.statusCode).toBe(413);
    expect(json.json()).toMatchObject({ faultcode: 'Client', faultstring: 'Request body is too large: the limit is 2048 bytes' });
  });

  it('refuses XML and unknown media types with 415', async () => {
    const res = await api.request('POST', '/v2/workflows', { yaml: '<workflow/>', headers: { 'content-type': 'application/xml' } });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toEqual({
      faultstring: 'Unsupported content type "application/xml": send definitions as text/plain and other bodies as application/json',
    });
  });

  it('accepts YAML media types and empty JSON bodies on DELETE, as clients send them', async () => {
    const yaml = await api.request('POST', '/v2/workflows', { yaml: workflowsYaml('wf'), headers: { 'content-type': 'application/x-yaml' } });
    expect(yaml.statusCode).toBe(201);
    const del = await api.app.inject({
      method: 'DELETE',
      url: '/v2/workflows/wf',
      headers: { 'x-test-project': 'p1', 'content-type': 'application/json' },
    });
    expect(del.statusCode).toBe(204);
  });

  it('answers unknown paths with a 404 fault', async () => {
    const res = await api.request('GET', '/v2/nothing-here?x=1');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ faultcode: 'Client', faultstring: 'Resource not found: GET /v2/nothing-here', debuginfo: null });
  });

  it('refuses every write of a read-only caller, but lets it read and validate', async () => {
    expect((await api.request('GET', '/v2/environments', { as: READER })).statusCode).toBe(200);
    expect((await api.request('POST', '/v2/workflows/validate', { as: READER, yaml: workflowsYaml('wf') })).statusCode).toBe(200);
    const res = await api.request('POST', '/v2/environments', { as: READER, json: { name: 'x' } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ faultstring: 'Your role is read-only: this request would change something' });
  });

  it('lists this process as its services', async () => {
    const res = await api.request('GET', '/v2/services', { as: MEMBER });
    const services = (res.json() as { services: { name: string; type: string }[] }).services;
    expect(services.map((s) => s.type)).toEqual(['api_group', 'engine_group', 'executor_group']);
    expect(services[1]?.name).toBe(api.engine.engine.owner);
  });

  it('never logs tokens', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const app = await buildApp({ engine: api.engine, authMode: 'keystone', auth: headerAuth, logger: { stream } });
    try {
      const headers = { 'x-test-project': 'p1', 'x-auth-token': 'gAAAA-secret-token', 'x-subject-token': 'gAAAA-other-secret' };
      await app.inject({ method: 'GET', url: '/v2/workflows', headers });
      await app.inject({ method: 'GET', url: '/v2/workflows', headers: { ...headers, 'x-test-crash': '1' } });
    } finally {
      await app.close();
    }
    const log = lines.join('');
    expect(log).toContain('[REDACTED]');
    expect(log).toContain('resolver exploded');
    expect(log).not.toContain('secret-token');
    expect(log).not.toContain('other-secret');
  });
});
