/**
 * Binds call arguments to a Python-style signature for filters, tests, methods and globals, with
 * Python's TypeError wording for bad calls.
 */
import type { Value } from '../../values/value.js';
import { PyError, strict, type JArgs, type JValue } from './runtime.js';

/** A required parameter, or one with its default. */
export type Param = string | readonly [string, Value];

/** One bound value per parameter, so destructuring needs no fallbacks (None stays None). */
export type Bound<P extends readonly Param[], T> = { -readonly [K in keyof P]: T };

export function bindLazy<const P extends readonly Param[]>(fn: string, params: P, args: JArgs): Bound<P, JValue> {
  const names = params.map((p) => (typeof p === 'string' ? p : p[0]));
  if (args.positional.length > params.length) {
    throw new PyError(`${fn}() takes at most ${params.length} argument${params.length === 1 ? '' : 's'} (${args.positional.length} given)`);
  }
  for (const k of args.named.keys()) {
    const i = names.indexOf(k);
    if (i < 0) throw new PyError(`${fn}() got an unexpected keyword argument '${k}'`);
    if (i < args.positional.length) throw new PyError(`${fn}() got multiple values for argument '${k}'`);
  }
  const out = params.map((p, i) => {
    if (i < args.positional.length) return args.positional[i] as JValue;
    const name = names[i] as string;
    if (args.named.has(name)) return args.named.get(name) as JValue;
    if (typeof p === 'string') throw new PyError(`${fn}() missing required argument '${name}'`);
    return p[1];
  });
  return out as Bound<P, JValue>;
}

/** Binds and resolves the arguments, raising on undefined ones as StrictUndefined would. */
export function bind<const P extends readonly Param[]>(fn: string, params: P, args: JArgs): Bound<P, Value> {
  return (bindLazy(fn, params, args) as JValue[]).map(strict) as Bound<P, Value>;
}
