/**
 * The typed, immutable specification the parser produces and the runtime consumes.
 *
 * Anything that may hold an expression is kept as a raw {@link Value} (strings with `<% %>` /
 * `{{ }}` inside, possibly nested in maps and lists); the runtime evaluates it when the digest says
 * it is evaluated. Everything structural (names, transitions, join, workflow type) is resolved here.
 */
import type { Value, ValueMap } from '../values/value.js';

/** 1-based line and column in the YAML source. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

export type WorkflowType = 'direct' | 'reverse';

/** One declared input: `name` or `name: default` (defaults are literals, never evaluated). */
export interface InputParam {
  readonly name: string;
  readonly hasDefault: boolean;
  readonly default: Value;
}

export type EngineCommand = 'fail' | 'succeed' | 'pause' | 'noop';

export const ENGINE_COMMANDS: readonly EngineCommand[] = ['fail', 'succeed', 'pause', 'noop'];

export type TransitionTarget =
  | {
      readonly kind: 'task';
      readonly name: string;
      /** Guard expression (raw), or null when unguarded. */
      readonly guard: Value | null;
      readonly position: SourcePosition;
    }
  | {
      readonly kind: 'command';
      readonly command: EngineCommand;
      /** The `msg` parameter (raw, may be an expression), or null. */
      readonly msg: Value | null;
      readonly guard: Value | null;
      readonly position: SourcePosition;
    };

/** An `on-success` / `on-error` / `on-complete` / `on-skip` clause, simple or advanced form. */
export interface TransitionClause {
  readonly targets: readonly TransitionTarget[];
  /** Advanced form `publish: {branch, global, atomic}`; branch values are raw. */
  readonly publishBranch: ValueMap | null;
  readonly publishGlobal: ValueMap | null;
}

export type BackoffKind = 'fixed' | 'exponential';

export interface RetryPolicy {
  readonly count: Value;
  readonly delay: Value;
  readonly breakOn: Value | null;
  readonly continueOn: Value | null;
  /** Convection extension; Mistral only has a fixed delay. */
  readonly backoff: BackoffKind;
  readonly maxDelay: Value | null;
  /** Convection extension: true or a fraction (0..1) of the delay added at random. */
  readonly jitter: Value | null;
}

/** Policies after merging task-defaults (task value wins per policy). Raw values, evaluated at run time. */
export interface TaskPolicies {
  readonly waitBefore: Value | null;
  readonly waitAfter: Value | null;
  readonly timeout: Value | null;
  readonly retry: RetryPolicy | null;
  readonly pauseBefore: Value | null;
  readonly concurrency: Value | null;
  readonly failOn: Value | null;
}

/** `with-items: x in <% $.list %>` — one per array. */
export interface WithItemsBinding {
  readonly variable: string;
  /** A raw expression string or a literal list. */
  readonly collection: Value;
}

export type JoinSpec = 'all' | number;

export interface TaskSpec {
  readonly name: string;
  readonly description: string | null;
  /** `workflow` tasks run a sub-workflow; everything else runs an action (std.noop by default). */
  readonly type: 'action' | 'workflow';
  /** Action or workflow name: a static name, or a raw expression evaluated at task start. */
  readonly target: string;
  /** Whether `target` is an expression to evaluate at run time. */
  readonly targetIsExpression: boolean;
  /** Parameters written inline after the name (`std.echo output="x"`), raw. */
  readonly inlineInput: ValueMap;
  /** The `input` attribute: a map or an expression string yielding a map; null if absent. */
  readonly input: Value | null;
  readonly publish: ValueMap | null;
  readonly publishOnError: ValueMap | null;
  readonly publishOnSkip: ValueMap | null;
  readonly withItems: readonly WithItemsBinding[] | null;
  readonly keepResult: Value;
  /** Executor/queue target (`target:` attribute), raw. */
  readonly executorTarget: Value | null;
  readonly safeRerun: Value;
  readonly tags: readonly string[];
  readonly policies: TaskPolicies;
  // Direct workflows only (null / empty in reverse workflows).
  readonly join: JoinSpec | null;
  readonly onSuccess: TransitionClause | null;
  readonly onError: TransitionClause | null;
  readonly onComplete: TransitionClause | null;
  readonly onSkip: TransitionClause | null;
  // Reverse workflows only (task-defaults `requires` already unioned in, self removed).
  readonly requires: readonly string[];
  readonly position: SourcePosition;
}

export interface WorkflowSpec {
  /** Full name as stored and started (`<workbook>.<name>` inside a workbook). */
  readonly name: string;
  /** Name as written in the document. */
  readonly shortName: string;
  /** Workbook name when the workflow comes from one, else null. */
  readonly workbook: string | null;
  readonly type: WorkflowType;
  readonly description: string | null;
  readonly tags: readonly string[];
  readonly input: readonly InputParam[];
  readonly output: Value | null;
  readonly outputOnError: Value | null;
  readonly vars: ValueMap | null;
  /** Tasks in document order. */
  readonly tasks: ReadonlyMap<string, TaskSpec>;
  /** Direct workflows: tasks nobody transitions to. Reverse workflows: empty. */
  readonly startTasks: readonly string[];
  /** For each task, the tasks whose clauses name it (guards ignored): what `join` waits for. */
  readonly inbound: ReadonlyMap<string, readonly string[]>;
  /** The YAML text of this workflow alone (`version` + its own key), as Mistral stores it. */
  readonly definition: string;
  readonly position: SourcePosition;
}

export interface AdHocActionSpec {
  /** Full name (`<workbook>.<name>` inside a workbook). */
  readonly name: string;
  readonly shortName: string;
  readonly workbook: string | null;
  readonly description: string | null;
  readonly tags: readonly string[];
  /** Base action name (may itself be ad-hoc). */
  readonly base: string;
  /** Inline params of `base` merged under `base-input` (base-input wins), raw. */
  readonly baseInput: ValueMap;
  readonly input: readonly InputParam[];
  readonly output: Value | null;
  readonly definition: string;
  readonly position: SourcePosition;
}

export interface WorkbookSpec {
  readonly name: string;
  readonly description: string | null;
  readonly tags: readonly string[];
  readonly workflows: readonly WorkflowSpec[];
  readonly actions: readonly AdHocActionSpec[];
  readonly definition: string;
}

/** One validation problem, located and worded for a person. */
export interface Problem {
  /** Complete message, e.g. `workflow "deploy", task "boot": on-success refers to unknown task "attach" (line 14, column 9)`. */
  readonly message: string;
  /** Stable machine-readable code, e.g. `unknown-task`, `unknown-attribute`, `yaml-syntax`. */
  readonly code: string;
  readonly workflow: string | null;
  readonly task: string | null;
  readonly attribute: string | null;
  readonly line: number;
  readonly column: number;
}

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly Problem[] };
