/**
 * One SSH connection and one command over ssh2, with messages that say what went wrong without
 * echoing credentials.
 */
import type { Readable } from 'node:stream';
import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { ActionError, errorCode, errorMessage } from '../errors.js';

export interface SshEndpoint {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password?: string;
  readonly privateKey?: string;
  /** An already-open transport (gateway channel or proxy command) instead of a TCP connection. */
  readonly sock?: Readable;
}

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export function describeEndpoint(e: Pick<SshEndpoint, 'host' | 'port'>): string {
  return e.port === 22 ? e.host : `${e.host}:${e.port}`;
}

/** Connects and authenticates; rejects with an ActionError naming the endpoint and the cause. */
export function connectSsh(endpoint: SshEndpoint, readyTimeoutMs: number, signal: AbortSignal): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    const where = describeEndpoint(endpoint);
    const onAbort = (): void => {
      client.destroy();
      reject(new ActionError(`SSH connection to ${where} cancelled`));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    client.once('ready', () => {
      signal.removeEventListener('abort', onAbort);
      resolve(client);
    });
    // Kept for the client's life: an 'error' without a listener would crash the process. After
    // 'ready' the rejection is a no-op and the running command sees its channel close.
    client.on('error', (err: Error & { level?: string }) => {
      signal.removeEventListener('abort', onAbort);
      client.destroy();
      reject(new ActionError(`cannot connect to ${where}: ${describeConnectError(err, endpoint.username)}`));
    });
    const config: ConnectConfig = {
      host: endpoint.host,
      port: endpoint.port,
      username: endpoint.username,
      readyTimeout: readyTimeoutMs,
      // Like Mistral (paramiko AutoAddPolicy), unknown host keys are accepted.
      ...(endpoint.password ? { password: endpoint.password } : {}),
      ...(endpoint.privateKey ? { privateKey: endpoint.privateKey, ...(endpoint.password ? { passphrase: endpoint.password } : {}) } : {}),
      ...(endpoint.sock ? { sock: endpoint.sock } : {}),
    };
    try {
      client.connect(config);
    } catch (err) {
      signal.removeEventListener('abort', onAbort);
      // ssh2 throws synchronously for unusable keys; its message never contains the key.
      reject(new ActionError(`cannot connect to ${where}: ${/privateKey/i.test(errorMessage(err)) ? 'the private key cannot be used' : errorMessage(err)}`));
    }
  });
}

function describeConnectError(err: Error & { level?: string }, username: string): string {
  if (err.level === 'client-authentication') return `authentication failed for user '${username}'`;
  if (err.level === 'client-timeout') return 'timed out waiting for the SSH handshake';
  const code = errorCode(err);
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host name not found';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable';
  if (code === 'ETIMEDOUT') return 'connection timed out';
  return errorMessage(err);
}

/** Runs `cmd`, collecting at most `maxOutputBytes` of each stream. */
export function execCommand(client: Client, cmd: string, maxOutputBytes: number, signal: AbortSignal): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    client.exec(cmd, (err, channel: ClientChannel) => {
      if (err) return reject(new ActionError(`cannot start the command: ${errorMessage(err)}`));
      const stdout = new Collector(maxOutputBytes);
      const stderr = new Collector(maxOutputBytes);
      let exit: { code: number | null; signal: string | undefined } | undefined;
      const onAbort = (): void => {
        channel.close();
        reject(new ActionError('SSH command cancelled'));
      };
      signal.addEventListener('abort', onAbort, { once: true });
      channel.on('data', (chunk: Buffer) => stdout.add(chunk));
      channel.stderr.on('data', (chunk: Buffer) => stderr.add(chunk));
      channel.on('exit', (code: number | null, signalName?: string) => {
        exit = { code, signal: signalName };
      });
      channel.on('close', () => {
        signal.removeEventListener('abort', onAbort);
        if (stdout.overflow || stderr.overflow) {
          return reject(new ActionError(`command output exceeds ${maxOutputBytes} bytes (ssh.maxOutputBytes in the actions configuration)`));
        }
        if (!exit) return reject(new ActionError('the connection closed before the command reported an exit status'));
        // A command killed by a signal has no exit code; -1 keeps it a failure.
        resolve({ stdout: stdout.text(), stderr: stderr.text(), exitCode: exit.code ?? -1 });
      });
    });
  });
}

class Collector {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  overflow = false;
  constructor(private readonly limit: number) {}
  add(chunk: Buffer): void {
    if (this.overflow) return;
    this.size += chunk.length;
    if (this.size > this.limit) this.overflow = true;
    else this.chunks.push(chunk);
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** Opens a TCP channel from `gateway` to `host:port` (SSH direct-tcpip), for a jump-host connection. */
export function forwardThrough(gateway: Client, host: string, port: number): Promise<ClientChannel> {
  return new Promise((resolve, reject) => {
    gateway.forwardOut('127.0.0.1', 0, host, port, (err, channel) => {
      if (err) reject(new ActionError(`the gateway cannot reach ${describeEndpoint({ host, port })}: ${errorMessage(err)}`));
      else resolve(channel);
    });
  });
}
