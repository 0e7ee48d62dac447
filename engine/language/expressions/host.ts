/**
 * What an expression can see besides its data: the runtime's answers to Mistral's functions
 * (`task()`, `env()`, `execution()`, …). The runtime implements this over stored state; tests and
 * `convection eval` use {@link staticHost}.
 */
import type { EvaluationLimits } from './limits.js';
import type { Value, ValueMap } from '../values/value.js';

export interface TasksFilter {
  readonly workflowExecutionId: string | null;
  readonly recursive: boolean;
  readonly state: string | null;
  readonly flat: boolean;
}

export interface ExecutionsFilter {
  readonly id: string | null;
  readonly rootExecutionId: string | null;
  readonly state: string | null;
  readonly fromTime: string | null;
  readonly toTime: string | null;
}

export interface MistralHost {
  /** The task execution dict of task `name` (latest of that name), or the current task when null; null if unknown. */
  task(name: string | null): Value;
  tasks(filter: TasksFilter): Value;
  execution(): Value;
  executions(filter: ExecutionsFilter): Value;
  env(): Value;
  /** A value of the workflow's global context, or null. */
  global(name: string): Value;
}

export interface EvaluationContext {
  /** `$` in YAQL, `_` in Jinja: the merged view of task, branch, workflow context and input. */
  readonly data: Value;
  readonly host: MistralHost;
  readonly limits?: Partial<EvaluationLimits>;
}

/** A host with no runtime behind it: `env()` and `execution()` return what it was given. */
export function staticHost(options: { env?: ValueMap; execution?: ValueMap; tasks?: ReadonlyMap<string, Value> } = {}): MistralHost {
  const env = options.env ?? new Map();
  return {
    task: (name) => (name === null ? null : (options.tasks?.get(name) ?? null)),
    tasks: () => [...(options.tasks?.values() ?? [])],
    execution: () => options.execution ?? new Map(),
    executions: () => (options.execution ? [options.execution] : []),
    env: () => env,
    global: () => null,
  };
}
