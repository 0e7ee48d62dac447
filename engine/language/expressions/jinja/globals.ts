/**
 * Names every expression can call: Jinja's default globals that make sense in a workflow
 * (`range`, `dict`, `namespace`) and Mistral's functions (`task()`, `env()`, `json_dump()`, …).
 */
import { FunctionCallError, MISTRAL_FUNCTIONS, type MistralFunction } from '../mistral-functions.js';
import { isList, isMap, toMapKey, type MapKey, type Value } from '../../values/value.js';
import { Callable, Namespace, PyError, strict, type JArgs, type JValue, type Runtime } from './runtime.js';
import { asIndex, findKey, iterate } from './sequences.js';

/** Jinja's sandbox refuses bigger ranges (SandboxedEnvironment MAX_RANGE). */
const MAX_RANGE = 100_000;

function range(args: JArgs): JValue {
  if (args.named.size > 0) throw new PyError('range() takes no keyword arguments');
  const values = args.positional.map((v) => asIndex(strict(v)));
  if (values.length === 0 || values.length > 3) throw new PyError(`range expected at most 3 arguments, got ${values.length}`);
  const [start, stop, step] = values.length === 1 ? [0, values[0] as number, 1] : [values[0] as number, values[1] as number, values[2] ?? 1];
  if (step === 0) throw new PyError('range() arg 3 must not be zero');
  const length = Math.max(0, Math.ceil((stop - start) / step));
  if (length > MAX_RANGE) throw new PyError(`Range too big. The sandbox blocks ranges larger than MAX_RANGE (${MAX_RANGE}).`);
  return Array.from({ length }, (_, i) => start + i * step);
}

/** What `dict(...)` and `namespace(...)` accept: a mapping or pairs, then keyword arguments. */
function entries(fn: string, args: JArgs, rt: Runtime): Map<MapKey, Value> {
  if (args.positional.length > 1) throw new PyError(`${fn} expected at most 1 argument, got ${args.positional.length}`);
  const out = new Map<MapKey, Value>();
  const first = args.positional[0];
  if (first !== undefined) {
    const source = strict(first);
    if (isMap(source)) {
      for (const [k, v] of source) out.set(k, v);
    } else {
      for (const pair of iterate(source, rt.budget)) {
        const kv = isList(pair) ? pair : null;
        if (kv === null || kv.length !== 2) throw new PyError(`cannot convert ${fn} update sequence element to a sequence of length 2`);
        const key = kv[0] as Value;
        // findKey refuses unhashable keys and finds an existing 1 for True, as Python's dict would.
        out.set(findKey(out, key) ?? (toMapKey(key) as MapKey), kv[1] as Value);
      }
    }
  }
  for (const [k, v] of args.named) out.set(k, strict(v));
  return out;
}

/**
 * An exception from the host (a store outage, not a bad call): it passes through the evaluator
 * unchanged so the runtime can retry instead of failing the task.
 */
export class HostFailure extends Error {
  constructor(override readonly cause: unknown) {
    super('the workflow host failed while answering a Mistral function');
  }
}

function mistralCallable(name: string, fn: MistralFunction): Callable {
  return new Callable(`<function ${name}>`, (args, rt) => {
    const named = new Map<string, Value>();
    for (const [k, v] of args.named) named.set(k, strict(v));
    try {
      return fn(rt.host, { positional: args.positional.map(strict), named });
    } catch (e) {
      // A bad call is the expression's fault; anything else (a store outage) belongs to the runtime.
      if (e instanceof FunctionCallError) throw new PyError(e.message);
      throw new HostFailure(e);
    }
  });
}

const registry = new Map<string, Callable>([
  ['range', new Callable("<class 'range'>", (args) => range(args))],
  ['dict', new Callable("<class 'dict'>", (args, rt) => entries('dict', args, rt))],
  [
    'namespace',
    new Callable("<class 'jinja2.utils.Namespace'>", (args, rt) => {
      const ns = new Namespace();
      for (const [k, v] of entries('namespace', args, rt)) {
        if (typeof k !== 'string') throw new PyError('namespace keywords must be strings');
        ns.attrs.set(k, v);
      }
      return ns;
    }),
  ],
]);
for (const [name, fn] of MISTRAL_FUNCTIONS) registry.set(name, mistralCallable(name, fn));

export const GLOBALS: ReadonlyMap<string, Callable> = registry;
