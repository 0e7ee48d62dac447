/**
 * Internal error types of the YAQL implementation. They carry a reason and, when known, an offset; the
 * public entry points turn them into {@link ExpressionError}s that name the expression.
 */
import { pyStr } from '../../values/python-format.js';
import type { Value } from '../../values/value.js';

/** A lexical or grammar error; `offset` points at the offending character or token. */
export class YaqlSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {
    super(reason);
    this.name = 'YaqlSyntaxError';
  }
}

/** A run-time failure. The reason reads like the Python message Mistral would print. */
export class YaqlEvalError extends Error {
  offset: number | undefined;
  constructor(
    readonly reason: string,
    offset?: number,
  ) {
    super(reason);
    this.name = 'YaqlEvalError';
    this.offset = offset;
  }
}

export function fail(reason: string): never {
  throw new YaqlEvalError(reason);
}

/** How yaql prints a receiver in its messages (`str()` of the Python value, tuples for lists). */
export function describeReceiver(v: Value): string {
  return pyStr(v, { listsAsTuples: true });
}

export function unknownFunction(name: string): never {
  fail(`Unknown function "${name}"`);
}

export function unknownMethod(name: string, receiver: Value): never {
  fail(`Unknown method "${name}" for receiver ${describeReceiver(receiver)}`);
}

export function noMatchingFunction(name: string): never {
  fail(`No function "${name}" matches supplied arguments`);
}

export function noMatchingMethod(name: string, receiver: Value): never {
  fail(`No method "${name}" for receiver ${describeReceiver(receiver)} matches supplied arguments`);
}
