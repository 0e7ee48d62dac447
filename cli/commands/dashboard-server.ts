/**
 * The dashboard side of `convection start`: builds the Next app when there is no current build,
 * then runs `next start` as a child process (its own memory, stopped with the parent). Also used by
 * the e2e fixtures, so tests run the dashboard exactly as users do.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const SOURCE_DIRS = ['app', 'components', 'lib', 'public'];
const SOURCE_FILES = ['next.config.ts', 'proxy.ts', 'postcss.config.mjs', 'tsconfig.dashboard.json', 'package-lock.json'];
/** The build folder (next.config.ts reads the same variable). */
export function distDir(env: NodeJS.ProcessEnv = process.env): string {
  return env['CONVECTION_NEXT_DIST_DIR']?.trim() || '.next';
}

const stampFile = (root: string) => join(root, distDir(), 'convection-build.json');

function nextBin(root: string): string {
  return createRequire(join(root, 'package.json')).resolve('next/dist/bin/next');
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listFiles(path);
    return entry.name.endsWith('.test.ts') ? [] : [path];
  });
}

/** `next build` adds its type folders to the tsconfig's `include`; only the compiler options shape the build. */
function compilerOptionsOf(file: string): string {
  try {
    return JSON.stringify((JSON.parse(readFileSync(file, 'utf8')) as { compilerOptions?: unknown }).compilerOptions ?? null);
  } catch {
    return readFileSync(file, 'utf8');
  }
}

/** A hash of everything the build depends on, plus the base path (baked in at build time). */
export function dashboardSourceHash(root: string = REPO_ROOT, basePath = process.env['CONVECTION_BASE_PATH'] ?? ''): string {
  const hash = createHash('sha256').update(`base-path:${basePath}\n`);
  const files = [...SOURCE_DIRS.flatMap((d) => listFiles(join(root, d))), ...SOURCE_FILES.map((f) => join(root, f)).filter(existsSync)].sort();
  for (const file of files) {
    hash.update(`${relative(root, file)}\n`);
    hash.update(file.endsWith('tsconfig.dashboard.json') ? compilerOptionsOf(file) : readFileSync(file));
  }
  return hash.digest('hex');
}

export function dashboardBuildIsCurrent(root: string = REPO_ROOT): boolean {
  const stamp = stampFile(root);
  if (!existsSync(join(root, distDir(), 'BUILD_ID')) || !existsSync(stamp)) return false;
  try {
    return (JSON.parse(readFileSync(stamp, 'utf8')) as { hash?: string }).hash === dashboardSourceHash(root);
  } catch {
    return false;
  }
}

/** Runs `next build` quietly (its output is shown only when it fails). */
export async function buildDashboard(root: string = REPO_ROOT, log: (line: string) => void = () => undefined): Promise<void> {
  const hash = dashboardSourceHash(root);
  log('building the dashboard (first start or changed sources; about a minute)…');
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin(root), 'build'], {
      cwd: root,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`next build failed (exit ${code}):\n${output.join('').split('\n').slice(-40).join('\n')}`);
  writeFileSync(stampFile(root), JSON.stringify({ hash, builtAt: new Date().toISOString() }));
}

const LOCK_STALE_MS = 15 * 60_000;

/** One build at a time per build folder (several processes may start at once, e.g. test runs). */
async function withBuildLock<T>(root: string, run: () => Promise<T>): Promise<T> {
  const lock = join(root, `${distDir()}.build-lock`);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const age = existsSync(lock) ? Date.now() - statSync(lock).mtimeMs : 0;
      if (age > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      else await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  try {
    return await run();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export async function ensureDashboardBuild(root: string = REPO_ROOT, log?: (line: string) => void): Promise<void> {
  if (dashboardBuildIsCurrent(root)) return;
  await withBuildLock(root, async () => {
    // Another process may have built it while this one waited.
    if (!dashboardBuildIsCurrent(root)) await buildDashboard(root, log);
  });
}

/**
 * NEXTAUTH_SECRET encrypts the session cookie. Without one configured, a random secret is kept in
 * `<stateDir>/nextauth-secret` (mode 600), so sessions survive restarts of a local install.
 */
export function sessionSecret(stateDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['NEXTAUTH_SECRET']?.trim();
  if (configured) return configured;
  const file = join(stateDir, 'nextauth-secret');
  if (existsSync(file) && statSync(file).size > 0) return readFileSync(file, 'utf8').trim();
  mkdirSync(stateDir, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export interface DashboardOptions {
  readonly host: string;
  readonly port: number;
  /** The engine API the dashboard forwards to. */
  readonly apiUrl: string;
  readonly secret: string;
  readonly root?: string;
  /** Extra environment (e.g. OS_AUTH_URL for Keystone login). */
  readonly env?: NodeJS.ProcessEnv;
  /** Receives the server's error output once it is up (start-up output is shown only on failure). */
  readonly onError?: (text: string) => void;
}

export interface RunningDashboard {
  readonly url: string;
  readonly child: ChildProcess;
  close(): Promise<void>;
}

function basePath(): string {
  return (process.env['CONVECTION_BASE_PATH'] ?? '').trim().replace(/\/+$/, '');
}

async function waitUntilServing(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the dashboard exited (code ${child.exitCode}):\n${output.join('').slice(-4000)}`);
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2_000) });
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the dashboard did not answer at ${url} within 60 s:\n${output.join('').slice(-4000)}`);
}

/** Starts `next start` on a current build and resolves once it answers. */
export async function startDashboard(options: DashboardOptions): Promise<RunningDashboard> {
  const root = options.root ?? REPO_ROOT;
  const publicHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  const origin = `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${options.port}`;
  const url = `${origin}${basePath()}`;
  const output: string[] = [];
  const child = spawn(process.execPath, [nextBin(root), 'start', '--hostname', options.host, '--port', String(options.port)], {
    cwd: root,
    env: {
      ...process.env,
      ...options.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      CONVECTION_API_URL: options.apiUrl,
      NEXTAUTH_SECRET: options.secret,
      NEXTAUTH_URL: process.env['NEXTAUTH_URL'] ?? `${url}/api/auth`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: `next start` runs the server in a grandchild, which must stop with it.
    detached: true,
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  // A parent that dies without close() must not leave the dashboard running on its own.
  const onParentExit = () => signalGroup('SIGKILL');
  process.once('exit', onParentExit);
  const close = () =>
    new Promise<void>((resolve) => {
      process.removeListener('exit', onParentExit);
      if (child.exitCode !== null || child.signalCode !== null) {
        signalGroup('SIGTERM');
        return resolve();
      }
      child.once('exit', () => {
        signalGroup('SIGTERM');
        resolve();
      });
      signalGroup('SIGTERM');
      setTimeout(() => signalGroup('SIGKILL'), 5_000).unref();
    });
  try {
    await waitUntilServing(`${url}/login`, child, output);
  } catch (error) {
    await close();
    throw error;
  }
  if (options.onError) {
    const report = options.onError;
    child.stderr?.on('data', (chunk: Buffer) => report(chunk.toString()));
  }
  return { url, child, close };
}
