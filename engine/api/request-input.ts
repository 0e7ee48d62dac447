/**
 * Reading query parameters and bodies the way Mistral's controllers do: unknown parameters and
 * malformed values answer 400 with a message naming the parameter.
 */
import type { z } from 'zod';
import type { Scope } from '../store/schema.js';
import { ApiErrors } from './errors.js';

export type QueryParams = ReadonlyMap<string, string>;

/**
 * The query string as name → value. A repeated parameter keeps its last value, as Python's
 * `request.GET.get` does.
 */
export function queryParams(query: unknown): QueryParams {
  const out = new Map<string, string>();
  if (typeof query !== 'object' || query === null) return out;
  for (const [name, value] of Object.entries(query)) {
    if (typeof value === 'string') out.set(name, value);
    else if (Array.isArray(value)) {
      const last: unknown = value[value.length - 1];
      if (typeof last === 'string') out.set(name, last);
    }
  }
  return out;
}

/** 400 for the first parameter not in `allowed`. */
export function rejectUnknown(params: QueryParams, allowed: Iterable<string>): void {
  const known = new Set(allowed);
  for (const name of params.keys()) {
    if (!known.has(name)) throw new ApiErrors.BadRequest(`Unknown argument: "${name}"`);
  }
}

/** `true`/`false` (any case), `1`/`0`, `yes`/`no`, as oslo's bool_from_string reads them. */
export function parseBool(text: string): boolean | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === '1' || t === 'yes' || t === 'on' || t === 't' || t === 'y') return true;
  if (t === 'false' || t === '0' || t === 'no' || t === 'off' || t === 'f' || t === 'n') return false;
  return undefined;
}

export function boolParam(params: QueryParams, name: string, fallback: boolean): boolean {
  const raw = params.get(name);
  if (raw === undefined) return fallback;
  const value = parseBool(raw);
  if (value === undefined) throw new ApiErrors.BadRequest(`Invalid value for "${name}": expected true or false, got "${raw}"`);
  return value;
}

export const SCOPES: readonly Scope[] = ['private', 'public'];

/** The `scope` parameter or body field; `undefined` when absent. */
export function scopeOf(raw: string | undefined): Scope | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'private' || raw === 'public') return raw;
  throw new ApiErrors.BadRequest(`Scope must be one of the following: ${SCOPES.join(', ')}; actual: ${raw}`);
}

/** The `namespace` parameter; Mistral's default namespace is the empty string. */
export function namespaceOf(params: QueryParams): string {
  return params.get('namespace') ?? '';
}

/** A definition upload: the raw YAML text of a `text/plain` body. */
export function definitionText(body: unknown): string {
  if (typeof body !== 'string') {
    throw new ApiErrors.BadRequest('Send the definition as YAML text with Content-Type: text/plain');
  }
  if (body.trim() === '') throw new ApiErrors.BadRequest('The definition is empty');
  return body;
}

/** A JSON body checked against `schema`; the first problem answers 400, naming the field. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === undefined || body === null) throw new ApiErrors.BadRequest('A JSON request body is required');
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw new ApiErrors.BadRequest('Invalid request body');
  if (issue.code === 'unrecognized_keys') {
    throw new ApiErrors.BadRequest(`Unknown attribute(s) in the request body: ${issue.keys.join(', ')}`);
  }
  const path = issue.path.map(String).join('.');
  throw new ApiErrors.BadRequest(path === '' ? `Invalid request body: ${issue.message}` : `Invalid value for "${path}": ${issue.message}`);
}
