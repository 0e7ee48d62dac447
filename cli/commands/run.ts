import type { Command } from 'commander';
import { EngineError, openEngine, type ExecutionSummary, type TaskSummary } from '../../engine/index.js';
import { dumpJson } from '../../engine/language/values/json.js';
import { pyStr } from '../../engine/language/values/python-format.js';
import type { Value } from '../../engine/language/values/value.js';
import type { CommandIo } from '../io.js';
import { readDocument } from '../read-document.js';
import { ArgumentError, readJsonObjectArg } from '../read-json-arg.js';

interface RunOptions {
  workflow?: string;
  input?: string;
  env?: string;
  params?: string;
  json?: boolean;
  timeout: string;
}

const LOCAL_PROJECT = 'local';

function report(e: ExecutionSummary, tasks: readonly TaskSummary[]): Value {
  return new Map<string, Value>([
    ['id', e.id],
    ['workflow', e.workflowName],
    ['state', e.state],
    ['state_info', e.stateInfo],
    ['output', e.output],
    [
      'tasks',
      tasks.map(
        (t) =>
          new Map<string, Value>([
            ['name', t.name],
            ['state', t.state],
            ['state_info', t.stateInfo],
            ['published', t.published],
            ['result', t.result],
          ]),
      ),
    ],
  ]);
}

function printHuman(io: CommandIo, e: ExecutionSummary, tasks: readonly TaskSummary[]): void {
  io.out(`${e.workflowName} ${e.id}: ${e.state}${e.stateInfo ? ` (${e.stateInfo.split('\n')[0]})` : ''}\n`);
  for (const t of tasks) {
    const ms = t.startedAt !== null && t.finishedAt !== null ? `${t.finishedAt - t.startedAt} ms` : '';
    io.out(`  ${t.name.padEnd(24)} ${t.state.padEnd(9)} ${ms.padStart(9)}  ${t.stateInfo ? pyStr(t.stateInfo).split('\n')[0] : ''}\n`);
  }
  io.out(`output: ${dumpJson(e.output, { indent: 2 })}\n`);
}

/**
 * `convection run FILE`: validates, runs the workflow on a throw-away embedded store, waits for a
 * final state (or PAUSED) and prints the result. Exit 0 on SUCCESS, 1 otherwise, 2 for bad input.
 */
export function registerRun(program: Command, io: CommandIo, setExit: (code: number) => void): void {
  program
    .command('run')
    .description('run a workflow locally on a temporary embedded store and print its result')
    .argument('<file>', 'workflow, workbook (or action) document')
    .option('--workflow <name>', 'which workflow to run (needed when the document has several)')
    .option('--input <json>', 'workflow input: JSON object or @file')
    .option('--env <json>', 'environment: JSON object or @file')
    .option('--params <json>', 'execution params, e.g. {"task_name": "t"} for reverse workflows')
    .option('--json', 'print exactly one JSON object')
    .option('--timeout <seconds>', 'give up waiting after this long', '3600')
    .action(async (file: string, opts: RunOptions) => {
      const text = readDocument(file, io);
      if (text === null) return setExit(2);
      const engine = await openEngine('sqlite::memory:', { pollMs: 50 });
      try {
        const input = readJsonObjectArg(opts.input, '--input');
        const params = new Map(readJsonObjectArg(opts.params, '--params'));
        if (opts.env !== undefined) params.set('env', readJsonObjectArg(opts.env, '--env'));
        const stored = await engine.definitions.saveAny(text, { projectId: LOCAL_PROJECT });
        const names = stored.workflows.map((w) => w.name);
        const wanted = opts.workflow;
        const chosen = wanted ? (names.find((n) => n === wanted) ?? names.find((n) => n.endsWith(`.${wanted}`))) : names.length === 1 ? names[0] : undefined;
        if (!chosen) {
          const why = wanted ? `no workflow named "${wanted}"` : names.length === 0 ? 'it defines no workflow' : `it defines several workflows; choose one with --workflow`;
          io.err(`cannot run ${file}: ${why} (workflows: ${names.join(', ') || 'none'})\n`);
          return setExit(2);
        }
        const started = await engine.executions.start({ workflow: chosen, projectId: LOCAL_PROJECT, input, params });
        const settled = await engine.executions.waitForSettled(started.id, Number(opts.timeout) * 1000);
        const tasks = await engine.executions.tasks(settled.id);
        if (opts.json) io.out(dumpJson(report(settled, tasks)) + '\n');
        else printHuman(io, settled, tasks);
        setExit(settled.state === 'SUCCESS' ? 0 : 1);
      } catch (e) {
        if (e instanceof EngineError || e instanceof ArgumentError) {
          io.err(`${e.message}\n`);
          return setExit(2);
        }
        throw e;
      } finally {
        await engine.close();
      }
    });
}
