/**
 * `convection` command line: local tools (validate, eval, run, start, server) and the client
 * commands that talk to a Convection API (workflow, execution, task, action-execution, cron, env,
 * analytics, top). Each command returns its exit code instead of calling process.exit, so tests
 * can run it in-process.
 */
import { Command, CommanderError } from 'commander';
import { addConnectionOptions } from './client/client-command.js';
import type { ClientContext } from './client/client-command.js';
import { registerActionExecution } from './commands/action-execution.js';
import { registerAnalytics } from './commands/analytics.js';
import { registerCompletion } from './commands/completion.js';
import { registerCron } from './commands/cron.js';
import { registerEnv } from './commands/env.js';
import { registerEval } from './commands/eval.js';
import { registerExecution } from './commands/execution.js';
import { registerTask } from './commands/task.js';
import { registerTop } from './commands/top.js';
import { registerWorkflow } from './commands/workflow.js';
import { registerRepo } from './commands/repo.js';
import { registerRun } from './commands/run.js';
import { registerServer } from './commands/server.js';
import { registerStart } from './commands/start.js';
import { registerValidate } from './commands/validate.js';
import type { CommandIo } from './io.js';
import { processIo } from './io.js';

export function buildProgram(io: CommandIo, setExit: (code: number) => void, env: NodeJS.ProcessEnv = process.env): Command {
  const program = new Command('convection')
    .description('Convection: Mistral-compatible workflows for OpenStack clouds')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerValidate(program, io, setExit);
  registerEval(program, io, setExit);
  registerRun(program, io, setExit);
  registerStart(program, io, setExit);
  registerServer(program, io, setExit);
  addConnectionOptions(program);
  const own = io === processIo;
  const client: ClientContext = {
    io,
    setExit,
    env,
    tty: own && process.stderr.isTTY === true,
    interactive: own && process.stdout.isTTY === true && process.stdin.isTTY === true,
  };
  registerWorkflow(program, client);
  registerExecution(program, client);
  registerTask(program, client);
  registerActionExecution(program, client);
  registerCron(program, client);
  registerEnv(program, client);
  registerAnalytics(program, client);
  registerRepo(program, client);
  registerTop(program, client);
  registerCompletion(program, io, setExit);
  return program;
}

export async function main(argv: readonly string[], io: CommandIo = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  let code = 0;
  const program = buildProgram(
    io,
    (c) => {
      code = c;
    },
    env,
  );
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    io.err(`convection: ${(e as Error).message}\n`);
    return 1;
  }
  return code;
}
