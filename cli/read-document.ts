import { readFileSync } from 'node:fs';
import type { CommandIo } from './io.js';

/** Reads a document named on the command line; on failure says why on stderr and returns null. */
export function readDocument(file: string, io: CommandIo): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    io.err(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return null;
  }
}
