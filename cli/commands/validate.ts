import type { Command } from 'commander';
import { parseAnyDocument } from '../../engine/language/parse-document.js';
import type { CommandIo } from '../io.js';
import { readDocument } from '../read-document.js';

/** `convection validate FILE`: prints OK (exit 0) or every problem with its position (exit 2). */
export function registerValidate(program: Command, io: CommandIo, setExit: (code: number) => void): void {
  program
    .command('validate')
    .description('check a workflow, workbook or action document without storing it')
    .argument('<file>', 'YAML document')
    .action((file: string) => {
      const text = readDocument(file, io);
      if (text === null) return setExit(2);
      const result = parseAnyDocument(text);
      if (result.ok) {
        io.out('OK\n');
        return setExit(0);
      }
      // file:line:column first, so editors can jump to it; the message's own position is then redundant.
      for (const p of result.problems) io.out(`${file}:${p.line}:${p.column}: ${p.message.replace(/ \(line \d+, column \d+\)$/, '')}\n`);
      io.err(`${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} found\n`);
      setExit(2);
    });
}
