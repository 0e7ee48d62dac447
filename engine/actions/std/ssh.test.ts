import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveActionsConfig } from '../config.js';
import { executeAction } from '../execute-action.js';
import { newRsaPrivateKey, startSshServer, type SshTestServer } from '../ssh/ssh-test-server.js';
import { errorOf, inputOf, resultOf, testContext } from '../test-support.js';
import { createSshProxiedAction } from './ssh-proxied.js';
import { createSshAction } from './ssh.js';

let server: SshTestServer;
let clientKey: string;
let keyDir: string;

beforeAll(async () => {
  clientKey = newRsaPrivateKey();
  server = await startSshServer(
    [
      { username: 'alice', password: 'wonderland' },
      { username: 'bob', privateKey: clientKey },
    ],
    newRsaPrivateKey(),
  );
  keyDir = await mkdtemp(join(tmpdir(), 'convection-ssh-'));
  await writeFile(join(keyDir, 'id_bob'), clientKey, { mode: 0o600 });
}, 20_000);

afterAll(async () => {
  await server.close();
  await rm(keyDir, { recursive: true, force: true });
});

const sshConfig = () => resolveActionsConfig({ ssh: { connectTimeoutSeconds: 5, keyDir } }).ssh;
const ssh = () => createSshAction(sshConfig());
const host = () => `127.0.0.1:${server.port}`;

describe('std.ssh against a local SSH server', () => {
  it('returns stdout of the command', async () => {
    expect(resultOf(await executeAction(ssh(), inputOf({ cmd: 'echo hi there', host: host(), username: 'alice', password: 'wonderland' }), testContext()))).toBe(
      'hi there\n',
    );
  });

  it('returns a list for several hosts, in order', async () => {
    const outcome = await executeAction(ssh(), inputOf({ cmd: 'whoami', host: [host(), host()], username: 'alice', password: 'wonderland' }), testContext());
    expect(resultOf(outcome)).toEqual(['alice\n', 'alice\n']);
  });

  it('logs in with a private key given inline or as a file name under the key directory', async () => {
    expect(resultOf(await executeAction(ssh(), inputOf({ cmd: 'whoami', host: host(), username: 'bob', private_key: clientKey }), testContext()))).toBe('bob\n');
    expect(resultOf(await executeAction(ssh(), inputOf({ cmd: 'whoami', host: host(), username: 'bob', private_key_filename: 'id_bob' }), testContext()))).toBe(
      'bob\n',
    );
  });

  it('refuses key file names that climb out of the key directory', async () => {
    const error = errorOf(await executeAction(ssh(), inputOf({ cmd: 'whoami', host: host(), username: 'bob', private_key_filename: '../etc/shadow' }), testContext()));
    expect(error).toBe("Private key filename must not contain '..': ../etc/shadow");
  });

  it('fails on a non-zero exit, with the exit code and stderr', async () => {
    const error = errorOf(await executeAction(ssh(), inputOf({ cmd: 'fail', host: host(), username: 'alice', password: 'wonderland' }), testContext()));
    expect(error).toBe(`Failed to execute ssh cmd 'fail' on ${host()}: exit code 3: boom`);
  });

  it('returns stdout, stderr and exit_code instead when return_result_on_error is set', async () => {
    const outcome = await executeAction(
      ssh(),
      inputOf({ cmd: 'fail', host: host(), username: 'alice', password: 'wonderland', return_result_on_error: true }),
      testContext(),
    );
    expect(resultOf(outcome)).toEqual(new Map<string, unknown>([['stdout', 'partial output\n'], ['stderr', 'boom\n'], ['exit_code', 3]]));
  });

  it('reports failed authentication without echoing the password', async () => {
    const error = errorOf(await executeAction(ssh(), inputOf({ cmd: 'whoami', host: host(), username: 'alice', password: 'guess-123' }), testContext()));
    expect(error).toBe(`Failed to execute ssh cmd 'whoami' on ${host()}: cannot connect to ${host()}: authentication failed for user 'alice'`);
    expect(error).not.toContain('guess-123');
  });
});

describe('std.ssh failures before any command runs', () => {
  it('says clearly when the host is unreachable', async () => {
    const port = await closedPort();
    const started = performance.now();
    const error = errorOf(await executeAction(ssh(), inputOf({ cmd: 'ls', host: `127.0.0.1:${port}`, username: 'u', password: 'p' }), testContext()));
    expect(error).toBe(`Failed to execute ssh cmd 'ls' on 127.0.0.1:${port}: cannot connect to 127.0.0.1:${port}: connection refused`);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('requires host and username', async () => {
    expect(errorOf(await executeAction(ssh(), inputOf({ cmd: 'ls' }), testContext()))).toBe(
      "Invalid input for action std.ssh: missing required parameters 'host', 'username'",
    );
    expect(errorOf(await executeAction(ssh(), inputOf({ cmd: 'ls', host: [], username: 'u' }), testContext()))).toBe(
      "Invalid value for parameter 'host' of std.ssh: no host given",
    );
  });

  it('rejects an unusable private key without quoting it', async () => {
    const error = errorOf(await executeAction(ssh(), inputOf({ cmd: 'ls', host: host(), username: 'bob', private_key: 'not-a-key-SECRET' }), testContext()));
    expect(error).toContain('the private key cannot be used');
    expect(error).not.toContain('SECRET');
  });
});

describe('std.ssh_proxied', () => {
  const proxied = () => createSshProxiedAction(sshConfig());

  it('runs the command on the target through the gateway', async () => {
    const before = server.forwards.length;
    const outcome = await executeAction(
      proxied(),
      inputOf({ cmd: 'whoami', host: host(), username: 'bob', private_key: clientKey, gateway_host: host() }),
      testContext(),
    );
    expect(resultOf(outcome)).toBe('bob\n');
    expect(server.forwards.slice(before)).toEqual([`127.0.0.1:${server.port}`]);
  });

  it('names the gateway when it cannot be reached', async () => {
    const port = await closedPort();
    const error = errorOf(
      await executeAction(proxied(), inputOf({ cmd: 'ls', host: host(), username: 'bob', private_key: clientKey, gateway_host: `127.0.0.1:${port}` }), testContext()),
    );
    expect(error).toBe(`Failed to execute ssh cmd 'ls' on ${host()}: gateway 127.0.0.1:${port}: cannot connect to 127.0.0.1:${port}: connection refused`);
  });

  it('refuses proxy_command unless the operator enabled it', async () => {
    const error = errorOf(
      await executeAction(
        proxied(),
        inputOf({ cmd: 'ls', host: host(), username: 'bob', gateway_host: host(), proxy_command: 'nc %h %p' }),
        testContext(),
      ),
    );
    expect(error).toMatch(/proxy_command would run a local process on the engine host and is disabled; set ssh\.allowProxyCommand: true/);
  });

  it('requires gateway_host', async () => {
    expect(errorOf(await executeAction(proxied(), inputOf({ cmd: 'ls', host: 'h', username: 'u' }), testContext()))).toBe(
      "Invalid input for action std.ssh_proxied: missing required parameter 'gateway_host'",
    );
  });
});

async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
