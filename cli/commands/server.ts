import { Option } from 'commander';
import type { Command } from 'commander';
import { defaultStoreUrl, openEngine } from '../../engine/index.js';
import type { ConvectionEngine } from '../../engine/index.js';
import { DEFAULT_API_HOST, DEFAULT_API_PORT, NOAUTH_WARNING, parsePort, serveApi } from '../../engine/api/server.js';
import type { RunningApi } from '../../engine/api/server.js';
import type { CommandIo } from '../io.js';
import { authConfigFromEnv } from '../../engine/api/auth/auth-config.js';
import { createAuthResolver } from '../../engine/api/auth/resolve-auth.js';

export interface ApiSettings {
  readonly host: string;
  readonly port: number;
}

/**
 * Starts the REST API for `engine` as configured by the environment: CONVECTION_AUTH (`noauth`, the
 * default, or `keystone` with OS_AUTH_URL and the CONVECTION_SERVICE_* credentials) and
 * CONVECTION_LOG_LEVEL. Shared by `server` and `start`.
 */
export async function startApi(engine: ConvectionEngine, settings: ApiSettings, io: CommandIo, env: NodeJS.ProcessEnv = process.env): Promise<RunningApi> {
  const config = authConfigFromEnv(env);
  if (config.mode === 'noauth') io.err(`WARNING: ${NOAUTH_WARNING}\n`);
  const api = await serveApi(engine, {
    host: settings.host,
    port: settings.port,
    authMode: config.mode,
    auth: createAuthResolver(config),
    logger: { level: env['CONVECTION_LOG_LEVEL'] ?? 'info' },
  });
  io.out(`convection API listening on ${api.url}/v2 (${config.mode === 'keystone' ? `Keystone at ${config.authUrl}` : 'no authentication'})\n`);
  return api;
}

export function untilSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
}

/** `convection server`: the engine and its REST API on the store at DATABASE_URL (or the embedded one). */
export function registerServer(program: Command, io: CommandIo, setExit: (code: number) => void): void {
  program
    .command('server')
    .description('serve the Mistral-compatible REST API (and run the engine) until interrupted')
    .option('--host <host>', 'address to listen on', DEFAULT_API_HOST)
    .addOption(new Option('--port <port>', 'port to listen on').env('CONVECTION_API_PORT').default(String(DEFAULT_API_PORT)).argParser(parsePort))
    .action(async (options: { host: string; port: number | string }) => {
      const port = typeof options.port === 'number' ? options.port : parsePort(options.port);
      const engine = await openEngine(defaultStoreUrl());
      try {
        const api = await startApi(engine, { host: options.host, port }, io);
        await untilSignal();
        await api.close();
      } finally {
        await engine.close();
      }
      setExit(0);
    });
}
