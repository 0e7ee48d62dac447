import { spawn } from 'node:child_process';
import { Duplex } from 'node:stream';
import type { ActionDefinition } from '../action.js';
import type { SshActionsConfig } from '../config.js';
import { ActionError } from '../errors.js';
import { parseHostPort } from '../host-port.js';
import { readOptionalString, readString } from '../input-readers.js';
import { readCredentials, runSshCommand, type SshConnector, type SshCredentials } from '../ssh/run-ssh-command.js';
import { connectSsh, describeEndpoint, forwardThrough } from '../ssh/ssh-session.js';

const ACTION = 'std.ssh_proxied';

export function createSshProxiedAction(config: SshActionsConfig): ActionDefinition {
  return {
    name: ACTION,
    description:
      'std.ssh through a jump host: connects to `gateway_host` (as `gateway_username`, default `username`, ' +
      'with the same credentials), then to each `host` through it.',
    params: [
      { name: 'cmd', required: true },
      { name: 'host', required: true },
      { name: 'username', required: true },
      { name: 'private_key_filename', required: false, default: null },
      { name: 'gateway_host', required: true },
      { name: 'gateway_username', required: false, default: null },
      { name: 'password', required: false, default: null },
      { name: 'proxy_command', required: false, default: null },
      { name: 'private_key', required: false, default: null },
      { name: 'return_result_on_error', required: false, default: false },
    ],
    idempotent: false,
    isAsync: false,
    async run(input, ctx) {
      const credentials = await readCredentials(input, ACTION, config);
      const gateway = parseHostPort(readString(input, 'gateway_host', ACTION), 22, 'gateway_host');
      const gatewayUser = readOptionalString(input, 'gateway_username', ACTION) ?? credentials.username;
      const proxyCommand = readOptionalString(input, 'proxy_command', ACTION);
      if (proxyCommand && !config.allowProxyCommand) {
        throw new ActionError(
          `${ACTION}: proxy_command would run a local process on the engine host and is disabled; ` +
            `set ssh.allowProxyCommand: true in the actions configuration to allow it`,
        );
      }
      const connector = viaGateway(config, { ...credentials, username: gatewayUser }, gateway, proxyCommand);
      return runSshCommand(input, ACTION, config, credentials, connector, ctx.signal);
    },
  };
}

function viaGateway(
  config: SshActionsConfig,
  gatewayCredentials: SshCredentials,
  gateway: { host: string; port: number },
  proxyCommand: string | null,
): SshConnector {
  const timeoutMs = config.connectTimeoutSeconds * 1000;
  return async (target, signal) => {
    const sock = proxyCommand ? proxyCommandStream(proxyCommand, gateway) : undefined;
    let gatewayClient;
    try {
      gatewayClient = await connectSsh({ ...gateway, ...gatewayCredentials, ...(sock ? { sock } : {}) }, timeoutMs, signal);
    } catch (err) {
      sock?.destroy();
      throw new ActionError(`gateway ${describeEndpoint(gateway)}: ${(err as Error).message}`);
    }
    try {
      const channel = await forwardThrough(gatewayClient, target.host, target.port);
      const client = await connectSsh({ ...target, sock: channel }, timeoutMs, signal);
      return {
        client,
        release: () => {
          client.end();
          gatewayClient.end();
        },
      };
    } catch (err) {
      gatewayClient.end();
      throw err;
    }
  };
}

/** OpenSSH-style ProxyCommand: `%h`/`%p` name the gateway; the process's stdio is the transport. */
function proxyCommandStream(command: string, gateway: { host: string; port: number }): Duplex {
  const expanded = command.replaceAll('%h', gateway.host).replaceAll('%p', String(gateway.port));
  const child = spawn('/bin/sh', ['-c', expanded], { stdio: ['pipe', 'pipe', 'ignore'] });
  const stream = Duplex.from({ readable: child.stdout, writable: child.stdin });
  stream.once('close', () => child.kill());
  return stream;
}
