/**
 * Serving the REST API on a port: what `convection server` and `convection start` run. Building
 * the app is app.ts's job; this file only listens and says how it is configured.
 */
import type { FastifyInstance } from 'fastify';
import type { ConvectionEngine } from '../index.js';
import { NOAUTH_PROJECT } from './auth/auth-context.js';
import { buildApp } from './app.js';
import type { BuildAppOptions } from './app.js';

/** Mistral's port, so clients' default endpoints work. */
export const DEFAULT_API_PORT = 8989;
export const DEFAULT_API_HOST = '127.0.0.1';

/** What operators are told when nobody is checked. */
export const NOAUTH_WARNING = `authentication is OFF: every request acts as an admin of ${NOAUTH_PROJECT}`;

export interface ServeOptions extends Omit<BuildAppOptions, 'engine'> {
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** 0 picks a free port. @default 8989 */
  readonly port?: number;
}

export interface RunningApi {
  readonly app: FastifyInstance;
  /** e.g. `http://127.0.0.1:8989` */
  readonly url: string;
  close(): Promise<void>;
}

export async function serveApi(engine: ConvectionEngine, options: ServeOptions): Promise<RunningApi> {
  const app = await buildApp({ ...options, engine });
  if (options.authMode === 'noauth') app.log.warn(NOAUTH_WARNING);
  const url = await app.listen({ host: options.host ?? DEFAULT_API_HOST, port: options.port ?? DEFAULT_API_PORT });
  return { app, url, close: () => app.close() };
}

/** A port from the command line or the environment; anything but 0–65535 is refused. */
export function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || port > 65535) throw new Error(`invalid port "${text}"`);
  return port;
}
