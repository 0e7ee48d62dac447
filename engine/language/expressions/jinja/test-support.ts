/**
 * Helpers for the Jinja tests: the shared golden context (yaql-subset §4), evaluation shortcuts and
 * a strict value comparison (Python equality plus key order and int/float/bool kinds).
 */
import { pyEquals } from '../../values/compare.js';
import { parseJson } from '../../values/json.js';
import { PyFloat, isList, isMap, type Value, type ValueMap } from '../../values/value.js';
import { staticHost, type EvaluationContext } from '../host.js';
import type { EvaluationLimits } from '../limits.js';
import { compileJinjaExpression, compileJinjaTemplate } from './index.js';

export const GOLDEN_CONTEXT_JSON = `{"vm": {"name": "web-1", "flavor": "m1.small", "tags": ["a", "b"], "ram": 2048},
 "servers": [{"name": "s1", "status": "ACTIVE", "ram": 512},
             {"name": "s2", "status": "ERROR",  "ram": 1024},
             {"name": "s3", "status": "ACTIVE", "ram": 2048}],
 "nums": [3, 1, 2], "msg": "Hello, World", "count": 7, "empty": [], "nothing": null,
 "flag": true, "csv": "x,y,z"}`;

export function goldenContext(limits?: Partial<EvaluationLimits>): EvaluationContext {
  const env = parseJson('{"region": "RegionOne"}') as ValueMap;
  return { data: parseJson(GOLDEN_CONTEXT_JSON), host: staticHost({ env }), ...(limits ? { limits } : {}) };
}

export function evalJinja(expression: string, ctx: EvaluationContext = goldenContext()): Value {
  return compileJinjaExpression(expression).evaluate(ctx);
}

export function renderJinja(template: string, ctx: EvaluationContext = goldenContext()): string {
  return compileJinjaTemplate(template).render(ctx);
}

function kind(v: Value): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (v instanceof PyFloat) return 'float';
  if (v === null) return 'none';
  return isList(v) ? 'list' : isMap(v) ? 'map' : typeof v;
}

/** Python equality, plus the same key order and the same int/float/bool kinds throughout. */
export function sameValue(actual: Value, expected: Value): boolean {
  if (kind(actual) !== kind(expected) || !pyEquals(actual, expected)) return false;
  if (isList(actual) && isList(expected)) return actual.every((x, i) => sameValue(x, expected[i] as Value));
  if (isMap(actual) && isMap(expected)) {
    const ka = [...actual.keys()];
    const kb = [...expected.keys()];
    return ka.every((k, i) => k === kb[i] && sameValue(actual.get(k) as Value, expected.get(k) as Value));
  }
  return true;
}
