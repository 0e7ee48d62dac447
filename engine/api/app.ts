/**
 * Builds the REST API (Mistral v2 wire format) over an engine, without listening: tests call
 * `inject`, server.ts listens. Registration order is the architecture: body parsers and the error
 * handler, then the request decorations, then the URL table (routes.ts).
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ConvectionEngine } from '../index.js';
import { NOAUTH_CONTEXT } from './auth/auth-context.js';
import type { AuthContext } from './auth/auth-context.js';
import { registerContentParsers } from './content-parsers.js';
import { ApiErrors, createErrorHandler } from './errors.js';
import { registerRoutes } from './routes.js';
import type { AuthMode, AuthResolver } from './route-options.js';
import type { EventStreamSettings } from './routes/events.js';

export type { AuthMode, AuthResolver } from './route-options.js';

/** 1 MiB: far above any real workbook, far below what would hurt the process. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

export interface BuildAppOptions {
  readonly engine: ConvectionEngine;
  /**
   * Resolves each `/v2` request's caller into `request.auth` (throw to refuse, e.g. a 401 from
   * `ApiErrors.Unauthenticated`). Required with `authMode: 'keystone'`.
   * @default every request is NOAUTH_CONTEXT (an admin of `<default-project>`)
   */
  readonly auth?: AuthResolver;
  /** `noauth` also disables workflow sharing, as in Mistral. */
  readonly authMode: AuthMode;
  /**
   * Largest request body in bytes; bigger ones answer 413.
   * @default 1048576
   */
  readonly bodyLimit?: number;
  /**
   * Fastify's logger: `false` (default), `true`, or pino options. Request logs never contain
   * tokens: see {@link serializeRequest}.
   */
  readonly logger?: boolean | Readonly<Record<string, unknown>>;
  /**
   * Live event stream limits: heartbeat, poll interval, per-client buffer and stream cap.
   * @default DEFAULT_EVENT_STREAM_SETTINGS (routes/events.ts)
   */
  readonly streams?: Partial<EventStreamSettings>;
}

const SECRET_HEADERS = ['x-auth-token', 'x-subject-token', 'x-target-auth-token', 'x-service-token', 'authorization', 'cookie'];

/** The request as logged: what the default serializer shows, plus headers with secrets blanked. */
export function serializeRequest(request: FastifyRequest): Record<string, unknown> {
  const headers: Record<string, unknown> = { ...request.headers };
  for (const name of SECRET_HEADERS) if (name in headers) headers[name] = '[REDACTED]';
  return { method: request.method, url: request.url, host: request.host, remoteAddress: request.ip, headers };
}

function loggerOptions(logger: BuildAppOptions['logger']): false | Record<string, unknown> {
  if (logger === undefined || logger === false) return false;
  const base: Readonly<Record<string, unknown>> = logger === true ? {} : logger;
  const serializers = typeof base['serializers'] === 'object' && base['serializers'] !== null ? base['serializers'] : {};
  return { level: 'info', ...base, serializers: { ...serializers, req: serializeRequest } };
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  if (options.authMode === 'keystone' && options.auth === undefined) {
    throw new Error('buildApp: authMode "keystone" needs an auth resolver');
  }
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const app = Fastify({
    logger: loggerOptions(options.logger),
    bodyLimit,
    routerOptions: { ignoreTrailingSlash: true },
    // Ids come from us, never from the client, so a log line can be trusted to name one request.
    requestIdHeader: false,
    genReqId: () => `req-${randomUUID()}`,
  });

  registerContentParsers(app);
  app.setErrorHandler(createErrorHandler(bodyLimit));
  app.setNotFoundHandler(async (request) => {
    throw new ApiErrors.NotFound(`Resource not found: ${request.method} ${request.url.split('?')[0] ?? ''}`);
  });
  // Fail closed: reading the caller anywhere routes.ts did not resolve it is a bug, not an admin.
  const callers = new WeakMap<FastifyRequest, AuthContext>();
  app.decorateRequest('auth', {
    getter(this: FastifyRequest): AuthContext {
      const caller = callers.get(this);
      if (caller === undefined) throw new Error('request.auth read on a route that does not authenticate');
      return caller;
    },
    setter(this: FastifyRequest, value: AuthContext) {
      callers.set(this, value);
    },
  });
  // OpenStack services name each request in this header; support staff ask for it.
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-openstack-request-id', request.id);
    return payload;
  });

  await registerRoutes(app, {
    engine: options.engine,
    authMode: options.authMode,
    auth: options.auth ?? (() => Promise.resolve(NOAUTH_CONTEXT)),
    ...(options.streams === undefined ? {} : { streams: options.streams }),
  });
  return app;
}
