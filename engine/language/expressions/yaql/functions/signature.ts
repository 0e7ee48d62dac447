/**
 * Declarations of built-in functions. Each overload lists its parameters with their types, so the
 * resolver can pick the overload by arity and argument types before calling it (yaql resolves
 * `list.join(sep)` vs `sep.join(list)` the same way) and every mismatch reads the same.
 */
import { isInt, isList, isMap, isNumber, type PyFloat, type Value, type ValueList, type ValueMap } from '../../../values/value.js';
import type { CallContext, Lambda, MappingRule } from '../runtime.js';
import { DateTime, TimeSpan } from '../values/date-time.js';
import { isIterableValue, type IterableValue } from '../values/iterables.js';
import { YaqlRegex } from '../values/yaql-regex.js';
import { YaqlSet } from '../values/yaql-set.js';

/** A parameter type: a guard over evaluated values. */
export interface ParamType<T extends Value> {
  readonly name: string;
  readonly is: (v: Value) => v is T;
}

function type<T extends Value>(name: string, is: (v: Value) => v is T): ParamType<T> {
  return { name, is };
}

export const T = {
  any: type('any', (v): v is Value => true),
  string: type('string', (v): v is string => typeof v === 'string'),
  int: type('int', (v): v is number => isInt(v)),
  number: type('number', (v): v is number | PyFloat => isNumber(v)),
  bool: type('bool', (v): v is boolean => typeof v === 'boolean'),
  /** yaql's Sequence: lists only. */
  list: type('list', (v): v is ValueList => isList(v)),
  /** yaql's Iterable: lists, sets, lazy sequences; not strings, not maps. */
  iterable: type('iterable', (v): v is IterableValue => isIterableValue(v)),
  map: type('map', (v): v is ValueMap => isMap(v)),
  set: type('set', (v): v is YaqlSet => v instanceof YaqlSet),
  datetime: type('datetime', (v): v is DateTime => v instanceof DateTime),
  timespan: type('timespan', (v): v is TimeSpan => v instanceof TimeSpan),
  regex: type('regex', (v): v is YaqlRegex => v instanceof YaqlRegex),
  nullable<U extends Value>(t: ParamType<U>): ParamType<U | null> {
    return type(`${t.name}?`, (v): v is U | null => v === null || t.is(v));
  },
};

export type ParamKind = 'value' | 'lambda' | 'rule';

/** A declared parameter; `T` is what the implementation receives. */
export interface Param<out R> {
  readonly name: string;
  /** Other keyword names yaql accepts for it (its `alias`). */
  readonly aliases: readonly string[];
  readonly kind: ParamKind;
  readonly check: (v: Value) => boolean;
  /** Present when the parameter is optional; for lambdas the default is "absent" (null). */
  readonly optional: boolean;
  readonly defaultValue: Value;
  /** Type marker only: never set. */
  readonly marker?: R;
}

function param<R>(name: string, kind: ParamKind, check: (v: Value) => boolean, optional: boolean, defaultValue: Value, aliases: readonly string[] = []): Param<R> {
  return { name, kind, check, optional, defaultValue, aliases };
}

export const P = {
  /** A required argument of type `t`. */
  req<U extends Value>(name: string, t: ParamType<U>): Param<U> {
    return param<U>(name, 'value', t.is, false, null);
  },
  /** An optional argument; `fallback` is used when it is omitted. */
  opt<U extends Value, D extends Value>(name: string, t: ParamType<U>, fallback: D, aliases: readonly string[] = []): Param<U | D> {
    return param<U | D>(name, 'value', t.is, true, fallback, aliases);
  },
  /** A lazily evaluated argument (predicate, selector). */
  lambda(name: string): Param<Lambda> {
    return param<Lambda>(name, 'lambda', () => true, false, null);
  },
  optLambda(name: string): Param<Lambda | null> {
    return param<Lambda | null>(name, 'lambda', () => true, true, null);
  },
};

export type Form = 'function' | 'method' | 'both';

/** Varargs: evaluated values of a type, lambdas, or `key => value` rules. */
export type Rest<R> =
  | { readonly kind: 'value'; readonly check: (v: Value) => boolean; readonly marker?: R }
  | { readonly kind: 'lambda'; readonly marker?: R }
  | { readonly kind: 'rule'; readonly marker?: R };

export const REST = {
  values<U extends Value>(t: ParamType<U>): Rest<U> {
    return { kind: 'value', check: t.is };
  },
  lambdas(): Rest<Lambda> {
    return { kind: 'lambda' };
  },
  rules(): Rest<MappingRule> {
    return { kind: 'rule' };
  },
};

/** What an implementation is called with, in declaration order. */
export interface Resolved {
  readonly params: readonly unknown[];
  readonly rest: readonly unknown[];
  readonly kwargs: ReadonlyMap<string, Value>;
}

export interface Overload {
  readonly name: string;
  readonly form: Form;
  readonly params: readonly Param<unknown>[];
  readonly rest: Rest<unknown> | undefined;
  /** Accepts any other keyword arguments (Python `**kwargs`). */
  readonly kwargs: boolean;
  /** `key => value` arguments are passed as mapping rules, not as keyword arguments. */
  readonly noKwargs: boolean;
  readonly invoke: (args: Resolved, ctx: CallContext) => Value;
}

type ParamValues<PS extends readonly Param<unknown>[]> = { readonly [K in keyof PS]: PS[K] extends Param<infer R> ? R : never };

interface Spec<PS extends readonly Param<unknown>[], R> {
  /** Name, or names when yaql registers aliases (`where`/`filter`). */
  readonly name: string | readonly string[];
  readonly form: Form;
  /** For methods, the first parameter is the receiver. */
  readonly params: PS;
  readonly rest?: Rest<R>;
  readonly kwargs?: boolean;
  readonly noKwargs?: boolean;
  readonly impl: (args: ParamValues<PS>, ctx: CallContext, rest: readonly R[], kwargs: ReadonlyMap<string, Value>) => Value;
}

/** Declares one overload (under each of its names). */
export function define<const PS extends readonly Param<unknown>[], R = never>(spec: Spec<PS, R>): Overload[] {
  const names = typeof spec.name === 'string' ? [spec.name] : spec.name;
  const invoke = (args: Resolved, ctx: CallContext): Value =>
    spec.impl(args.params as unknown as ParamValues<PS>, ctx, args.rest as readonly R[], args.kwargs);
  return names.map((name) => ({
    name,
    form: spec.form,
    params: spec.params,
    rest: spec.rest as Rest<unknown> | undefined,
    kwargs: spec.kwargs ?? false,
    noKwargs: spec.noKwargs ?? false,
    invoke,
  }));
}
