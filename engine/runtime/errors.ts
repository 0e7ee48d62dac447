/**
 * Errors the engine's programmatic API raises for bad requests. Each carries a stable code the REST
 * layer maps to a status (not-found 404, invalid 400, conflict 409, …) and a message in plain words.
 */
import type { Problem } from '../language/spec/types.js';

export type EngineErrorCode = 'not-found' | 'invalid-input' | 'invalid-definition' | 'conflict' | 'invalid-state' | 'too-large';

export class EngineError extends Error {
  override readonly name = 'EngineError';
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    /** Every problem of a rejected definition, located. */
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
  }
}
