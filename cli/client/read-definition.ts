import { readFileSync } from 'node:fs';
import { ArgumentError } from '../read-json-arg.js';

/** A definition file's text; an ArgumentError (exit 2) saying why when it cannot be read. */
export function readDefinition(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ArgumentError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
