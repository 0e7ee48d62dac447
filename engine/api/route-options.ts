/** What every resource plugin is registered with, and the route flags the v2 hooks read. */
import type { FastifyRequest } from 'fastify';
import type { ConvectionEngine } from '../index.js';
import type { AuthContext } from './auth/auth-context.js';
import type { EventStreamSettings } from './routes/events.js';

export type AuthMode = 'noauth' | 'keystone';

/** Resolves the caller of a request; throws (e.g. a 401 from the catalog in errors.ts) to refuse it. */
export type AuthResolver = (request: FastifyRequest) => Promise<AuthContext>;

export interface ResourceOptions {
  readonly engine: ConvectionEngine;
  readonly authMode: AuthMode;
  /** Limits of the live event streams (read by the stream routes only). */
  readonly streams?: Partial<EventStreamSettings>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Answer without authentication (`GET /v2`). */
    public?: boolean;
    /** A POST that changes nothing (`/validate`), open to read-only callers. */
    readOnlyAllowed?: boolean;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Mistral tells ids from names by their UUID shape. */
export function isUuid(text: string): boolean {
  return UUID.test(text);
}
