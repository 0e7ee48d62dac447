/**
 * Methods of Python values reachable from Jinja (`d.get('k', 1)`, `d.items()`, `s.upper()`,
 * `l.index(x)`). In Python an attribute wins over a dict key, so `d.items` is the method even when
 * `d` has an `items` key; lookups here decide that precedence. Mutating methods exist (so the
 * precedence stays right) but refuse to run: values are immutable in Convection.
 */
import { isList, isMap, type Value, type ValueMap } from '../../values/value.js';
import { bind } from './args.js';
import { jEquals } from './operators.js';
import { kindOf, makeTuple, makeView } from './py-kinds.js';
import { Callable, PyError, type JArgs, type JValue, type Runtime } from './runtime.js';
import { findKey, sliceIndices } from './sequences.js';
import { STR_METHODS, UNSUPPORTED_STR_METHODS } from './string-methods.js';

type Method<T> = (self: T, args: JArgs, rt: Runtime) => JValue;

const DICT_METHODS = new Map<string, Method<ValueMap>>([
  [
    'get',
    (d, a) => {
      const [key, dflt] = bind('get', ['key', ['default', null]], a);
      const k = findKey(d, key);
      return k === undefined ? (dflt) : (d.get(k) as Value);
    },
  ],
  ['items', (d, a) => (bind('items', [], a), makeView('dict_items', [...d].map(([k, v]) => makeTuple([k, v]))))],
  ['keys', (d, a) => (bind('keys', [], a), makeView('dict_keys', [...d.keys()]))],
  ['values', (d, a) => (bind('values', [], a), makeView('dict_values', [...d.values()]))],
  ['copy', (d, a) => (bind('copy', [], a), new Map(d))],
]);
const MUTATING_DICT = ['clear', 'fromkeys', 'pop', 'popitem', 'setdefault', 'update'];

const SEQUENCE_METHODS = new Map<string, Method<readonly Value[]>>([
  ['count', (l, a) => {
    const [x] = bind('count', ['value'], a);
    return l.filter((item) => jEquals(item, x)).length;
  }],
  ['index', (l, a) => {
    const [x, start, stop] = bind('index', ['value', ['start', null], ['stop', null]], a);
    const i = sliceIndices(l.length, start, stop, 1).find((j) => jEquals(l[j] as Value, x));
    if (i === undefined) throw new PyError(`${kindOf(l) === 'list' ? 'list.index(x): x' : 'tuple.index(x): x'} not in ${kindOf(l) === 'list' ? 'list' : 'tuple'}`);
    return i;
  }],
]);
const MUTATING_LIST = ['append', 'clear', 'extend', 'insert', 'pop', 'remove', 'reverse', 'sort'];

function bound(receiverType: string, name: string, run: (args: JArgs, rt: Runtime) => JValue): Callable {
  return new Callable(`<built-in method ${name} of ${receiverType} object>`, run);
}

function refused(receiverType: string, name: string, why: string): Callable {
  return bound(receiverType, name, () => {
    throw new PyError(`${receiverType}.${name}() is not supported: ${why}`);
  });
}

const IMMUTABLE = 'values are immutable in Convection expressions';

/** The bound method `receiver.name`, or undefined when Python has no such attribute. */
export function lookupMethod(receiver: Value, name: string): Callable | undefined {
  if (typeof receiver === 'string') {
    const m = STR_METHODS.get(name);
    if (m) return bound('str', name, (a, rt) => m(receiver, a, rt));
    if (UNSUPPORTED_STR_METHODS.has(name)) return refused('str', name, 'byte strings and translation tables do not exist here');
    return undefined;
  }
  if (isMap(receiver)) {
    const m = DICT_METHODS.get(name);
    if (m) return bound('dict', name, (a, rt) => m(receiver, a, rt));
    if (MUTATING_DICT.includes(name)) return refused('dict', name, IMMUTABLE);
    return undefined;
  }
  if (isList(receiver)) {
    const kind = kindOf(receiver);
    if (kind !== 'list' && kind !== 'tuple' && kind !== 'group') return undefined;
    const type = kind === 'list' ? 'list' : 'tuple';
    const m = SEQUENCE_METHODS.get(name);
    if (m) return bound(type, name, (a, rt) => m(receiver, a, rt));
    if (name === 'copy' && kind === 'list') return bound('list', name, (a) => (bind('copy', [], a), [...receiver]));
    if (kind === 'list' && MUTATING_LIST.includes(name)) return refused('list', name, IMMUTABLE);
  }
  return undefined;
}
