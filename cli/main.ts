/**
 * `convection` command line: local tools (validate, eval, run) and, in later issues, the client
 * commands. Each command returns its exit code instead of calling process.exit, so tests can run
 * it in-process.
 */
import { Command, CommanderError } from 'commander';
import { registerEval } from './commands/eval.js';
import { registerRun } from './commands/run.js';
import { registerServer } from './commands/server.js';
import { registerStart } from './commands/start.js';
import { registerValidate } from './commands/validate.js';
import type { CommandIo } from './io.js';
import { processIo } from './io.js';

export function buildProgram(io: CommandIo, setExit: (code: number) => void): Command {
  const program = new Command('convection')
    .description('Convection: Mistral-compatible workflows for OpenStack clouds')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  registerValidate(program, io, setExit);
  registerEval(program, io, setExit);
  registerRun(program, io, setExit);
  registerStart(program, io, setExit);
  registerServer(program, io, setExit);
  return program;
}

export async function main(argv: readonly string[], io: CommandIo = processIo): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    io.err(`convection: ${(e as Error).message}\n`);
    return 1;
  }
  return code;
}
