/**
 * The value model shared by YAQL, Jinja and the runtime.
 *
 * Mistral evaluates expressions in Python, so values keep the distinctions Python makes and
 * JavaScript does not:
 * - int vs float: a JS `number` that is an integer is a Python `int`; a non-integral `number` is a
 *   `float`; an integral float (`3.0`) is boxed as {@link PyFloat} so `str()` prints `3.0` and `/`
 *   knows it is not floor division.
 * - dict key order: maps are `Map`s (plain objects would move integer-like keys first).
 *
 * Values are treated as immutable: functions return new lists and maps, never mutate their inputs.
 */

/** A float whose value happens to be integral (`3.0`). Non-integral floats are plain numbers. */
export class PyFloat {
  constructor(readonly value: number) {}
  /** JSON.stringify fallback; the value codec in json.ts writes `3.0` instead. */
  toJSON(): number {
    return this.value;
  }
}

/**
 * Values that only functions produce (datetime, timespan, regex, set, …). Each kind subclasses this
 * and says how Python would print and compare it.
 */
export abstract class OpaqueValue {
  /** Python type name, used in error messages (`datetime`, `set`, …). */
  abstract readonly typeName: string;
  /** Python `repr()` of the value. */
  abstract repr(): string;
  /** Python `str()` of the value; defaults to repr. */
  str(): string {
    return this.repr();
  }
  /** Structural equality with another value of any kind. */
  abstract equals(other: Value): boolean;
  /** Ordering against another value, or undefined when Python would raise TypeError. */
  compare(_other: Value): number | undefined {
    return undefined;
  }
  /** What JSON output becomes of this value (Mistral's output conversion). */
  abstract toJsonValue(): Value;
  /** Truthiness, as Python's `bool()`. */
  truthy(): boolean {
    return true;
  }
}

export type MapKey = string | number | boolean | null;
export type ValueList = readonly Value[];
export type ValueMap = ReadonlyMap<MapKey, Value>;
export type Value = null | boolean | number | PyFloat | string | ValueList | ValueMap | OpaqueValue;

export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

export function isFloat(v: unknown): v is number | PyFloat {
  return v instanceof PyFloat || (typeof v === 'number' && !Number.isInteger(v));
}

export function isNumber(v: unknown): v is number | PyFloat {
  return typeof v === 'number' || v instanceof PyFloat;
}

/** The numeric value of an int or float. */
export function num(v: number | PyFloat): number {
  return typeof v === 'number' ? v : v.value;
}

/** Makes a float from a JS number, boxing integral results so they stay floats. */
export function makeFloat(n: number): number | PyFloat {
  return Number.isInteger(n) ? new PyFloat(n) : n;
}

export function isList(v: unknown): v is ValueList {
  return Array.isArray(v);
}

export function isMap(v: unknown): v is ValueMap {
  return v instanceof Map;
}

export function isString(v: unknown): v is string {
  return typeof v === 'string';
}

/** Python's type name for a value, for error messages. */
export function typeName(v: Value): string {
  if (v === null) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (isInt(v)) return 'int';
  if (isFloat(v)) return 'float';
  if (typeof v === 'string') return 'str';
  if (isList(v)) return 'list';
  if (isMap(v)) return 'dict';
  return v.typeName;
}

/** Python truthiness. */
export function truthy(v: Value): boolean {
  if (v === null || v === false) return false;
  if (v === true) return true;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (v instanceof PyFloat) return v.value !== 0;
  if (typeof v === 'string') return v.length > 0;
  if (isList(v)) return v.length > 0;
  if (isMap(v)) return v.size > 0;
  return v.truthy();
}

/** Normalises a value used as a dict key (Python hashes 1 and 1.0 alike). */
export function toMapKey(v: Value): MapKey | undefined {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || typeof v === 'number') return v;
  if (v instanceof PyFloat) return v.value;
  return undefined;
}

/**
 * Converts plain JavaScript data (as from JSON.parse or a test literal) into values: objects become
 * Maps. Numbers keep JS semantics (integral → int), so use the json.ts codec when float-ness matters.
 */
export function fromJs(x: unknown): Value {
  if (x === null || x === undefined) return null;
  if (typeof x === 'boolean' || typeof x === 'number' || typeof x === 'string') return x;
  if (x instanceof PyFloat || x instanceof OpaqueValue) return x;
  if (Array.isArray(x)) return x.map(fromJs);
  if (x instanceof Map) {
    const out = new Map<MapKey, Value>();
    for (const [k, v] of x) out.set(k as MapKey, fromJs(v));
    return out;
  }
  if (typeof x === 'object') {
    const out = new Map<MapKey, Value>();
    for (const [k, v] of Object.entries(x as Record<string, unknown>)) out.set(k, fromJs(v));
    return out;
  }
  throw new TypeError(`cannot convert a ${typeof x} to a value`);
}

/**
 * Converts a value into plain JavaScript data (objects for maps, numbers for floats). Opaque values
 * are converted through their JSON form. Keys are stringified, as JSON would.
 */
export function toJs(v: Value): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (v instanceof PyFloat) return v.value;
  if (isList(v)) return v.map(toJs);
  if (isMap(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, val] of v) out[String(k)] = toJs(val);
    return out;
  }
  return toJs(v.toJsonValue());
}

/** Builds a map from entries; a convenience for code that constructs results. */
export function mapOf(entries: Iterable<readonly [MapKey, Value]>): ValueMap {
  return new Map(entries);
}
