import type { ActionDefinition } from '../action.js';
import type { SshActionsConfig } from '../config.js';
import { SSH_PARAMS, directConnector, readCredentials, runSshCommand } from '../ssh/run-ssh-command.js';

export function createSshAction(config: SshActionsConfig): ActionDefinition {
  return {
    name: 'std.ssh',
    description:
      'Runs `cmd` over SSH on `host` (a string, "host:port", or a list) and returns stdout (a list for a list ' +
      'of hosts). A non-zero exit fails the action unless `return_result_on_error`, which returns ' +
      '{stdout, stderr, exit_code} instead.',
    params: SSH_PARAMS,
    idempotent: false,
    isAsync: false,
    async run(input, ctx) {
      const credentials = await readCredentials(input, 'std.ssh', config);
      return runSshCommand(input, 'std.ssh', config, credentials, directConnector(config), ctx.signal);
    },
  };
}
