/**
 * The function table: every family's overloads, indexed by name for plain calls (`f(x)`) and for
 * method calls (`x.f()`). Earlier overloads win when several accept the arguments, so each family
 * lists its more specific overloads first.
 */
import { BRANCHING_FUNCTIONS } from './branching.js';
import { COLLECTION_FUNCTIONS } from './collections.js';
import { DATE_TIME_FUNCTIONS } from './date-time.js';
import { DICT_FUNCTIONS } from './dicts.js';
import { MATH_FUNCTIONS } from './math.js';
import { MISTRAL_YAQL_FUNCTIONS } from './mistral.js';
import { QUERY_FUNCTIONS } from './queries.js';
import { REGEX_FUNCTIONS } from './regex.js';
import { SEQUENCE_FUNCTIONS } from './sequences.js';
import type { Overload } from './signature.js';
import { STRING_FUNCTIONS } from './strings.js';

const ALL: readonly Overload[] = [
  ...STRING_FUNCTIONS,
  ...REGEX_FUNCTIONS,
  ...DICT_FUNCTIONS,
  ...COLLECTION_FUNCTIONS,
  ...QUERY_FUNCTIONS,
  ...SEQUENCE_FUNCTIONS,
  ...MATH_FUNCTIONS,
  ...DATE_TIME_FUNCTIONS,
  ...BRANCHING_FUNCTIONS,
  ...MISTRAL_YAQL_FUNCTIONS,
];

function index(form: 'function' | 'method'): ReadonlyMap<string, readonly Overload[]> {
  const table = new Map<string, Overload[]>();
  for (const o of ALL) {
    if (o.form !== form && o.form !== 'both') continue;
    const list = table.get(o.name);
    if (list) list.push(o);
    else table.set(o.name, [o]);
  }
  return table;
}

const FUNCTIONS = index('function');
const METHODS = index('method');

export function functionOverloads(name: string): readonly Overload[] | undefined {
  return FUNCTIONS.get(name);
}

export function methodOverloads(name: string): readonly Overload[] | undefined {
  return METHODS.get(name);
}

/** Every name callable as `name(…)` or `x.name(…)`, for documentation and tests. */
export function builtinNames(): { readonly functions: readonly string[]; readonly methods: readonly string[] } {
  return { functions: [...FUNCTIONS.keys()].sort(), methods: [...METHODS.keys()].sort() };
}
