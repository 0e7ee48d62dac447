import type { Command } from 'commander';
import type { Environment } from '../../lib/engine-client/index.js';
import { clientAction } from '../client/client-command.js';
import type { ClientContext } from '../client/client-command.js';
import { EXIT } from '../client/exit-codes.js';
import { jsonObjectText } from '../client/json-input.js';
import { emit, formatTable } from '../client/output.js';
import type { Column } from '../client/output.js';

const COLUMNS: readonly Column<Environment>[] = [
  { header: 'Name', value: (e) => e.name },
  { header: 'Description', value: (e) => e.description ?? '', max: 40 },
  { header: 'Variables', value: (e) => e.variables ?? '', max: 50 },
  { header: 'Scope', value: (e) => e.scope ?? '' },
  { header: 'Created', value: (e) => e.created_at ?? '' },
];

/** `convection env create|list|delete`: stored environments, used as `--env NAME` at start. */
export function registerEnv(program: Command, ctx: ClientContext): void {
  const { io } = ctx;
  const group = program.command('env').description('manage stored environments');

  group
    .command('create')
    .description('store an environment (or replace it with --replace)')
    .argument('<name>', 'environment name')
    .requiredOption('--variables <json>', 'the variables: JSON object or @file')
    .option('--description <text>', 'what it is for')
    .option('--replace', 'update the environment if it exists')
    .option('--json', 'print the API object as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const opts = command.opts<{ variables: string; description?: string; replace?: boolean; json?: boolean }>();
        const request = {
          name: command.processedArgs[0] as string,
          variables: jsonObjectText(opts.variables, '--variables') as string,
          ...(opts.description === undefined ? {} : { description: opts.description }),
        };
        const api = await client();
        const env = opts.replace === true ? await api.updateEnvironment(request) : await api.createEnvironment(request);
        emit(io, opts.json, env, () => formatTable(COLUMNS, [env]));
        return EXIT.ok;
      }),
    );

  group
    .command('list')
    .description('list stored environments')
    .option('--json', 'print the API objects as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const rows = await (await client()).listEnvironments();
        emit(io, command.opts<{ json?: boolean }>().json, rows, () => formatTable(COLUMNS, rows));
        return EXIT.ok;
      }),
    );

  group
    .command('delete')
    .description('delete stored environments')
    .argument('<name...>', 'environment names')
    .action(
      clientAction(ctx, async (command, client) => {
        const api = await client();
        for (const name of command.processedArgs[0] as string[]) {
          await api.deleteEnvironment(name);
          io.out(`deleted environment ${name}\n`);
        }
        return EXIT.ok;
      }),
    );
}
