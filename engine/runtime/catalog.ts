/**
 * What decisions may look up besides the execution itself: action and workflow definitions. The
 * engine keeps them in memory (loaded from the store), so lookups are synchronous and decisions
 * stay free of I/O.
 */
import type { Value } from '../language/values/value.js';
import type { AdHocActionSpec, WorkflowSpec } from '../language/spec/types.js';

export interface BuiltinParam {
  readonly name: string;
  readonly required: boolean;
  readonly default?: Value;
}

export type ResolvedAction =
  | {
      readonly kind: 'builtin';
      readonly name: string;
      readonly params: readonly BuiltinParam[];
      /** Safe to run again after a crash (pure actions). */
      readonly idempotent: boolean;
      /** Runs as a durable timer (std.sleep), not in an executor. */
      readonly timer: boolean;
    }
  | { readonly kind: 'adhoc'; readonly spec: AdHocActionSpec };

export interface ResolvedWorkflow {
  readonly name: string;
  readonly namespace: string;
  readonly definition: string;
  readonly spec: WorkflowSpec;
}

/** Where a reference is written: short names resolve inside the same workbook first. */
export interface LookupScope {
  readonly workbook: string | null;
  readonly namespace: string;
  readonly projectId: string;
}

export interface Catalog {
  action(name: string, scope: LookupScope): ResolvedAction | null;
  workflow(name: string, scope: LookupScope): ResolvedWorkflow | null;
  /** The parsed spec of a stored definition text (cached by the implementation). */
  specOf(definition: string, workflowName: string): WorkflowSpec;
}

/** The facts a decision is given besides the snapshot and the event. */
export interface DecideEnv {
  readonly now: number;
  readonly newId: () => string;
  readonly spec: WorkflowSpec;
  readonly catalog: Catalog;
}
