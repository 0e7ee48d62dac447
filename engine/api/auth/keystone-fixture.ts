/**
 * Test support (not used by the service): starts a real Keystone through scripts/keystone.sh and reads
 * the credentials it provisioned. Tests against Keystone are skipped only when CONVECTION_SKIP_KEYSTONE=1.
 */

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe } from 'vitest';
import type { PasswordCredentials } from './keystone-client.js';

const run = promisify(execFile);
const SCRIPT = fileURLToPath(new URL('../../../scripts/keystone.sh', import.meta.url));

export const SKIP_KEYSTONE = process.env.CONVECTION_SKIP_KEYSTONE === '1';
export const SKIP_KEYSTONE_MESSAGE =
  'CONVECTION_SKIP_KEYSTONE=1: skipping the tests that need a real Keystone (scripts/keystone.sh start)';

/** The first start installs Debian packages and provisions users: minutes, not seconds. */
export const KEYSTONE_START_TIMEOUT_MS = 15 * 60_000;

export type KeystoneUser = 'admin' | 'demo-member' | 'demo-reader' | 'other-member' | 'both-member' | 'convection';

export interface KeystoneInstanceOptions {
  /** State folder; the script's default when omitted. */
  readonly dir?: string;
  readonly port?: number;
  /** `[token] expiration` in seconds. */
  readonly tokenExpiration?: number;
  /** false: bootstrap only (the admin user), for throwaway instances. */
  readonly provision?: boolean;
}

export interface KeystoneInstance {
  readonly authUrl: string;
  /** The `export`s printed by `keystone.sh env`. Holds passwords: never print it. */
  readonly env: Readonly<Record<string, string>>;
  readonly options: KeystoneInstanceOptions;
}

function scriptEnv(options: KeystoneInstanceOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (options.dir !== undefined) env.CONVECTION_KEYSTONE_DIR = options.dir;
  if (options.port !== undefined) env.CONVECTION_KEYSTONE_PORT = String(options.port);
  if (options.tokenExpiration !== undefined) {
    env.CONVECTION_KEYSTONE_TOKEN_EXPIRATION = String(options.tokenExpiration);
  }
  if (options.provision === false) env.CONVECTION_KEYSTONE_PROVISION = '0';
  return env;
}

/** Starts (or finds running) the Keystone described by `options` and returns its settings. */
export async function startKeystone(options: KeystoneInstanceOptions = {}): Promise<KeystoneInstance> {
  const env = scriptEnv(options);
  try {
    await run('bash', [SCRIPT, 'start'], { env, timeout: KEYSTONE_START_TIMEOUT_MS, maxBuffer: 16 << 20 });
  } catch (error) {
    const stderr = (error as { stderr?: unknown }).stderr;
    throw new Error(`scripts/keystone.sh start failed:\n${typeof stderr === 'string' ? stderr : String(error)}`);
  }
  // bash itself reads the %q-quoted exports back, so no quoting rules are re-implemented here.
  const { stdout } = await run('bash', ['-c', 'eval "$(bash "$0" env)" && env -0', SCRIPT], { env });
  const exported: Record<string, string> = {};
  for (const entry of stdout.split('\0')) {
    const eq = entry.indexOf('=');
    const name = entry.slice(0, eq);
    if (eq > 0 && (name.startsWith('OS_') || name.startsWith('CONVECTION_'))) exported[name] = entry.slice(eq + 1);
  }
  const authUrl = exported.OS_AUTH_URL;
  if (!authUrl) throw new Error('scripts/keystone.sh env printed no OS_AUTH_URL');
  return { authUrl, env: Object.freeze(exported), options };
}

/** `describe` for a suite that needs a real Keystone: skipped, saying why, under CONVECTION_SKIP_KEYSTONE=1. */
export function describeWithKeystone(name: string, body: () => void): void {
  if (SKIP_KEYSTONE) console.warn(SKIP_KEYSTONE_MESSAGE);
  describe.skipIf(SKIP_KEYSTONE)(name, body);
}

/**
 * Starts (or finds running) a Keystone before the suite's tests and hands it to `ready`; `options`
 * is evaluated then too, so that it may wait for what it needs (a free port).
 */
export function beforeAllKeystone(
  ready: (keystone: KeystoneInstance) => void,
  options: () => KeystoneInstanceOptions | Promise<KeystoneInstanceOptions> = () => ({}),
): void {
  beforeAll(async () => {
    ready(await startKeystone(await options()));
  }, KEYSTONE_START_TIMEOUT_MS);
}

export async function stopKeystone(instance: KeystoneInstance): Promise<void> {
  await run('bash', [SCRIPT, 'stop'], { env: scriptEnv(instance.options) });
}

const USERS: Record<KeystoneUser, { passwordVar: string; project: string }> = {
  admin: { passwordVar: 'CONVECTION_KEYSTONE_ADMIN_PASSWORD', project: 'admin' },
  'demo-member': { passwordVar: 'CONVECTION_KEYSTONE_DEMO_MEMBER_PASSWORD', project: 'demo' },
  'demo-reader': { passwordVar: 'CONVECTION_KEYSTONE_DEMO_READER_PASSWORD', project: 'demo' },
  'other-member': { passwordVar: 'CONVECTION_KEYSTONE_OTHER_MEMBER_PASSWORD', project: 'other' },
  'both-member': { passwordVar: 'CONVECTION_KEYSTONE_BOTH_MEMBER_PASSWORD', project: 'demo' },
  convection: { passwordVar: 'CONVECTION_SERVICE_PASSWORD', project: 'service' },
};

/** Password credentials of a provisioned user, scoped to its home project unless `projectName` is given. */
export function credentials(
  instance: KeystoneInstance,
  user: KeystoneUser,
  projectName?: string,
): Required<PasswordCredentials> {
  const { passwordVar, project } = USERS[user];
  const password = instance.env[passwordVar];
  if (!password) throw new Error(`keystone.sh env has no ${passwordVar}`);
  return {
    username: user,
    password,
    userDomainName: 'Default',
    projectName: projectName ?? project,
    projectDomainName: 'Default',
  };
}

/** A loopback port nothing listens on, to stand for "Keystone is down". */
export { freePort as closedPort } from '../../testing/free-port.js';
