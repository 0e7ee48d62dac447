import type { Command } from 'commander';
import { ClientError } from '../../lib/engine-client/index.js';
import type { EngineClient, Execution, Task } from '../../lib/engine-client/index.js';
import { clientAction } from '../client/client-command.js';
import type { ClientContext } from '../client/client-command.js';
import { EXIT, exitForState } from '../client/exit-codes.js';
import { jsonObjectText } from '../client/json-input.js';
import { emit, formatRecord, formatTable, prettyJsonText } from '../client/output.js';
import type { Column } from '../client/output.js';
import { watchExecution } from '../client/watch-execution.js';
import { ArgumentError } from '../read-json-arg.js';
import { TASK_COLUMNS } from './task.js';

export const EXECUTION_COLUMNS: readonly Column<Execution>[] = [
  { header: 'ID', value: (e) => e.id },
  { header: 'Workflow', value: (e) => e.workflow_name, max: 40 },
  { header: 'State', value: (e) => e.state },
  { header: 'Created', value: (e) => e.created_at ?? '' },
  { header: 'Updated', value: (e) => e.updated_at ?? '' },
  { header: 'State info', value: (e) => e.state_info ?? '', max: 40 },
];

function record(e: Execution): string {
  return formatRecord([
    ['ID', e.id],
    ['Workflow', e.workflow_name],
    ['Workflow ID', e.workflow_id ?? ''],
    ['Description', e.description ?? ''],
    ['State', e.state],
    ['State info', e.state_info ?? ''],
    ['Parent task', e.task_execution_id ?? ''],
    ['Root execution', e.root_execution_id ?? ''],
    ['Created', e.created_at ?? ''],
    ['Updated', e.updated_at ?? ''],
    ['Input', prettyJsonText(e.input)],
    ['Params', prettyJsonText(e.params)],
    ...(e.output === undefined || e.output === null ? [] : [['Output', prettyJsonText(e.output)] as const]),
  ]);
}

interface WatchFlags {
  json?: boolean;
  watch?: boolean;
}

/** Prints the execution (after watching it to its end with --watch) and returns the exit code. */
async function finish(ctx: ClientContext, api: EngineClient, started: Execution, opts: WatchFlags): Promise<number> {
  if (opts.watch !== true) {
    emit(ctx.io, opts.json, started, () => record(started));
    return EXIT.ok;
  }
  const final = await watchExecution(api, started.id, { io: ctx.io, tty: ctx.tty });
  emit(ctx.io, opts.json, final, () => record(final));
  return exitForState(final.state);
}

function positiveInt(text: string, option: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1) throw new ArgumentError(`${option}: expected a positive whole number, got "${text}"`);
  return n;
}

/**
 * `convection execution …`: start (optionally watching to the end), list, show, pause, resume,
 * cancel, resubmit, retry (rerun the failed tasks), delete.
 */
export function registerExecution(program: Command, ctx: ClientContext): void {
  const { io } = ctx;
  const group = program.command('execution').description('start, follow and control workflow executions');

  group
    .command('start')
    .description('start a workflow; with --watch follow it to its final state (exit 0 SUCCESS, 1 ERROR, 3 CANCELLED)')
    .argument('<workflow>', 'workflow name or id')
    .option('--input <json>', 'workflow input: JSON object or @file')
    .option('--params <json>', 'execution params: JSON object or @file (env, task_name, …)')
    .option('--env <json>', 'shorthand for params.env: JSON object, @file, or the name of a stored environment')
    .option('--description <text>', 'description of the execution')
    .option('--watch', 'show progress until the execution ends; the exit code follows its final state')
    .option('--json', 'print the API object as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const opts = command.opts<WatchFlags & { input?: string; params?: string; env?: string; description?: string }>();
        const input = jsonObjectText(opts.input, '--input');
        let params = jsonObjectText(opts.params, '--params');
        if (opts.env !== undefined) {
          const merged = JSON.parse(params ?? '{}') as Record<string, unknown>;
          merged['env'] = /^\s*[{@]/.test(opts.env) ? JSON.parse(jsonObjectText(opts.env, '--env') as string) : opts.env;
          params = JSON.stringify(merged);
        }
        const api = await client();
        const started = await api.startExecution({
          workflow_name: command.processedArgs[0] as string,
          ...(input === undefined ? {} : { input }),
          ...(params === undefined ? {} : { params }),
          ...(opts.description === undefined ? {} : { description: opts.description }),
        });
        return finish(ctx, api, started, opts);
      }),
    );

  group
    .command('list')
    .description('list executions, newest first')
    .option('--state <state>', 'only executions in this state (RUNNING, SUCCESS, ERROR, PAUSED, CANCELLED, IDLE)')
    .option('--workflow <name>', 'only executions of this workflow')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print the API objects as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const opts = command.opts<{ state?: string; workflow?: string; limit: string; json?: boolean }>();
        const limit = positiveInt(opts.limit, '--limit');
        const rows = await (await client()).listExecutions({
          limit,
          query: { sort_keys: 'created_at', sort_dirs: 'desc', state: opts.state?.toUpperCase(), workflow_name: opts.workflow },
        });
        emit(io, opts.json, rows, () => formatTable(EXECUTION_COLUMNS, rows));
        return EXIT.ok;
      }),
    );

  group
    .command('show')
    .description('show one execution with its input, params and output')
    .argument('<id>', 'execution id')
    .option('--json', 'print the API object as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const e = await (await client()).getExecution(command.processedArgs[0] as string);
        emit(io, command.opts<{ json?: boolean }>().json, e, () => record(e));
        return EXIT.ok;
      }),
    );

  group
    .command('watch')
    .description('follow an execution to its final state (exit 0 SUCCESS, 1 ERROR, 3 CANCELLED)')
    .argument('<id>', 'execution id')
    .option('--json', 'print the final API object as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const api = await client();
        return finish(ctx, api, await api.getExecution(command.processedArgs[0] as string), { ...command.opts<WatchFlags>(), watch: true });
      }),
    );

  const change = (verb: string, description: string, act: (api: EngineClient, id: string, opts: { reason?: string }) => Promise<Execution>, reason = false): void => {
    const sub = group.command(verb).description(description).argument('<id>', 'execution id').option('--json', 'print the API object as JSON');
    if (reason) sub.option('--reason <text>', 'why (kept as the state info)');
    sub.action(
      clientAction(ctx, async (command, client) => {
        const opts = command.opts<{ json?: boolean; reason?: string }>();
        const e = await act(await client(), command.processedArgs[0] as string, opts);
        emit(io, opts.json, e, () => formatTable(EXECUTION_COLUMNS, [e]));
        return EXIT.ok;
      }),
    );
  };
  change('pause', 'pause a running execution (and its sub-workflows)', (api, id) => api.pauseExecution(id));
  change('resume', 'resume a paused execution', (api, id) => api.resumeExecution(id));
  change('cancel', 'cancel an execution (and its sub-workflows)', (api, id, o) => api.cancelExecution(id, o.reason), true);

  group
    .command('resubmit')
    .description('start a new execution with the workflow, input and params of an earlier one')
    .argument('<id>', 'execution id to copy')
    .option('--watch', 'show progress until the new execution ends; the exit code follows its final state')
    .option('--json', 'print the API object as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const api = await client();
        return finish(ctx, api, await api.resubmitExecution(command.processedArgs[0] as string), command.opts<WatchFlags>());
      }),
    );

  group
    .command('retry')
    .description('rerun the failed task(s) of an execution, which continues from there')
    .argument('<id>', 'execution id')
    .option('--watch', 'show progress until the execution ends; the exit code follows its final state')
    .option('--json', 'print the rerun tasks (or, with --watch, the final execution) as JSON')
    .action(
      clientAction(ctx, async (command, client) => {
        const id = command.processedArgs[0] as string;
        const opts = command.opts<WatchFlags>();
        const api = await client();
        const execution = await api.getExecution(id);
        const failed = await api.executionTasks(id, { query: { state: 'ERROR' } });
        if (failed.length === 0) {
          throw new ClientError('api', `execution ${id} has no failed task to rerun (it is ${execution.state})`, 409);
        }
        const rerun: Task[] = [];
        for (const task of failed) rerun.push(await api.rerunTask(task.id, true));
        if (opts.watch === true) return finish(ctx, api, execution, opts);
        emit(io, opts.json, rerun, () => formatTable(TASK_COLUMNS, rerun));
        return EXIT.ok;
      }),
    );

  group
    .command('delete')
    .description('delete finished executions (--force: also unfinished ones)')
    .argument('<id...>', 'execution ids')
    .option('--force', 'delete even if the execution has not finished')
    .action(
      clientAction(ctx, async (command, client) => {
        const api = await client();
        for (const id of command.processedArgs[0] as string[]) {
          await api.deleteExecution(id, command.opts<{ force?: boolean }>().force === true);
          io.out(`deleted execution ${id}\n`);
        }
        return EXIT.ok;
      }),
    );
}
