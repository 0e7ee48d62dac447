/**
 * `str()` and `repr()` as Python prints what a Jinja expression produced. The shared formatter knows
 * lists and dicts; this one also knows tuples, dict views and the evaluator's own objects.
 */
import { pyRepr, pyStr } from '../../values/python-format.js';
import { isList, isMap, type Value } from '../../values/value.js';
import { kindOf } from './py-kinds.js';
import { Callable, LoopContext, Namespace, PyError, Undefined, type JValue } from './runtime.js';

export function jRepr(v: Value): string {
  if (isList(v)) {
    const items = v.map(jRepr);
    switch (kindOf(v)) {
      case 'tuple':
      case 'group':
        return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
      case 'dict_items':
        return `dict_items([${items.join(', ')}])`;
      case 'dict_keys':
        return `dict_keys([${items.join(', ')}])`;
      case 'dict_values':
        return `dict_values([${items.join(', ')}])`;
      default:
        return `[${items.join(', ')}]`;
    }
  }
  if (isMap(v)) {
    const parts: string[] = [];
    for (const [k, val] of v) parts.push(`${pyRepr(k)}: ${jRepr(val)}`);
    return `{${parts.join(', ')}}`;
  }
  return pyRepr(v);
}

export function jStr(v: Value): string {
  if (isList(v) || isMap(v)) return jRepr(v);
  return pyStr(v);
}

/** What `{{ x }}` prints. Undefined raises, as StrictUndefined does. */
export function printable(v: JValue): string {
  if (v instanceof Undefined) throw new PyError(v.hint);
  if (v instanceof Callable) return v.display;
  if (v instanceof LoopContext) return `<LoopContext ${v.index0 + 1}/${v.items.length}>`;
  if (v instanceof Namespace) {
    const parts: string[] = [];
    for (const [k, val] of v.attrs) parts.push(`${pyRepr(k)}: ${jRepr(val)}`);
    return `<Namespace {${parts.join(', ')}}>`;
  }
  return jStr(v);
}
