/**
 * Cron triggers as the REST API sees them (digest §7): create with every check Mistral makes up
 * front, read, list and delete. There is no update; clients delete and re-create. Firing is the
 * job of its {@link CronRunner}.
 */
import { createHash } from 'node:crypto';
import { isMap, type MapKey, type Value, type ValueMap } from '../../language/values/value.js';
import { isUniqueViolation } from '../../store/dialect.js';
import type { Store } from '../../store/open-store.js';
import {
  deleteCronTrigger,
  findCronTrigger,
  getCronTrigger,
  insertCronTrigger,
  listCronTriggers,
} from '../../store/repositories/cron-triggers.js';
import type { KeysetCursor, PageRequest } from '../../store/repositories/pagination.js';
import type { Viewer } from '../../store/repositories/visibility.js';
import { findWorkflowDefinition, getWorkflowDefinition } from '../../store/repositories/workflow-definitions.js';
import type { CronTrigger, EpochMs, Scope, WorkflowDefinition } from '../../store/schema.js';
import type { DefinitionCatalog } from '../definition-catalog.js';
import { EngineError } from '../errors.js';
import { checkWorkflowInput } from '../flow/inputs.js';
import { reverseClosure } from '../flow/workflow.js';
import { newId } from '../ids.js';
import { decodeMap, encode } from '../persistence/codec.js';
import { DEFAULT_EXECUTION_LIMITS, type ExecutionLimits, type ExecutionService } from '../service/executions.js';
import { CronRunner, type CronRunnerOptions } from './cron-runner.js';
import { parseCronTime, planCronTrigger } from './cron-schedule.js';

export interface CreateCronTriggerRequest {
  readonly name: string;
  readonly projectId: string;
  /** One of workflowName / workflowId is required; the id wins when both are given. */
  readonly workflowName?: string;
  readonly workflowId?: string;
  /** Where `workflowName` is looked up (Mistral has no namespace here: the default one). */
  readonly workflowNamespace?: string;
  readonly workflowInput?: ValueMap;
  readonly workflowParams?: ValueMap;
  readonly pattern?: string | null;
  /** Epoch ms, or Mistral's wire text `YYYY-MM-DD HH:MM` (UTC). */
  readonly firstExecutionTime?: EpochMs | string | null;
  readonly remainingExecutions?: number | null;
  /** @default 'private' */
  readonly scope?: Scope;
  /** Credentials captured at creation (Mistral's trust), stored with the trigger. */
  readonly securityContext?: ValueMap | null;
}

/** A stored trigger with its JSON columns decoded; the REST layer encodes them back to strings. */
export interface CronTriggerInfo {
  readonly id: string;
  readonly name: string;
  readonly projectId: string;
  readonly scope: Scope;
  readonly pattern: string | null;
  readonly workflowName: string;
  readonly workflowId: string;
  readonly workflowInput: ValueMap;
  readonly workflowParams: ValueMap;
  readonly firstExecutionTime: EpochMs | null;
  readonly nextExecutionTime: EpochMs;
  /** Null = unlimited. */
  readonly remainingExecutions: number | null;
  readonly createdAt: EpochMs;
  readonly updatedAt: EpochMs;
}

export interface CronTriggerList {
  readonly items: readonly CronTriggerInfo[];
  /** Present only when another page follows. */
  readonly next: KeysetCursor | undefined;
}

export interface CronTriggerListFilter {
  readonly name?: string;
  readonly workflowId?: string;
  readonly workflowName?: string;
}

export interface CronServiceOptions extends CronRunnerOptions {
  /** Shared with the runner, so tests can move time for both. */
  readonly clock?: () => EpochMs;
  readonly limits?: ExecutionLimits;
  /** How far ahead `first_execution_time` must be (Mistral: a minute). */
  readonly minFirstExecutionLeadMs?: number;
}

export function cronTriggerInfo(row: CronTrigger): CronTriggerInfo {
  return {
    id: row.id,
    name: row.name,
    projectId: row.project_id,
    scope: row.scope,
    pattern: row.pattern,
    workflowName: row.workflow_name,
    workflowId: row.workflow_id,
    workflowInput: decodeMap(row.workflow_input_json),
    workflowParams: decodeMap(row.workflow_params_json),
    firstExecutionTime: row.first_execution_time,
    nextExecutionTime: row.next_execution_time,
    remainingExecutions: row.remaining_executions,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Maps with sorted keys, so equal inputs hash equally whatever order the client sent them in. */
function canonical(v: Value): Value {
  if (Array.isArray(v)) return v.map(canonical);
  if (isMap(v)) {
    const entries = [...v.entries()].sort(([a], [b]) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
    return new Map<MapKey, Value>(entries.map(([k, x]) => [k, canonical(x)]));
  }
  return v;
}

/** Mistral's second unique constraint: same workflow, input, params, pattern, count and first time. */
export function cronDedupeKey(parts: {
  readonly workflowId: string;
  readonly input: ValueMap;
  readonly params: ValueMap;
  readonly pattern: string | null;
  readonly remainingExecutions: number | null;
  readonly firstExecutionTime: EpochMs | null;
}): string {
  const text = encode([
    parts.workflowId,
    canonical(parts.input),
    canonical(parts.params),
    parts.pattern,
    parts.remainingExecutions,
    parts.firstExecutionTime,
  ]);
  return createHash('sha256').update(text).digest('hex');
}

export class CronService {
  /** Fires due triggers; started and stopped with the engine. */
  readonly runner: CronRunner;
  private readonly clock: () => EpochMs;
  private readonly limits: ExecutionLimits;
  private readonly minLeadMs: number | undefined;

  constructor(
    private readonly store: Store,
    private readonly catalog: DefinitionCatalog,
    executions: ExecutionService,
    options: CronServiceOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.limits = options.limits ?? DEFAULT_EXECUTION_LIMITS;
    this.minLeadMs = options.minFirstExecutionLeadMs;
    this.runner = new CronRunner(store, executions, { ...options, clock: this.clock });
  }

  private async resolveWorkflow(req: CreateCronTriggerRequest): Promise<WorkflowDefinition> {
    const viewer: Viewer = { projectId: req.projectId };
    if (req.workflowId !== undefined && req.workflowId !== '') {
      const row = await getWorkflowDefinition(this.store.db, req.workflowId, viewer);
      if (!row) throw new EngineError('not-found', `Workflow not found [id=${req.workflowId}]`);
      return row;
    }
    if (req.workflowName === undefined || req.workflowName === '') {
      throw new EngineError('invalid-input', 'Workflow ID or workflow name must be provided');
    }
    const namespace = req.workflowNamespace ?? '';
    const row = await findWorkflowDefinition(this.store.db, { name: req.workflowName, namespace, viewer });
    if (!row) throw new EngineError('not-found', `Workflow not found [workflow_name=${req.workflowName}, namespace=${namespace}]`);
    return row;
  }

  /** The checks ExecutionService.start makes, so a trigger that could never start is refused now. */
  private checkStartable(wf: WorkflowDefinition, input: ValueMap, params: ValueMap): void {
    const inputText = encode(input);
    const bytes = Buffer.byteLength(inputText);
    if (bytes > this.limits.maxInputBytes) {
      throw new EngineError('too-large', `Input of workflow ${wf.name} is ${bytes} bytes, over the limit of ${this.limits.maxInputBytes} bytes`);
    }
    const spec = this.catalog.specOf(wf.definition, wf.name);
    const checked = checkWorkflowInput(spec, input);
    if (!checked.ok) throw new EngineError('invalid-input', checked.error);
    if (spec.type === 'reverse') {
      const closure = reverseClosure(spec, params);
      if (!closure.ok) throw new EngineError('invalid-input', closure.error);
    }
  }

  /**
   * Validates like Mistral (400 invalid-input, 404 unknown workflow, 409 a taken name or an
   * identical trigger) and stores the trigger with its first due time.
   */
  async create(req: CreateCronTriggerRequest): Promise<CronTriggerInfo> {
    if (req.name.trim() === '') throw new EngineError('invalid-input', 'Cron trigger name must not be empty');
    const now = this.clock();
    const first = typeof req.firstExecutionTime === 'string' ? parseCronTime(req.firstExecutionTime) : (req.firstExecutionTime ?? null);
    const plan = planCronTrigger({ pattern: req.pattern ?? null, firstExecutionTime: first, remainingExecutions: req.remainingExecutions ?? null }, now, this.minLeadMs === undefined ? {} : { minLeadMs: this.minLeadMs });
    const wf = await this.resolveWorkflow(req);
    const input = req.workflowInput ?? new Map<MapKey, Value>();
    const params = req.workflowParams ?? new Map<MapKey, Value>();
    this.checkStartable(wf, input, params);
    const dedupeKey = cronDedupeKey({ workflowId: wf.id, input, params, pattern: plan.pattern, remainingExecutions: plan.remainingExecutions, firstExecutionTime: plan.firstExecutionTime });
    try {
      const row = await this.store.transaction((tx) =>
        insertCronTrigger(tx, {
          id: newId(),
          name: req.name,
          project_id: req.projectId,
          scope: req.scope ?? 'private',
          pattern: plan.pattern,
          first_execution_time: plan.firstExecutionTime,
          next_execution_time: plan.nextExecutionTime,
          remaining_executions: plan.remainingExecutions,
          workflow_name: wf.name,
          workflow_id: wf.id,
          workflow_input_json: encode(input),
          workflow_params_json: encode(params),
          security_context_json: req.securityContext ? encode(req.securityContext) : null,
          dedupe_key: dedupeKey,
          claimed_by: null,
          claimed_until: null,
          created_at: now,
          updated_at: now,
        }),
      );
      return cronTriggerInfo(row);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Either constraint can refuse the row; the name is the one a caller can act on, so say which.
      const named = await findCronTrigger(this.store.db, { name: req.name, projectId: req.projectId });
      if (named) throw new EngineError('conflict', `Duplicate entry for cron trigger [name=${req.name}, project_id=${req.projectId}]`);
      const twin = await this.store.db.selectFrom('cron_triggers').select('name').where('project_id', '=', req.projectId).where('dedupe_key', '=', dedupeKey).executeTakeFirst();
      throw new EngineError('conflict', `Duplicate entry for cron trigger: it would fire the same as cron trigger ${twin?.name ?? '(just deleted)'} [workflow=${wf.name}, pattern=${plan.pattern ?? ''}]`);
    }
  }

  /** By id, or by name in the viewer's project (Mistral's `{name|id}` paths). */
  async get(identifier: string, viewer: Viewer): Promise<CronTriggerInfo> {
    return cronTriggerInfo(await this.require(identifier, viewer));
  }

  private async require(identifier: string, viewer: Viewer): Promise<CronTrigger> {
    const row = (await getCronTrigger(this.store.db, identifier, viewer)) ?? (await findCronTrigger(this.store.db, { name: identifier, projectId: viewer.projectId }));
    if (!row) throw new EngineError('not-found', `Cron trigger not found [identifier=${identifier}]`);
    return row;
  }

  /** The viewer's triggers and public ones (every project's with `allProjects`), oldest first. */
  async list(viewer: Viewer, page: PageRequest, filter: CronTriggerListFilter = {}): Promise<CronTriggerList> {
    const result = await listCronTriggers(this.store.db, { viewer, ...filter }, page);
    return { items: result.items.map(cronTriggerInfo), next: result.next };
  }

  /** Only the owning project may delete (Mistral: writes only on own objects). */
  async delete(identifier: string, viewer: Viewer): Promise<void> {
    const row = await this.require(identifier, viewer);
    if (row.project_id !== viewer.projectId && viewer.allProjects !== true) {
      throw new EngineError('not-found', `Cron trigger not found [identifier=${identifier}]`);
    }
    const deleted = await this.store.transaction((tx) => deleteCronTrigger(tx, row.id));
    if (!deleted) throw new EngineError('not-found', `Cron trigger not found [identifier=${identifier}]`);
  }
}
