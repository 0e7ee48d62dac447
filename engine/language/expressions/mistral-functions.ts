/**
 * Mistral's own expression functions (language digest §10), shared by YAQL and Jinja. Each takes
 * its arguments already evaluated, plus the host that answers questions about the running workflow.
 */
import { randomUUID } from 'node:crypto';
import { parseDocument, stringify as stringifyYaml } from 'yaml';
import { dumpJson, parseJson } from '../values/json.js';
import { yamlNodeToValue } from '../values/yaml-values.js';
import { toJs, typeName, type Value } from '../values/value.js';
import type { MistralHost } from './host.js';

export interface CallArgs {
  readonly positional: readonly Value[];
  readonly named: ReadonlyMap<string, Value>;
}

export type MistralFunction = (host: MistralHost, args: CallArgs) => Value;

/** Thrown for a bad call; the evaluator wraps it into an ExpressionError naming the expression. */
export class FunctionCallError extends Error {}

function arg(args: CallArgs, index: number, name: string, fallback: Value): Value {
  if (args.named.has(name)) return args.named.get(name) as Value;
  return index < args.positional.length ? (args.positional[index] as Value) : fallback;
}

function optionalString(fn: string, v: Value): string | null {
  if (v === null) return null;
  if (typeof v !== 'string') throw new FunctionCallError(`${fn}() expects a string, got ${typeName(v)}`);
  return v;
}

function checkArity(fn: string, args: CallArgs, names: readonly string[]): void {
  if (args.positional.length > names.length) {
    throw new FunctionCallError(`${fn}() takes at most ${names.length} arguments (${args.positional.length} given)`);
  }
  for (const k of args.named.keys()) {
    if (!names.includes(k)) throw new FunctionCallError(`${fn}() got an unexpected keyword argument '${k}'`);
  }
}

function requireOne(fn: string, args: CallArgs, name: string): Value {
  checkArity(fn, args, [name]);
  if (args.positional.length === 0 && !args.named.has(name)) {
    throw new FunctionCallError(`${fn}() missing required argument '${name}'`);
  }
  return arg(args, 0, name, null);
}

function jsonDump(fn: string, args: CallArgs): Value {
  return dumpJson(requireOne(fn, args, 'data'), { indent: 4 });
}

export const MISTRAL_FUNCTIONS: ReadonlyMap<string, MistralFunction> = new Map<string, MistralFunction>([
  [
    'task',
    (host, args) => {
      checkArity('task', args, ['task_name']);
      return host.task(optionalString('task', arg(args, 0, 'task_name', null)));
    },
  ],
  [
    'tasks',
    (host, args) => {
      checkArity('tasks', args, ['workflow_execution_id', 'recursive', 'state', 'flat']);
      return host.tasks({
        workflowExecutionId: optionalString('tasks', arg(args, 0, 'workflow_execution_id', null)),
        recursive: arg(args, 1, 'recursive', false) === true,
        state: optionalString('tasks', arg(args, 2, 'state', null)),
        flat: arg(args, 3, 'flat', false) === true,
      });
    },
  ],
  [
    'execution',
    (host, args) => {
      checkArity('execution', args, []);
      return host.execution();
    },
  ],
  [
    'executions',
    (host, args) => {
      checkArity('executions', args, ['id', 'root_execution_id', 'state', 'from_time', 'to_time']);
      return host.executions({
        id: optionalString('executions', arg(args, 0, 'id', null)),
        rootExecutionId: optionalString('executions', arg(args, 1, 'root_execution_id', null)),
        state: optionalString('executions', arg(args, 2, 'state', null)),
        fromTime: optionalString('executions', arg(args, 3, 'from_time', null)),
        toTime: optionalString('executions', arg(args, 4, 'to_time', null)),
      });
    },
  ],
  [
    'env',
    (host, args) => {
      checkArity('env', args, []);
      return host.env();
    },
  ],
  [
    'global',
    (host, args) => {
      const name = requireOne('global', args, 'var_name');
      if (typeof name !== 'string') throw new FunctionCallError(`global() expects a variable name, got ${typeName(name)}`);
      return host.global(name);
    },
  ],
  [
    'json_parse',
    (_host, args) => {
      const text = requireOne('json_parse', args, 'data');
      if (typeof text !== 'string') throw new FunctionCallError(`json_parse() expects a string, got ${typeName(text)}`);
      try {
        return parseJson(text);
      } catch (e) {
        throw new FunctionCallError(`json_parse(): ${(e as Error).message}`);
      }
    },
  ],
  ['json_dump', (_host, args) => jsonDump('json_dump', args)],
  ['json_pp', (_host, args) => jsonDump('json_pp', args)],
  [
    'yaml_parse',
    (_host, args) => {
      const text = requireOne('yaml_parse', args, 'data');
      if (typeof text !== 'string') throw new FunctionCallError(`yaml_parse() expects a string, got ${typeName(text)}`);
      const doc = parseDocument(text, { uniqueKeys: false });
      if (doc.errors.length > 0) throw new FunctionCallError(`yaml_parse(): ${doc.errors[0]?.message ?? 'invalid YAML'}`);
      try {
        // The converter refuses aliases, so entity-expansion documents cannot blow up the engine.
        return yamlNodeToValue(doc.contents);
      } catch (e) {
        throw new FunctionCallError(`yaml_parse(): ${(e as Error).message}`);
      }
    },
  ],
  [
    'yaml_dump',
    (_host, args) => {
      const data = requireOne('yaml_dump', args, 'data');
      return stringifyYaml(toJs(data), { indent: 2 });
    },
  ],
  [
    'uuid',
    (_host, args) => {
      checkArity('uuid', args, []);
      return randomUUID();
    },
  ],
]);

