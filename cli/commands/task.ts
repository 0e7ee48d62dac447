import type { Command } from 'commander';
import { parseWireTime } from '../../lib/engine-client/index.js';
import type { Task } from '../../lib/engine-client/index.js';
import { clientAction } from '../client/client-command.js';
import type { ClientContext } from '../client/client-command.js';
import { EXIT } from '../client/exit-codes.js';
import { jsonObject } from '../client/json-input.js';
import { emit, formatDuration, formatRecord, formatTable, prettyJsonText } from '../client/output.js';
import type { Column } from '../client/output.js';

function duration(t: Task): string {
  const start = parseWireTime(t.started_at);
  const end = parseWireTime(t.finished_at);
  return start === null || end === null ? '' : formatDuration(end - start);
}

export const TASK_COLUMNS: readonly Column<Task>[] = [
  { header: 'ID', value: (t) => t.id },
  { header: 'Name', value: (t) => t.name, max: 30 },
  { header: 'Workflow', value: (t) => t.workflow_name ?? '', max: 30 },
  { header: 'Execution', value: (t) => t.workflow_execution_id },
  { header: 'State', value: (t) => t.state },
  { header: 'Duration', value: duration, right: true },
  { header: 'State info', value: (t) => t.state_info ?? '', max: 40 },
];

function record(t: Task): string {
  return formatRecord([
    ['ID', t.id],
    ['Name', t.name],
    ['Type', t.type ?? ''],
    ['Workflow', t.workflow_name ?? ''],
    ['Execution', t.workflow_execution_id],
    ['State', t.state],
    ['State info', t.state_info ?? ''],
    ['Started', t.started_at ?? ''],
    ['Finished', t.finished_at ?? ''],
    ['Duration', duration(t)],
    ['Published', prettyJsonText(t.published)],
    ...(t.result === undefined || t.result === null ? [] : [['Result', prettyJsonText(t.result)] as const]),
  ]);
}

/** `convection task list|show|rerun`. */
export function registerTask(program: Command, ctx: ClientContext): void {
  const { io } = ctx;
  const group = program.command('task').description('inspect task executions and rerun failed ones');

  group
    .command('list')
    .description('list task executions (of one execution with --execution)')
    .option('--execution <id>', 'only the tasks of this workflow execution')
    .option('--state <state>', 'only tasks in this state')
    .option('--json', 'print the API objects as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const opts = command.opts<{ execution?: string; state?: string; json?: boolean }>();
        const api = await client();
        const query = { state: opts.state?.toUpperCase() };
        const rows = opts.execution === undefined ? await api.listTasks({ query }) : await api.executionTasks(opts.execution, { query });
        emit(io, opts.json, rows, () => formatTable(TASK_COLUMNS, rows));
        return EXIT.ok;
      }),
    );

  group
    .command('show')
    .description('show one task execution with its result')
    .argument('<id>', 'task execution id')
    .option('--json', 'print the API object as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const t = await (await client()).getTask(command.processedArgs[0] as string);
        emit(io, command.opts<{ json?: boolean }>().json, t, () => record(t));
        return EXIT.ok;
      }),
    );

  group
    .command('rerun')
    .description('run a failed task again; its workflow continues from there')
    .argument('<id>', 'task execution id')
    .option('--reset', 'discard earlier results and run every iteration again (default)')
    .option('--no-reset', 'with-items: rerun only the failed iterations')
    .option('--env <json>', 'variables merged into the execution env first: JSON object or @file')
    .option('--json', 'print the API object as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const opts = command.opts<{ reset?: boolean; env?: string; json?: boolean }>();
        const env = jsonObject(opts.env, '--env');
        const t = await (await client()).rerunTask(command.processedArgs[0] as string, opts.reset !== false, env);
        emit(io, opts.json, t, () => formatTable(TASK_COLUMNS, [t]));
        return EXIT.ok;
      }),
    );
}
