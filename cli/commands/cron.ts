import type { Command } from 'commander';
import type { CronTrigger } from '../../lib/engine-client/index.js';
import { clientAction } from '../client/client-command.js';
import type { ClientContext } from '../client/client-command.js';
import { EXIT } from '../client/exit-codes.js';
import { jsonObjectText } from '../client/json-input.js';
import { emit, formatTable } from '../client/output.js';
import type { Column } from '../client/output.js';
import { ArgumentError } from '../read-json-arg.js';

const COLUMNS: readonly Column<CronTrigger>[] = [
  { header: 'ID', value: (c) => c.id },
  { header: 'Name', value: (c) => c.name },
  { header: 'Workflow', value: (c) => c.workflow_name ?? '' },
  { header: 'Pattern', value: (c) => c.pattern ?? '' },
  { header: 'Next run', value: (c) => c.next_execution_time ?? '' },
  { header: 'Remaining', value: (c) => (c.remaining_executions === null || c.remaining_executions === undefined ? '' : String(c.remaining_executions)), right: true },
];

interface CreateFlags {
  pattern?: string;
  firstTime?: string;
  count?: string;
  input?: string;
  params?: string;
  json?: boolean;
}

/** `convection cron create|list|delete`: cron triggers that start workflows on a schedule. */
export function registerCron(program: Command, ctx: ClientContext): void {
  const { io } = ctx;
  const group = program.command('cron').description('manage cron triggers');

  group
    .command('create')
    .description('start a workflow on a schedule (UTC)')
    .argument('<name>', 'trigger name')
    .argument('<workflow>', 'workflow name or id')
    .option('--pattern <cron>', 'cron pattern, e.g. "*/5 * * * *"')
    .option('--first-time <time>', 'first run, "YYYY-MM-DD HH:MM" (UTC)')
    .option('--count <n>', 'number of runs, then the trigger is deleted')
    .option('--input <json>', 'workflow input: JSON object or @file')
    .option('--params <json>', 'execution params: JSON object or @file')
    .option('--json', 'print the API object as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const [name, workflow] = command.processedArgs as [string, string];
        const opts = command.opts<CreateFlags>();
        if (opts.pattern === undefined && opts.firstTime === undefined) throw new ArgumentError('give --pattern, --first-time, or both');
        const count = opts.count === undefined ? undefined : Number(opts.count);
        if (count !== undefined && (!Number.isInteger(count) || count < 1)) throw new ArgumentError(`--count: expected a positive whole number, got "${opts.count}"`);
        const input = jsonObjectText(opts.input, '--input');
        const params = jsonObjectText(opts.params, '--params');
        const trigger = await (await client()).createCronTrigger({
          name,
          workflow_name: workflow,
          ...(opts.pattern === undefined ? {} : { pattern: opts.pattern }),
          ...(opts.firstTime === undefined ? {} : { first_execution_time: opts.firstTime }),
          ...(count === undefined ? {} : { remaining_executions: count }),
          ...(input === undefined ? {} : { workflow_input: input }),
          ...(params === undefined ? {} : { workflow_params: params }),
        });
        emit(io, opts.json, trigger, () => formatTable(COLUMNS, [trigger]));
        return EXIT.ok;
      }),
    );

  group
    .command('list')
    .description('list cron triggers')
    .option('--json', 'print the API objects as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const rows = await (await client()).listCronTriggers();
        emit(io, command.opts<{ json?: boolean }>().json, rows, () => formatTable(COLUMNS, rows));
        return EXIT.ok;
      }),
    );

  group
    .command('delete')
    .description('delete cron triggers')
    .argument('<name...>', 'trigger names or ids')
    .action(
      clientAction(ctx, async (command, client) => {
        const api = await client();
        for (const name of command.processedArgs[0] as string[]) {
          await api.deleteCronTrigger(name);
          io.out(`deleted cron trigger ${name}\n`);
        }
        return EXIT.ok;
      }),
    );
}
