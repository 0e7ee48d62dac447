/**
 * The API's error catalog and the one error handler that turns any failure into Mistral's fault
 * body (API digest §0.5): `{"faultcode": "Client"|"Server", "faultstring": …, "debuginfo": null}`, or
 * `{"faultstring": …}` on definition upload endpoints (routes with `config.faultBody: 'pecan'`),
 * always with the `Server-Error-Message` header that python-mistralclient shows first.
 *
 * Engine errors map by code (not-found 404, invalid-* 400, conflict 409, invalid-state 400 as Mistral
 * answers wrong-state operations, too-large 413). A 5xx never shows its message to the client: it is
 * logged with the request id and the client gets that id to quote.
 *
 * Throw `new ApiErrors.NotFound('Workflow not found [id=…]')` and friends from routes and hooks. An
 * error may carry `headers` (see {@link withHeaders}) that the handler sets on the reply, which is
 * how a 401 gets its `WWW-Authenticate`.
 */
import createError from '@fastify/error';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isUniqueViolation } from '../store/dialect.js';
import { EngineError } from '../runtime/errors.js';
import type { EngineErrorCode } from '../runtime/errors.js';

export const ApiErrors = {
  BadRequest: createError<'CONVECTION_BAD_REQUEST', 400, [string]>('CONVECTION_BAD_REQUEST', '%s', 400),
  Unauthenticated: createError<'CONVECTION_UNAUTHENTICATED', 401, [string]>('CONVECTION_UNAUTHENTICATED', '%s', 401),
  Forbidden: createError<'CONVECTION_FORBIDDEN', 403, [string]>('CONVECTION_FORBIDDEN', '%s', 403),
  NotFound: createError<'CONVECTION_NOT_FOUND', 404, [string]>('CONVECTION_NOT_FOUND', '%s', 404),
  Conflict: createError<'CONVECTION_CONFLICT', 409, [string]>('CONVECTION_CONFLICT', '%s', 409),
  PayloadTooLarge: createError<'CONVECTION_PAYLOAD_TOO_LARGE', 413, [string]>('CONVECTION_PAYLOAD_TOO_LARGE', '%s', 413),
  UnsupportedMediaType: createError<'CONVECTION_UNSUPPORTED_MEDIA_TYPE', 415, [string]>(
    'CONVECTION_UNSUPPORTED_MEDIA_TYPE',
    '%s',
    415,
  ),
  NotImplemented: createError<'CONVECTION_NOT_IMPLEMENTED', 501, [string]>('CONVECTION_NOT_IMPLEMENTED', '%s', 501),
} as const;

/** Which fault body a route answers with: WSME's (default) or pecan's bare `faultstring`. */
export type FaultBody = 'wsme' | 'pecan';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** @default 'wsme' */
    faultBody?: FaultBody;
  }
}

/** Attaches response headers to an error (e.g. `WWW-Authenticate` on a 401). */
export function withHeaders<E extends Error>(error: E, headers: Readonly<Record<string, string>>): E {
  Object.defineProperty(error, 'headers', { value: { ...headers }, enumerable: false });
  return error;
}

const ENGINE_STATUS: Readonly<Record<EngineErrorCode, number>> = {
  'not-found': 404,
  'invalid-input': 400,
  'invalid-definition': 400,
  conflict: 409,
  'invalid-state': 400,
  'too-large': 413,
};

/** What the messages of Fastify's own errors may mention. */
export interface FaultContext {
  readonly bodyLimit: number;
  readonly contentType: string | undefined;
}

/** Fastify's own client errors, reworded for people who never heard of Fastify. */
const FASTIFY_MESSAGES: Readonly<Record<string, (c: FaultContext) => string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: (c) => `Request body is too large: the limit is ${c.bodyLimit} bytes`,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: (c) =>
    `Unsupported content type${c.contentType === undefined ? '' : ` "${c.contentType}"`}: send definitions as text/plain and other bodies as application/json`,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => 'Request body size did not match Content-Length',
  FST_ERR_CTP_EMPTY_JSON_BODY: () => 'Request body is empty',
};

export interface Fault {
  readonly statusCode: number;
  /** Safe to show the client. */
  readonly message: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Classifies any thrown value; exported for tests and for plugins that answer early. */
export function faultOf(error: unknown, context: FaultContext): Fault {
  const headers = headersOf(error);
  if (error instanceof EngineError) return { statusCode: ENGINE_STATUS[error.code], message: error.message, headers };
  if (isUniqueViolation(error)) return { statusCode: 409, message: 'Duplicate entry', headers };
  if (isFastifyError(error)) {
    const status = error.statusCode ?? 500;
    // A 500 is a bug whose message was never meant for clients; a 501 or 503 from our catalog or a
    // plugin (Keystone unreachable) is a deliberate answer. Fastify's own 5xx are bugs too.
    const deliberate = error.code.startsWith('CONVECTION_') || (status > 500 && !error.code.startsWith('FST_'));
    if (status >= 500 && !deliberate) return { statusCode: status, message: '', headers };
    const reword = FASTIFY_MESSAGES[error.code];
    return { statusCode: status, message: reword ? reword(context) : error.message, headers };
  }
  return { statusCode: 500, message: '', headers };
}

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === 'string' && 'statusCode' in error;
}

function headersOf(error: unknown): Record<string, string> {
  if (typeof error !== 'object' || error === null) return {};
  const raw: unknown = Reflect.get(error, 'headers');
  if (typeof raw !== 'object' || raw === null) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  return out;
}

/**
 * Header values must be one line of Latin-1; messages listing definition problems are several
 * lines, so the header gets them joined and the body keeps the original.
 */
export function headerSafe(message: string): string {
  return message
    .replace(/\r?\n\s*/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, 4000);
}

/** The `setErrorHandler` callback. `bodyLimit` words the 413 message. */
export function createErrorHandler(bodyLimit: number) {
  return function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    const fault = faultOf(error, { bodyLimit, contentType: request.headers['content-type'] });
    let message = fault.message;
    if (fault.statusCode >= 500) {
      request.log.error({ err: error }, 'request failed');
      if (message === '') message = `Internal server error (request id ${request.id}); the details are in the server log`;
    } else {
      request.log.info({ statusCode: fault.statusCode, fault: message }, 'request refused');
    }
    const style = request.routeOptions.config?.faultBody ?? 'wsme';
    const body =
      style === 'pecan'
        ? { faultstring: message }
        : { faultcode: fault.statusCode >= 500 ? 'Server' : 'Client', faultstring: message, debuginfo: null };
    return reply
      .code(fault.statusCode)
      .headers(fault.headers)
      .header('Server-Error-Message', headerSafe(message))
      .type('application/json; charset=utf-8')
      .send(body);
  };
}
