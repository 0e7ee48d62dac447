/**
 * Test harness for the REST API: a real engine on each store (describeEachStore), the real app,
 * and callers chosen per request through test headers (the Keystone path is tested by the auth
 * module). `x-test-project` names the project, `x-test-roles` the comma-separated roles.
 */
import type { FastifyInstance, FastifyRequest, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { createEngine } from '../../index.js';
import type { ConvectionEngine } from '../../index.js';
import type { StoreTestContext } from '../../store/testing/each-store.js';
import type { AuthContext } from '../auth/auth-context.js';
import { buildApp } from '../app.js';
import type { BuildAppOptions } from '../app.js';
import { ApiErrors, withHeaders } from '../errors.js';

export interface Caller {
  readonly project: string;
  readonly roles: readonly string[];
}

export const ADMIN: Caller = { project: 'p1', roles: ['admin', 'member'] };
export const MEMBER: Caller = { project: 'p1', roles: ['member'] };
export const READER: Caller = { project: 'p1', roles: ['reader'] };
export const OTHER: Caller = { project: 'p2', roles: ['member'] };
export const OTHER_ADMIN: Caller = { project: 'p2', roles: ['admin', 'member'] };
export const THIRD: Caller = { project: 'p3', roles: ['member'] };

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The test resolver: the caller named by the test headers; none → 401; `x-test-crash` → a 500; `x-test-keystone-down` → a 503. */
export async function headerAuth(request: FastifyRequest): Promise<AuthContext> {
  if (header(request, 'x-test-crash') !== undefined) throw new Error('resolver exploded: secret internals');
  if (header(request, 'x-test-keystone-down') !== undefined) {
    // Shaped like the auth module's AuthError: a deliberate 503 carrying its own headers.
    throw Object.assign(new Error('Identity service (Keystone) is unavailable'), { statusCode: 503, code: 'AUTH_UNAVAILABLE', headers: { 'Retry-After': '5' } });
  }
  const project = header(request, 'x-test-project');
  if (project === undefined) {
    throw withHeaders(new ApiErrors.Unauthenticated('Failed to validate access token: Authentication required'), {
      'WWW-Authenticate': 'Keystone uri="http://keystone.test/v3"',
    });
  }
  const roles = (header(request, 'x-test-roles') ?? 'member').split(',');
  return {
    userId: `user-${project}`,
    userName: `user-${project}`,
    projectId: project,
    projectName: project,
    domainId: 'default',
    roles,
    isAdmin: roles.includes('admin'),
    readOnly: !roles.includes('admin') && !roles.includes('member'),
    token: header(request, 'x-auth-token') ?? null,
    expiresAt: null,
  };
}

export interface RequestOptions {
  readonly as?: Caller;
  /** A definition upload (text/plain). */
  readonly yaml?: string;
  /** A JSON body (object, or raw text sent as application/json). */
  readonly json?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ApiHarness {
  readonly app: FastifyInstance;
  readonly engine: ConvectionEngine;
  request(method: InjectOptions['method'], url: string, options?: RequestOptions): Promise<LightMyRequestResponse>;
}

/** Builds the app per suite (per dialect); the catalog is reloaded after each table wipe. */
export function useApi(ctx: StoreTestContext, options: Partial<Omit<BuildAppOptions, 'engine'>> = {}): ApiHarness {
  let engine: ConvectionEngine | undefined;
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    engine = await createEngine(await ctx.openStore(), { pollMs: 50 });
    app = await buildApp({ authMode: 'keystone', auth: headerAuth, ...options, engine });
  });
  beforeEach(async () => {
    await engine?.definitions.loadCatalog();
  });
  afterAll(async () => {
    await app?.close();
    await engine?.close();
  });
  const ready = (): { app: FastifyInstance; engine: ConvectionEngine } => {
    if (app === undefined || engine === undefined) throw new Error('the API harness starts in beforeAll');
    return { app, engine };
  };
  return {
    get app() {
      return ready().app;
    },
    get engine() {
      return ready().engine;
    },
    request(method, url, o = {}) {
      const as = o.as ?? MEMBER;
      const headers: Record<string, string> = { 'x-test-project': as.project, 'x-test-roles': as.roles.join(','), ...o.headers };
      let payload: string | undefined;
      if (o.yaml !== undefined) {
        headers['content-type'] ??= 'text/plain';
        payload = o.yaml;
      } else if (o.json !== undefined) {
        headers['content-type'] ??= 'application/json';
        payload = typeof o.json === 'string' ? o.json : JSON.stringify(o.json);
      }
      return ready().app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
    },
  };
}

/** A workflow-list document with one trivial workflow per name. */
export function workflowsYaml(...names: string[]): string {
  return `version: '2.0'\n${names.map((n) => `${n}:\n  tasks:\n    t:\n      action: std.noop\n`).join('')}`;
}

/** `YYYY-MM-DD HH:MM:SS`. */
export const WIRE_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
