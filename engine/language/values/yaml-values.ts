/**
 * YAML nodes → values. Goes through the node tree rather than `toJS()` so that `1.0` stays a float
 * and mappings keep their key order as Maps.
 */
import { isAlias, isMap as isYamlMap, isScalar, isSeq, type Node } from 'yaml';
import { PyFloat, toMapKey, type MapKey, type Value } from './value.js';

/** Converts a parsed YAML node (or null for an empty document) into a value. */
export function yamlNodeToValue(node: Node | null | undefined): Value {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) return scalarValue(node.value, node.source, node.minFractionDigits);
  if (isSeq(node)) return node.items.map((item) => yamlNodeToValue(item as Node | null));
  if (isYamlMap(node)) {
    const out = new Map<MapKey, Value>();
    for (const pair of node.items) {
      const key = yamlNodeToValue(pair.key as Node | null);
      out.set(toMapKey(key) ?? String(key), yamlNodeToValue(pair.value as Node | null));
    }
    return out;
  }
  if (isAlias(node)) throw new Error('YAML aliases are not allowed');
  return null;
}

function scalarValue(v: unknown, source: string | undefined, minFractionDigits: number | undefined): Value {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    const floatLike = (minFractionDigits ?? 0) > 0 || (source !== undefined && /[.eE]|inf|nan/i.test(source));
    return floatLike && Number.isInteger(v) ? new PyFloat(v) : v;
  }
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean' || typeof v === 'string') return v;
  // Timestamps and binary scalars only appear with non-default schemas; keep their text.
  return source ?? String(v);
}
