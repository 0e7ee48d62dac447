/**
 * The part std.ssh and std.ssh_proxied share: run `cmd` on each host in turn and shape the result
 * as Mistral does (a string for one host, a list for several).
 */
import type { Client } from 'ssh2';
import { mapOf, type Value, type ValueMap } from '../../language/values/value.js';
import { failure, success, type ActionOutcome } from '../action.js';
import type { SshActionsConfig } from '../config.js';
import { ActionError, errorMessage } from '../errors.js';
import { parseHostPort } from '../host-port.js';
import { readBoolean, readOptionalString, readString, readStringList } from '../input-readers.js';
import { loadPrivateKey } from './private-key.js';
import { connectSsh, describeEndpoint, execCommand, type SshEndpoint } from './ssh-session.js';

export const SSH_PARAMS = [
  { name: 'cmd', required: true },
  { name: 'host', required: true },
  { name: 'username', required: true },
  { name: 'password', required: false, default: '' },
  { name: 'private_key_filename', required: false, default: null },
  { name: 'private_key', required: false, default: null },
  { name: 'return_result_on_error', required: false, default: false },
] as const;

export interface SshCredentials {
  readonly username: string;
  readonly password?: string;
  readonly privateKey?: string;
}

/** How to reach one target: a direct TCP connection, or a transport the caller opens (gateway). */
export type SshConnector = (target: SshEndpoint, signal: AbortSignal) => Promise<{ client: Client; release(): void }>;

export async function readCredentials(input: ValueMap, action: string, config: SshActionsConfig): Promise<SshCredentials> {
  const password = readOptionalString(input, 'password', action) ?? '';
  const privateKey = await loadPrivateKey(
    readOptionalString(input, 'private_key', action),
    readOptionalString(input, 'private_key_filename', action),
    config.keyDir,
  );
  return {
    username: readString(input, 'username', action),
    ...(password ? { password } : {}),
    ...(privateKey ? { privateKey } : {}),
  };
}

export const directConnector =
  (config: SshActionsConfig): SshConnector =>
  async (target, signal) => {
    const client = await connectSsh(target, config.connectTimeoutSeconds * 1000, signal);
    return { client, release: () => client.end() };
  };

export async function runSshCommand(
  input: ValueMap,
  action: string,
  config: SshActionsConfig,
  credentials: SshCredentials,
  connect: SshConnector,
  signal: AbortSignal,
): Promise<ActionOutcome> {
  const cmd = readString(input, 'cmd', action);
  const hosts = readStringList(input, 'host', action);
  if (hosts.length === 0) throw new ActionError(`Invalid value for parameter 'host' of ${action}: no host given`);
  const returnOnError = readBoolean(input, 'return_result_on_error', action, false);

  const results: Value[] = [];
  for (const hostText of hosts) {
    const { host, port } = parseHostPort(hostText, 22, 'host');
    const where = describeEndpoint({ host, port });
    const fail = (reason: string): ActionOutcome => failure(`Failed to execute ssh cmd '${cmd}' on ${where}: ${reason}`);
    let session: { client: Client; release(): void };
    try {
      session = await connect({ host, port, ...credentials }, signal);
    } catch (err) {
      return fail(errorMessage(err));
    }
    try {
      const res = await execCommand(session.client, cmd, config.maxOutputBytes, signal);
      if (res.exitCode === 0) results.push(res.stdout);
      else if (returnOnError) results.push(mapOf([['stdout', res.stdout], ['stderr', res.stderr], ['exit_code', res.exitCode]]));
      else return fail(`exit code ${res.exitCode}${res.stderr.trim() ? `: ${tail(res.stderr.trim(), 2000)}` : ''}`);
    } catch (err) {
      return fail(errorMessage(err));
    } finally {
      session.release();
    }
  }
  // As Mistral: a list only when there are several results, so `host: [a]` returns a string.
  return success(results.length > 1 ? results : (results[0] ?? null));
}

function tail(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(-max)}`;
}
