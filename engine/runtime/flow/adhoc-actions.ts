/**
 * Ad-hoc actions: expanding a call down to the built-in action that runs, and shaping the
 * built-in's result with the `output` transforms. Pure over a catalog, a lookup scope and an
 * expression host (no Draft), so a workflow's task and a direct run (`POST /v2/action_executions`)
 * go through exactly the same expansion and transforms.
 */
import type { MistralHost } from '../../language/expressions/host.js';
import type { AdHocActionSpec } from '../../language/spec/types.js';
import { isMap, type Value, type ValueMap } from '../../language/values/value.js';
import type { Catalog, LookupScope, ResolvedAction } from '../catalog.js';
import { mergeMaps } from './context.js';
import { evaluate, evaluateMap, failed, ok, type Evaluated } from './evaluate.js';
import { checkActionInput, checkParams } from './inputs.js';

export type BuiltinAction = Extract<ResolvedAction, { kind: 'builtin' }>;

export interface ExpandedAction {
  readonly builtin: BuiltinAction;
  /** The built-in's input, checked and with its defaults applied. */
  readonly input: ValueMap;
}

const MAX_ADHOC_DEPTH = 20;

/**
 * Expands an action call down to the built-in action that runs and its input.
 *
 * @param data what `base-input` expressions see under the call's input: the task's view in a
 * workflow, nothing for a direct run.
 * @param host answers `env()`, `task()`, … in `base-input` expressions.
 */
export function expandAction(catalog: Catalog, scope: LookupScope, name: string, input: ValueMap, data: ValueMap, host: MistralHost, depth = 0): Evaluated<ExpandedAction> {
  if (depth > MAX_ADHOC_DEPTH) return failed(`Ad-hoc action ${name} nests more than ${MAX_ADHOC_DEPTH} levels (a cycle of ad-hoc actions?)`);
  const resolved = catalog.action(name, scope);
  if (!resolved) return failed(`Failed to find action [action_name=${name}]`);
  if (resolved.kind === 'builtin') {
    const checked = checkActionInput(resolved.name, resolved.params, input);
    return checked.ok ? ok({ builtin: resolved, input: checked.value }) : checked;
  }
  const spec = resolved.spec;
  const params = checkParams(spec.input, input);
  if (params.missing.length > 0 || params.unexpected.length > 0) {
    const parts = [params.missing.length ? `missing=${JSON.stringify(params.missing)}` : '', params.unexpected.length ? `unexpected=${JSON.stringify(params.unexpected)}` : ''].filter(Boolean);
    return failed(`Invalid input [action=${spec.name}, ${parts.join(', ')}]`);
  }
  // base-input expressions see the ad-hoc call's input over the caller's data.
  const callData = mergeMaps(data, params.value);
  const baseInput = evaluateMap(spec.baseInput, { data: callData, host }, `base-input of action ${spec.name}`);
  if (!baseInput.ok) return baseInput;
  // The base is named from where the ad-hoc action is defined: its own workbook first.
  return expandAction(catalog, { ...scope, workbook: spec.workbook }, spec.base, baseInput.value, data, host, depth + 1);
}

/** The ad-hoc actions between a call's name and its built-in, outermost first. */
export function adhocChain(catalog: Catalog, scope: LookupScope, name: string): AdHocActionSpec[] {
  const chain: AdHocActionSpec[] = [];
  let current = catalog.action(name, scope);
  let s = scope;
  while (current && current.kind === 'adhoc' && chain.length <= MAX_ADHOC_DEPTH) {
    chain.push(current.spec);
    s = { ...s, workbook: current.spec.workbook };
    current = catalog.action(current.spec.base, s);
  }
  return chain;
}

function falsy(value: Value): boolean {
  return value === null || value === false || value === '' || (Array.isArray(value) && value.length === 0) || (isMap(value) && value.size === 0);
}

/**
 * Applies the ad-hoc `output` transforms of the action called `name` to its built-in's result,
 * innermost first; a falsy value skips a transform, as Mistral does.
 */
export function transformOutput(catalog: Catalog, scope: LookupScope, name: string, result: Value, host: MistralHost): Evaluated<Value> {
  const chain = adhocChain(catalog, scope, name).reverse();
  let value = result;
  for (const spec of chain) {
    if (spec.output === null || falsy(value)) continue;
    const r = evaluate(spec.output, { data: value, host });
    if (!r.ok) return r;
    value = r.value;
  }
  return ok(value);
}
