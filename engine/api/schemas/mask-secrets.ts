/**
 * Credentials inside stored action input (a std.http call carrying the caller's Keystone token in
 * `X-Auth-Token`, as the repository's OpenStack flows do) are shown as Mistral masks secrets:
 * `***`. Anyone who may read an execution's actions must not be able to act as its starter.
 */
import { dumpJson } from '../../language/values/json.js';
import { isList, isMap, type MapKey, type Value } from '../../language/values/value.js';
import { storedValue, wireJson } from './json-text.js';

const SECRET_KEYS = new Set(['x-auth-token', 'x-subject-token', 'x-service-token', 'x-target-auth-token', 'authorization', 'auth_token']);

export const MASK = '***';

export function maskSecrets(value: Value): Value {
  if (isList(value)) return value.map(maskSecrets);
  if (!isMap(value)) return value;
  const out = new Map<MapKey, Value>();
  for (const [k, v] of value) out.set(k, typeof k === 'string' && SECRET_KEYS.has(k.toLowerCase()) && v !== null ? MASK : maskSecrets(v));
  return out;
}

/** Stored JSON text for the wire, with secrets masked. */
export function maskedWireJson(text: string | null | undefined): string | null {
  const value = storedValue(text);
  return value === null ? wireJson(text) : dumpJson(maskSecrets(value));
}
