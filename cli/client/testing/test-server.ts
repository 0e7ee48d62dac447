/**
 * Test support: a real engine on a SQLite file with its REST API on a free port (noauth), and
 * the `convection` command run in-process against it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEngine } from '../../../engine/index.js';
import type { ConvectionEngine } from '../../../engine/index.js';
import { createAuthResolver } from '../../../engine/api/auth/resolve-auth.js';
import { serveApi } from '../../../engine/api/server.js';
import type { RunningApi } from '../../../engine/api/server.js';
import { main } from '../../main.js';

export interface TestServer {
  readonly engine: ConvectionEngine;
  readonly api: RunningApi;
  readonly dir: string;
  file(name: string, text: string): string;
  close(): Promise<void>;
}

export async function startTestServer(prefix: string): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const engine = await openEngine(`sqlite:${join(dir, 'api.db')}`, { pollMs: 50 });
  const api = await serveApi(engine, { port: 0, authMode: 'noauth', auth: createAuthResolver({ mode: 'noauth' }), logger: false });
  return {
    engine,
    api,
    dir,
    file(name, text) {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    },
    async close() {
      await api.close();
      await engine.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface CliResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs `convection …` in-process with exactly `env` as its environment. */
export async function runCli(env: Readonly<Record<string, string>>, ...args: string[]): Promise<CliResult> {
  let out = '';
  let err = '';
  const code = await main(['node', 'convection', ...args], { out: (t) => (out += t), err: (t) => (err += t) }, { ...env });
  return { code, out, err };
}

/** A loopback port nothing listens on: "the server is down". */
export { freePort as closedPort } from '../../../engine/testing/free-port.js';

/** Polls `probe` until it returns a value (not undefined) or `deadlineMs` passes. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, deadlineMs = 60_000): Promise<T> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
