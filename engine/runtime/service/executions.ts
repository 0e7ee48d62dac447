/**
 * Starting executions and the operator actions on them, with the checks and messages a caller
 * needs. Everything that changes state goes through the engine: as an event for executions, and
 * through its jobs for actions run directly.
 */
import { ExpressionError } from '../../language/expressions/errors.js';
import { staticHost } from '../../language/expressions/host.js';
import { evaluateDeep } from '../../language/expressions/template.js';
import type { Value, ValueMap } from '../../language/values/value.js';
import { isMap } from '../../language/values/value.js';
import type { Store } from '../../store/open-store.js';
import { findWorkflowDefinition, getWorkflowDefinition } from '../../store/repositories/workflow-definitions.js';
import type { ActionExecution, WorkflowDefinition } from '../../store/schema.js';
import type { ResolvedWorkflow } from '../catalog.js';
import type { Engine } from '../engine.js';
import type { DefinitionCatalog } from '../definition-catalog.js';
import { EngineError } from '../errors.js';
import { newId } from '../ids.js';
import { checkWorkflowInput } from '../flow/inputs.js';
import { reverseClosure } from '../flow/workflow.js';
import { decode, decodeMap, encode, executionRuntimeContext } from '../persistence/codec.js';
import { mergeMaps } from '../flow/context.js';
import { deleteWorkflowExecution, listExecutionTreeIds, updateWorkflowExecution } from '../../store/repositories/executions.js';
import { isTerminal, type WorkflowState } from '../states.js';
import { startContext } from '../openstack-context.js';
import { errorInfo, type StandaloneStart } from '../standalone-actions.js';

export interface StartRequest {
  readonly workflow: string;
  readonly projectId: string;
  readonly namespace?: string;
  readonly input?: ValueMap;
  /** Mistral execution params: `env` (a map or a stored environment's name), `task_name`, … */
  readonly params?: ValueMap;
  readonly description?: string;
  /** Client-chosen id: starting twice with the same id returns the first execution. */
  readonly id?: string;
  readonly tags?: readonly string[];
  /** The stored workflow definition started (the API's `workflow_id`), when known. */
  readonly workflowId?: string;
  /** The execution this one re-runs (`source_execution_id`). */
  readonly sourceExecutionId?: string;
  /** The caller's OpenStack context, `$.openstack` in expressions (see openstack-context.ts). */
  readonly openstack?: ValueMap;
}

export interface ExecutionLimits {
  /** Largest accepted input, as JSON bytes. */
  readonly maxInputBytes: number;
}

export const DEFAULT_EXECUTION_LIMITS: ExecutionLimits = { maxInputBytes: 1024 * 1024 };

export interface ExecutionSummary {
  readonly id: string;
  readonly workflowName: string;
  readonly state: WorkflowState;
  readonly stateInfo: string | null;
  readonly input: ValueMap;
  readonly output: Value;
  readonly params: ValueMap;
  readonly createdAt: number;
  readonly finishedAt: number | null;
}

export interface TaskSummary {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly stateInfo: string | null;
  readonly published: ValueMap;
  readonly result: Value;
  readonly type: 'ACTION' | 'WORKFLOW';
  readonly createdAt: number;
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
}

const FINAL_OR_PAUSED: ReadonlySet<string> = new Set(['SUCCESS', 'ERROR', 'CANCELLED', 'PAUSED']);
const ENV_UPDATABLE: ReadonlySet<string> = new Set(['IDLE', 'PAUSED', 'ERROR']);
const SETTLE_POLL_MS = 500;

/**
 * Mistral evaluates env values once at start (they may refer to each other through `env()`),
 * unless `params.evaluate_env` is false.
 */
function evaluateEnv(env: ValueMap, params: ValueMap): ValueMap {
  if (params.get('evaluate_env') === false || env.size === 0) return env;
  try {
    return evaluateDeep(env, { data: new Map(), host: staticHost({ env }) }) as ValueMap;
  } catch (e) {
    if (e instanceof ExpressionError) throw new EngineError('invalid-input', `Invalid env: ${e.message}`);
    throw e;
  }
}

export class ExecutionService {
  private readonly settleWaiters = new Map<string, Array<() => void>>();
  private unwatch: (() => void) | null = null;

  constructor(
    private readonly store: Store,
    private readonly engine: Engine,
    private readonly catalog: DefinitionCatalog,
    private readonly limits: ExecutionLimits = DEFAULT_EXECUTION_LIMITS,
  ) {}

  private async resolveEnv(params: ValueMap, projectId: string): Promise<ValueMap> {
    const env = params.get('env');
    if (env === undefined || env === null) return new Map();
    if (isMap(env)) return env;
    if (typeof env === 'string') {
      const row = await this.store.db.selectFrom('environments').select('variables_json').where('name', '=', env).where((eb) => eb.or([eb('project_id', '=', projectId), eb('scope', '=', 'public')])).executeTakeFirst();
      if (!row) throw new EngineError('not-found', `Environment not found [name=${env}]`);
      return decodeMap(row.variables_json);
    }
    throw new EngineError('invalid-input', 'params.env must be a dict or the name of a stored environment');
  }

  private resolved(row: WorkflowDefinition): ResolvedWorkflow {
    return { name: row.name, namespace: row.namespace, definition: row.definition, spec: this.catalog.specOf(row.definition, row.name) };
  }

  /**
   * The workflow a start runs. By id when the caller chose a definition (the API's `workflow_id`),
   * so a same-named one of another visibility cannot stand in for it. By name, the catalog
   * answers for the project's own and public workflows; workflows shared with the project
   * (accepted members) come from the store, as the catalog does not track memberships, which
   * change without any definition changing. The definition stays its owner's; the execution is
   * the caller's, and names inside it resolve for the caller's project, as in Mistral.
   */
  private async resolveWorkflow(req: StartRequest): Promise<ResolvedWorkflow> {
    const namespace = req.namespace ?? '';
    const viewer = { projectId: req.projectId };
    if (req.workflowId !== undefined) {
      const row = await getWorkflowDefinition(this.store.db, req.workflowId, viewer);
      if (!row) throw new EngineError('not-found', `Workflow not found [id=${req.workflowId}]`);
      return this.resolved(row);
    }
    const wf = this.catalog.workflow(req.workflow, { workbook: null, namespace, projectId: req.projectId });
    if (wf) return wf;
    // The catalog's namespace fallback: the given namespace, then the default one.
    for (const ns of namespace === '' ? [''] : [namespace, '']) {
      const row = await findWorkflowDefinition(this.store.db, { name: req.workflow, namespace: ns, viewer });
      if (row) return this.resolved(row);
    }
    throw new EngineError('not-found', `Workflow not found [workflow_name=${req.workflow}, namespace=${namespace}]`);
  }

  async start(req: StartRequest): Promise<ExecutionSummary> {
    const wf = await this.resolveWorkflow(req);
    const given = req.input ?? new Map();
    const inputText = encode(given);
    if (Buffer.byteLength(inputText) > this.limits.maxInputBytes) {
      throw new EngineError('too-large', `Input of workflow ${wf.name} is ${Buffer.byteLength(inputText)} bytes, over the limit of ${this.limits.maxInputBytes} bytes`);
    }
    const input = checkWorkflowInput(wf.spec, given);
    if (!input.ok) throw new EngineError('invalid-input', input.error);
    const params = req.params ?? new Map();
    if (wf.spec.type === 'reverse') {
      const closure = reverseClosure(wf.spec, params);
      if (!closure.ok) throw new EngineError('invalid-input', closure.error);
    }
    const env = evaluateEnv(await this.resolveEnv(params, req.projectId), params);
    const id = req.id ?? newId();
    if (req.id) {
      const existing = await this.store.db.selectFrom('workflow_executions').select(['id', 'workflow_name']).where('id', '=', req.id).executeTakeFirst();
      if (existing) {
        if (existing.workflow_name !== wf.name) throw new EngineError('conflict', `Execution ${req.id} already exists for workflow ${existing.workflow_name}`);
        return this.get(req.id);
      }
    }
    const now = Date.now();
    await this.engine.create({
      id,
      project_id: req.projectId,
      workflow_name: wf.name,
      workflow_namespace: wf.namespace,
      workflow_id: req.workflowId ?? null,
      description: req.description ?? '',
      definition: wf.definition,
      spec_json: null,
      state: 'IDLE',
      state_info: null,
      input_json: encode(input.value),
      output_json: null,
      params_json: encode(params),
      context_json: encode(startContext(req.openstack)),
      env_json: encode(env),
      runtime_context_json: executionRuntimeContext({ deferred: [] }, null),
      security_context_json: null,
      task_execution_id: null,
      root_execution_id: null,
      source_execution_id: req.sourceExecutionId ?? null,
      tags_json: encode([...(req.tags ?? wf.spec.tags)]),
      created_at: now,
      updated_at: now,
      started_at: null,
      finished_at: null,
    });
    return this.get(id);
  }

  async get(id: string): Promise<ExecutionSummary> {
    const row = await this.store.db.selectFrom('workflow_executions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new EngineError('not-found', `Execution not found [id=${id}]`);
    return {
      id: row.id,
      workflowName: row.workflow_name,
      state: row.state as WorkflowState,
      stateInfo: row.state_info,
      input: decodeMap(row.input_json),
      // Mistral shows `{}` until there is an output.
      output: row.output_json === null ? new Map() : decode(row.output_json),
      params: decodeMap(row.params_json),
      createdAt: row.created_at,
      finishedAt: row.finished_at,
    };
  }

  async tasks(executionId: string): Promise<TaskSummary[]> {
    const rows = await this.store.db.selectFrom('task_executions').selectAll().where('workflow_execution_id', '=', executionId).orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      state: r.state,
      stateInfo: r.state_info,
      published: decodeMap(r.published_json),
      result: decode(r.result_json),
      type: r.type,
      createdAt: r.created_at,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
    }));
  }

  /** Resolves once the execution is final or paused (or after `timeoutMs`, with its state then). */
  async waitForSettled(id: string, timeoutMs = 60_000): Promise<ExecutionSummary> {
    this.watchSettling();
    return new Promise<ExecutionSummary>((resolve, reject) => {
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        const list = this.settleWaiters.get(id) ?? [];
        const rest = list.filter((w) => w !== finish);
        if (rest.length > 0) this.settleWaiters.set(id, rest);
        else this.settleWaiters.delete(id);
        this.get(id).then(resolve, reject);
      };
      const timer = setTimeout(finish, timeoutMs);
      this.settleWaiters.set(id, [...(this.settleWaiters.get(id) ?? []), finish]);
      this.get(id).then((e) => {
        if (FINAL_OR_PAUSED.has(e.state)) finish();
      }, reject);
    });
  }

  /**
   * One engine subscription serves every waiter, looked up by execution id. Another engine sharing
   * the database may be the one that finishes an execution, so a slow poll backs the events up.
   */
  private watchSettling(): void {
    if (this.unwatch) return;
    const wake = (id: string): void => {
      for (const w of this.settleWaiters.get(id) ?? []) w();
    };
    const unsubscribe = this.engine.subscribe((n) => {
      if (n.entityType === 'workflow' && FINAL_OR_PAUSED.has(n.state)) wake(n.entityId);
    });
    const poll = setInterval(() => {
      const ids = [...this.settleWaiters.keys()].slice(0, 1000);
      if (ids.length === 0) return;
      this.store.db
        .selectFrom('workflow_executions')
        .select(['id', 'state'])
        .where('id', 'in', ids)
        .execute()
        .then((rows) => rows.filter((r) => FINAL_OR_PAUSED.has(r.state)).forEach((r) => wake(r.id)))
        .catch(() => undefined);
    }, SETTLE_POLL_MS);
    poll.unref();
    this.unwatch = () => {
      unsubscribe();
      clearInterval(poll);
    };
  }

  /** Stops watching for settled executions (the engine is closing). */
  close(): void {
    this.unwatch?.();
    this.unwatch = null;
  }

  private async requireState(id: string, allowed: readonly string[], action: string): Promise<ExecutionSummary> {
    const e = await this.get(id);
    if (!allowed.includes(e.state)) throw new EngineError('invalid-state', `Cannot ${action} execution ${id}: it is ${e.state} (allowed from ${allowed.join(', ')})`);
    return e;
  }

  async pause(id: string): Promise<ExecutionSummary> {
    await this.requireState(id, ['RUNNING'], 'pause');
    await this.engine.send(id, { type: 'pause', cascade: false });
    return this.get(id);
  }

  async resume(id: string, env?: ValueMap): Promise<ExecutionSummary> {
    await this.requireState(id, ['PAUSED'], 'resume');
    await this.engine.send(id, { type: 'resume', cascade: false, ...(env ? { env } : {}) });
    return this.get(id);
  }

  async cancel(id: string, stateInfo: string | null = null): Promise<ExecutionSummary> {
    await this.requireState(id, ['IDLE', 'RUNNING', 'PAUSED'], 'cancel');
    await this.engine.send(id, { type: 'cancel', stateInfo });
    return this.get(id);
  }

  async forceState(id: string, state: 'SUCCESS' | 'ERROR', stateInfo: string | null = null): Promise<ExecutionSummary> {
    const e = await this.get(id);
    if (isTerminal(e.state)) throw new EngineError('invalid-state', `Execution ${id} is already ${e.state}`);
    await this.engine.send(id, { type: 'force-state', state, stateInfo });
    return this.get(id);
  }

  /** Mistral's task rerun: an ERROR task of an ERROR execution runs again. */
  async rerunTask(taskId: string, options: { reset?: boolean; env?: ValueMap } = {}): Promise<TaskSummary> {
    const row = await this.store.db.selectFrom('task_executions').selectAll().where('id', '=', taskId).executeTakeFirst();
    if (!row) throw new EngineError('not-found', `Task execution not found [id=${taskId}]`);
    if (row.state !== 'ERROR') throw new EngineError('invalid-state', `Task ${row.name} [id=${taskId}] is ${row.state}; only a task in ERROR can be rerun`);
    const execution = await this.get(row.workflow_execution_id);
    if (execution.state !== 'ERROR') throw new EngineError('invalid-state', `Execution ${execution.id} is ${execution.state}; tasks can be rerun only when it is in ERROR`);
    const reset = options.reset ?? true;
    const withItems = decodeMap(row.runtime_context_json).get('with_items');
    if (!reset && (withItems === null || withItems === undefined)) throw new EngineError('invalid-input', `reset=false is only allowed for with-items tasks; task ${row.name} has no with-items`);
    await this.engine.send(row.workflow_execution_id, { type: 'rerun-task', taskId, reset, ...(options.env ? { env: options.env } : {}) });
    const tasks = await this.tasks(row.workflow_execution_id);
    return tasks.find((t) => t.id === taskId) as TaskSummary;
  }

  /**
   * Runs an action directly, outside any workflow, stored and durable (see Engine.startStandalone).
   * The caller has resolved and checked the call (flow/adhoc-actions.ts expands ad-hoc actions).
   */
  startAction(start: StandaloneStart): Promise<{ readonly row: ActionExecution; readonly finished: Promise<void> }> {
    return this.engine.startStandalone(start);
  }

  /** Completes an asynchronous action from outside (PUT /v2/action_executions/{id}). */
  async completeAction(actionExecutionId: string, outcome: { state: 'SUCCESS' | 'ERROR' | 'CANCELLED'; output: Value }): Promise<void> {
    const row = await this.store.db.selectFrom('action_executions').select(['state', 'workflow_execution_id', 'name']).where('id', '=', actionExecutionId).executeTakeFirst();
    if (!row) throw new EngineError('not-found', `Action execution not found [id=${actionExecutionId}]`);
    if (row.state !== 'RUNNING' && row.state !== 'PAUSED') throw new EngineError('invalid-state', `Action execution ${actionExecutionId} (${row.name}) is already ${row.state}`);
    if (row.workflow_execution_id === null) {
      const stateInfo = outcome.state === 'ERROR' ? errorInfo(outcome.output) : null;
      if (!(await this.engine.completeStandalone(actionExecutionId, { ...outcome, stateInfo }))) {
        throw new EngineError('conflict', `Action execution ${actionExecutionId} (${row.name}) finished while it was being completed`);
      }
      return;
    }
    await this.engine.send(row.workflow_execution_id, { type: 'run-completed', runId: actionExecutionId, state: outcome.state, output: outcome.output });
  }

  /** Sets the description; it is not engine state, so no event is needed. */
  async updateDescription(id: string, description: string): Promise<void> {
    const result = await this.store.db.updateTable('workflow_executions').set({ description, updated_at: Date.now() }).where('id', '=', id).executeTakeFirst();
    if (result.numUpdatedRows === 0n) throw new EngineError('not-found', `Execution not found [id=${id}]`);
  }

  /**
   * Merges `env` into the env of an execution that is not running (Mistral allows IDLE, PAUSED
   * and ERROR: the new values apply to what runs next, a resume or a rerun). `params.env` shows
   * the merged variables, as in Mistral, where params carry the resolved env.
   */
  async updateEnv(id: string, env: ValueMap): Promise<ExecutionSummary> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const row = await this.store.db.selectFrom('workflow_executions').select(['state', 'version', 'env_json', 'params_json']).where('id', '=', id).executeTakeFirst();
      if (!row) throw new EngineError('not-found', `Execution not found [id=${id}]`);
      if (!ENV_UPDATABLE.has(row.state)) throw new EngineError('invalid-state', `Cannot update the env of execution ${id}: it is ${row.state} (allowed from ${[...ENV_UPDATABLE].join(', ')})`);
      const merged = mergeMaps(decodeMap(row.env_json), env);
      const params = new Map(decodeMap(row.params_json));
      params.set('env', merged);
      // The version bump makes the engine reload its cached snapshot before the next event.
      const applied = await updateWorkflowExecution(this.store.db, { id, version: row.version, patch: { env_json: encode(merged), params_json: encode(params), updated_at: Date.now() } });
      if (applied) {
        this.engine.forget(id);
        return this.get(id);
      }
    }
    throw new EngineError('conflict', `Execution ${id} kept changing while its env was updated; try again`);
  }

  /** Deletes an execution with its sub-workflows, tasks and action executions; returns how many executions went. */
  async delete(id: string): Promise<number> {
    const ids = await listExecutionTreeIds(this.store.db, id);
    if (ids.length === 0) throw new EngineError('not-found', `Execution not found [id=${id}]`);
    const deleted = await this.store.transaction((tx) => deleteWorkflowExecution(tx, id));
    for (const x of ids) this.engine.forget(x);
    return deleted;
  }
}
