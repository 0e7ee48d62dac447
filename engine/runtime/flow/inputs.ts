/**
 * Input checks shared by workflow starts, sub-workflows and actions, with Mistral's messages.
 */
import { pyRepr } from '../../language/values/python-format.js';
import type { InputParam, WorkflowSpec } from '../../language/spec/types.js';
import type { MapKey, Value, ValueMap } from '../../language/values/value.js';
import type { BuiltinParam } from '../catalog.js';
import { failed, ok, type Evaluated } from './evaluate.js';

function names(list: readonly string[]): string {
  return `[${list.map((n) => pyRepr(n)).join(', ')}]`;
}

/** Applies declared defaults and reports missing and unexpected names. */
export function checkParams(declared: readonly InputParam[], given: ValueMap): { readonly value: ValueMap; readonly missing: string[]; readonly unexpected: string[] } {
  const out = new Map<MapKey, Value>();
  const missing: string[] = [];
  const known = new Set<string>();
  for (const p of declared) {
    known.add(p.name);
    if (given.has(p.name)) out.set(p.name, given.get(p.name) as Value);
    else if (p.hasDefault) out.set(p.name, p.default);
    else missing.push(p.name);
  }
  const unexpected = [...given.keys()].map(String).filter((k) => !known.has(k));
  return { value: out, missing, unexpected };
}

/** Workflow input: `Invalid input [name=greet, class=DirectWorkflowSpec, missing=['name'], unexpected=['nam']]`. */
export function checkWorkflowInput(spec: WorkflowSpec, given: ValueMap): Evaluated<ValueMap> {
  const r = checkParams(spec.input, given);
  if (r.missing.length === 0 && r.unexpected.length === 0) return ok(r.value);
  const cls = spec.type === 'reverse' ? 'ReverseWorkflowSpec' : 'DirectWorkflowSpec';
  return failed(`Invalid input [name=${spec.name}, class=${cls}, missing=${names(r.missing)}, unexpected=${names(r.unexpected)}]`);
}

/** Built-in action input, defaults applied. */
export function checkActionInput(action: string, params: readonly BuiltinParam[], given: ValueMap): Evaluated<ValueMap> {
  const declared: InputParam[] = params.map((p) => ({ name: p.name, hasDefault: !p.required, default: p.default ?? null }));
  const r = checkParams(declared, given);
  const problems: string[] = [];
  if (r.missing.length > 0) problems.push(`missing=${names(r.missing)}`);
  if (r.unexpected.length > 0) problems.push(`unexpected=${names(r.unexpected)}`);
  if (problems.length > 0) return failed(`Invalid input [action=${action}, ${problems.join(', ')}]`);
  return ok(r.value);
}
