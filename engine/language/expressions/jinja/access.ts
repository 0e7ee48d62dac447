/**
 * Jinja's sandboxed attribute and item access. `a.b` tries a Python attribute (a method) first and
 * then the item `a['b']`; `a['b']` tries the item first and then the attribute. Dunder attributes
 * are unsafe, as in Jinja's SandboxedEnvironment. Nothing here ever reads a JavaScript property, so
 * `__proto__` or `constructor` are ordinary missing names.
 */
import { isList, isMap, toMapKey, type Value } from '../../values/value.js';
import { kindOf, pyTypeName } from './py-kinds.js';
import { jRepr } from './py-str.js';
import { lookupMethod } from './python-methods.js';
import { Callable, LoopContext, Namespace, PyError, Undefined, type JValue } from './runtime.js';
import { chars, findKey } from './sequences.js';

/** Jinja's object_type_repr, used in undefined messages. */
export function objectTypeRepr(v: JValue): string {
  if (v === null) return 'None';
  if (v instanceof Namespace) return 'jinja2.utils.Namespace object';
  if (v instanceof LoopContext) return 'jinja2.runtime.LoopContext object';
  if (v instanceof Callable) return 'builtin_function_or_method object';
  if (v instanceof Undefined) return 'jinja2.runtime.StrictUndefined object';
  return `${pyTypeName(v)} object`;
}

function missingAttribute(obj: JValue, name: string): Undefined {
  return new Undefined(`'${objectTypeRepr(obj)}' has no attribute '${name}'`);
}

function missingItem(obj: JValue, key: Value): Undefined {
  if (typeof key === 'string') return missingAttribute(obj, key);
  return new Undefined(`${objectTypeRepr(obj)} has no element ${jRepr(key)}`);
}

function isDunder(name: string): boolean {
  return name.length > 4 && name.startsWith('__') && name.endsWith('__');
}

function typeLabel(obj: JValue): string {
  return objectTypeRepr(obj).replace(/ object$/, '');
}

/** The Python attribute `obj.name`, or undefined when there is none. */
export function attribute(obj: JValue, name: string): JValue | undefined {
  if (isDunder(name)) return new Undefined(`access to attribute '${name}' of '${typeLabel(obj)}' object is unsafe.`);
  if (obj instanceof Namespace) return obj.attrs.get(name);
  if (obj instanceof LoopContext) return obj.attribute(name);
  if (obj instanceof Callable || obj instanceof Undefined) return undefined;
  if (isList(obj) && kindOf(obj) === 'group') {
    if (name === 'grouper') return obj[0] as Value;
    if (name === 'list') return obj[1] as Value;
  }
  return lookupMethod(obj, name);
}

/** The item `obj[key]`, or undefined when Python would raise a LookupError or TypeError. */
function item(obj: Value, key: Value): Value | undefined {
  if (isMap(obj)) {
    if (toMapKey(key) === undefined) return undefined;
    const k = findKey(obj, key);
    return k === undefined ? undefined : (obj.get(k) as Value);
  }
  const index = typeof key === 'boolean' ? Number(key) : typeof key === 'number' && Number.isInteger(key) ? key : undefined;
  if (index === undefined) return undefined;
  if (isList(obj)) {
    const kind = kindOf(obj);
    if (kind !== 'list' && kind !== 'tuple' && kind !== 'group') return undefined;
    const i = index < 0 ? index + obj.length : index;
    return i >= 0 && i < obj.length ? (obj[i] as Value) : undefined;
  }
  if (typeof obj === 'string') {
    const cs = chars(obj);
    const i = index < 0 ? index + cs.length : index;
    return i >= 0 && i < cs.length ? (cs[i] as string) : undefined;
  }
  return undefined;
}

export function getattr(obj: JValue, name: string): JValue {
  if (obj instanceof Undefined) throw new PyError(obj.hint);
  const attr = attribute(obj, name);
  if (attr !== undefined) return attr;
  if (obj instanceof Namespace || obj instanceof LoopContext || obj instanceof Callable) return missingAttribute(obj, name);
  const found = item(obj, name);
  return found !== undefined ? found : missingAttribute(obj, name);
}

export function getitem(obj: JValue, key: Value): JValue {
  if (obj instanceof Undefined) throw new PyError(obj.hint);
  if (!(obj instanceof Namespace || obj instanceof LoopContext || obj instanceof Callable)) {
    const found = item(obj, key);
    if (found !== undefined) return found;
  }
  if (typeof key === 'string') {
    const attr = attribute(obj, key);
    if (attr !== undefined) return attr;
  }
  return missingItem(obj, key);
}
