/**
 * yaql's branching (`switch`, `coalesce`, `selectCase`…) and system functions (`let`, `with`,
 * `unpack`, `def`, `assert`). The system functions return a child context with their variables,
 * which `->` then evaluates its right side in.
 */
import { truthy } from '../../../values/value.js';
import { fail } from '../errors.js';
import { Scope } from '../scope.js';
import { ContextValue } from '../values/context-value.js';
import { toArray } from '../values/iterables.js';
import { P, REST, T, define, type Overload } from './signature.js';

export const BRANCHING_FUNCTIONS: readonly Overload[] = [
  define({
    name: 'switch',
    form: 'function',
    noKwargs: true,
    params: [],
    rest: REST.rules(),
    impl: (_, _ctx, rules) => {
      for (const rule of rules) if (truthy(rule.key())) return rule.value();
      return null;
    },
  }),
  define({
    name: 'selectCase',
    form: 'function',
    params: [],
    rest: REST.lambdas(),
    impl: (_, _ctx, cases) => {
      const i = cases.findIndex((c) => truthy(c.evaluate()));
      return i < 0 ? cases.length : i;
    },
  }),
  define({
    name: 'selectAllCases',
    form: 'function',
    params: [],
    rest: REST.lambdas(),
    impl: (_, _ctx, cases) => cases.flatMap((c, i) => (truthy(c.evaluate()) ? [i] : [])),
  }),
  define({ name: 'examine', form: 'function', params: [], rest: REST.lambdas(), impl: (_, _ctx, cases) => cases.map((c) => truthy(c.evaluate())) }),
  define({
    name: 'switchCase',
    form: 'method',
    params: [P.req('case', T.int)],
    rest: REST.lambdas(),
    impl: ([index], _ctx, cases) => {
      const chosen = index >= 0 && index < cases.length ? cases[index] : cases[cases.length - 1];
      return chosen === undefined ? null : chosen.evaluate();
    },
  }),
  define({
    name: 'coalesce',
    form: 'function',
    params: [],
    rest: REST.lambdas(),
    impl: (_, _ctx, args) => {
      for (const arg of args) {
        const v = arg.evaluate();
        if (v !== null) return v;
      }
      return null;
    },
  }),
  define({
    name: 'let',
    form: 'function',
    params: [],
    rest: REST.values(T.any),
    kwargs: true,
    impl: (_, ctx, args, kwargs) => {
      const scope = new Scope(ctx.scope);
      args.forEach((v, i) => scope.set(String(i + 1), v));
      for (const [k, v] of kwargs) scope.set(k, v);
      return new ContextValue(scope);
    },
  }),
  define({
    name: 'with',
    form: 'function',
    params: [],
    rest: REST.values(T.any),
    impl: (_, ctx, args) => {
      const scope = new Scope(ctx.scope);
      args.forEach((v, i) => scope.set(String(i + 1), v));
      return new ContextValue(scope);
    },
  }),
  define({
    name: 'unpack',
    form: 'method',
    params: [P.req('sequence', T.iterable)],
    rest: REST.values(T.string),
    impl: ([sequence], ctx, names) => {
      const items = toArray(sequence, ctx);
      if (names.length > 0 && names.length !== items.length) fail(`Cannot unpack ${items.length} elements into ${names.length}`);
      const scope = new Scope(ctx.scope);
      items.forEach((v, i) => scope.set(names.length > 0 ? (names[i] as string) : String(i + 1), v));
      return new ContextValue(scope);
    },
  }),
  define({
    name: 'def',
    form: 'function',
    params: [P.req('name', T.string), P.lambda('func')],
    impl: ([name, func], ctx) => {
      const scope = new Scope(ctx.scope);
      // The body sees its own name, so a function may recurse (bounded by the depth limit).
      const body = func.rebind(scope);
      scope.defineFunction(name, { call: (args, named) => body.callNamed(args, named) });
      return new ContextValue(scope);
    },
  }),
  define({
    name: 'assert',
    form: 'method',
    params: [P.req('obj', T.any), P.lambda('condition'), P.opt('message', T.string, 'Assertion failed')],
    impl: ([obj, condition, message]) => {
      if (!truthy(condition.call(obj))) fail(message);
      return obj;
    },
  }),
].flat();
