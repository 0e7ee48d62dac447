import type { Command } from 'commander';
import type { ActionExecution } from '../../lib/engine-client/index.js';
import { clientAction } from '../client/client-command.js';
import type { ClientContext } from '../client/client-command.js';
import { EXIT } from '../client/exit-codes.js';
import { jsonValueText } from '../client/json-input.js';
import { emit, formatRecord, prettyJsonText } from '../client/output.js';

function record(a: ActionExecution): string {
  return formatRecord([
    ['ID', a.id],
    ['Name', a.name],
    ['Workflow', a.workflow_name ?? ''],
    ['Task', a.task_name ?? ''],
    ['Task ID', a.task_execution_id ?? ''],
    ['State', a.state],
    ['State info', a.state_info ?? ''],
    ['Created', a.created_at ?? ''],
    ['Updated', a.updated_at ?? ''],
    ['Input', prettyJsonText(a.input)],
    ['Output', prettyJsonText(a.output)],
  ]);
}

/** `convection action-execution show|complete`: complete asynchronous actions from scripts. */
export function registerActionExecution(program: Command, ctx: ClientContext): void {
  const { io } = ctx;
  const group = program.command('action-execution').description('inspect and complete action executions');

  group
    .command('show')
    .description('show one action execution')
    .argument('<id>', 'action execution id')
    .option('--json', 'print the API object as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const a = await (await client()).getActionExecution(command.processedArgs[0] as string);
        emit(io, command.opts<{ json?: boolean }>().json, a, () => record(a));
        return EXIT.ok;
      }),
    );

  group
    .command('complete')
    .description('complete an asynchronous action with its result (or, with --error, its error)')
    .argument('<id>', 'action execution id')
    .requiredOption('--output <json>', 'the result (or error): any JSON value, or @file')
    .option('--error', 'the action failed: --output is its error')
    .option('--json', 'print the API object as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const opts = command.opts<{ output: string; error?: boolean; json?: boolean }>();
        const output = jsonValueText(opts.output, '--output');
        const a = await (await client()).completeActionExecution(command.processedArgs[0] as string, opts.error === true ? 'ERROR' : 'SUCCESS', output);
        emit(io, opts.json, a, () => record(a));
        return EXIT.ok;
      }),
    );
}
