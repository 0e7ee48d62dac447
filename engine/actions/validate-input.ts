/**
 * Input checking against an action's declared parameters, in one place for standard and ad-hoc
 * actions. Mistral fails the task when a parameter is missing or unknown; so do we.
 */
import { dumpJson } from '../language/values/json.js';
import type { MapKey, Value, ValueMap } from '../language/values/value.js';
import type { ActionParam } from './action.js';

export type InputValidation =
  | { readonly ok: true; readonly input: ValueMap }
  | { readonly ok: false; readonly error: string };

/** What validation needs: a standard action definition, or an ad-hoc action's declared input. */
export interface ActionSignature {
  readonly name: string;
  readonly params: readonly ActionParam[];
}

/**
 * Checks `input` against `def.params` and returns a new map holding every declared parameter in
 * declaration order, defaults filled in. An explicit `null` counts as given. Never throws.
 */
export function validateActionInput(def: ActionSignature, input: ValueMap | null | undefined): InputValidation {
  const given = input ?? new Map<MapKey, Value>();
  const declared = new Set(def.params.map((p) => p.name));
  const missing: string[] = [];
  const normalised = new Map<MapKey, Value>();
  for (const param of def.params) {
    if (given.has(param.name)) normalised.set(param.name, given.get(param.name) as Value);
    else if (param.required) missing.push(param.name);
    else normalised.set(param.name, param.default ?? null);
  }
  const unexpected = [...given.keys()].filter((k) => typeof k !== 'string' || !declared.has(k));
  if (missing.length === 0 && unexpected.length === 0) return { ok: true, input: normalised };
  const problems: string[] = [];
  if (missing.length > 0) problems.push(`missing required ${plural('parameter', missing)} ${quoteAll(missing)}`);
  if (unexpected.length > 0) problems.push(`unexpected ${plural('parameter', unexpected)} ${quoteAll(unexpected)}`);
  return { ok: false, error: `Invalid input for action ${def.name}: ${problems.join('; ')}` };
}

/**
 * The parameter list as Mistral's REST API shows it (`output, delay=0`,
 * `url, method="GET", params=null`): defaults are written as JSON, like Python's json.dumps.
 */
export function formatActionInput(params: readonly ActionParam[]): string {
  return params.map((p) => (p.required ? p.name : `${p.name}=${dumpJson(p.default ?? null)}`)).join(', ');
}

function plural(word: string, items: readonly unknown[]): string {
  return items.length === 1 ? word : `${word}s`;
}

function quoteAll(items: readonly MapKey[]): string {
  return items.map((k) => `'${String(k)}'`).join(', ');
}
