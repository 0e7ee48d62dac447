/**
 * `/v2/action_executions` (API digest §6): action executions of workflows, and actions run
 * directly (standalone, `task_execution_id` null).
 *
 * A direct run of a synchronous action answers with its result and stores nothing, unless
 * `save_result`; saved and asynchronous runs are stored. A saved run without `run_sync` answers
 * RUNNING and runs in this process in the background: it is not durable, and a restart leaves it
 * RUNNING (the engine's jobs are for workflow actions). Asynchronous actions stay RUNNING until
 * `PUT /v2/action_executions/{id}` completes them.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { failure } from '../../actions/action.js';
import type { ActionDefinition, ActionOutcome } from '../../actions/action.js';
import { executeAction } from '../../actions/execute-action.js';
import { validateActionInput } from '../../actions/validate-input.js';
import { parseJson } from '../../language/values/json.js';
import { isString } from '../../language/values/value.js';
import type { MapKey, Value, ValueMap } from '../../language/values/value.js';
import { newId } from '../../runtime/ids.js';
import { encode } from '../../runtime/persistence/codec.js';
import {
  deleteActionExecution,
  getActionExecution,
  insertActionExecutions,
  updateActionExecution,
} from '../../store/repositories/action-executions.js';
import type { ActionExecution, StoreDb } from '../../store/schema.js';
import { ApiErrors } from '../errors.js';
import { fetchPage, hostUrl, listBody, parseFields, parseListQuery } from '../list-query.js';
import { enforce, listViewer, writeDecision } from '../policy.js';
import { parseBody, queryParams, rejectUnknown } from '../request-input.js';
import type { ResourceOptions } from '../route-options.js';
import { bodyField, jsonObjectValue, pickFields } from '../serialize.js';
import type { WireObject } from '../serialize.js';
import {
  actionExecutionBodySchema,
  actionExecutionList,
  actionExecutionListSchema,
  actionExecutionSchema,
  actionExecutionWire,
} from '../schemas/action-executions.js';
import { wireValue } from '../schemas/json-text.js';
import { responseSchema } from '../schemas/wire.js';
import { ownedBy, readableActionExecution } from './runtime-scope.js';

const one = responseSchema(actionExecutionSchema);
const COMPLETABLE = ['SUCCESS', 'ERROR', 'CANCELLED', 'PAUSED', 'RUNNING'];
const FINISHED = new Set(['SUCCESS', 'ERROR', 'CANCELLED']);

interface RunParams {
  readonly runSync: boolean;
  readonly saveResult: boolean;
  /** Seconds; undefined = no limit. */
  readonly timeout: number | undefined;
}

function runParams(params: ValueMap): RunParams {
  const flag = (name: string): boolean => {
    const v = params.get(name);
    if (v === undefined || v === null) return false;
    if (typeof v === 'boolean') return v;
    if (isString(v) && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
    throw new ApiErrors.BadRequest(`params.${name} must be true or false`);
  };
  const t = params.get('timeout');
  let timeout: number | undefined;
  if (t !== undefined && t !== null) {
    const n = typeof t === 'number' ? t : isString(t) ? Number(t) : Number.NaN;
    if (!Number.isFinite(n) || n <= 0) throw new ApiErrors.BadRequest('params.timeout must be a positive number of seconds');
    timeout = n;
  }
  return { runSync: flag('run_sync'), saveResult: flag('save_result'), timeout };
}

/** Runs `def`, failing it after `timeout` seconds (its signal is aborted then too). */
async function runWithTimeout(
  def: ActionDefinition,
  input: ValueMap,
  context: { readonly actionExecutionId: string; readonly callbackUrl?: string },
  timeout: number | undefined,
  shutdown: AbortSignal,
): Promise<ActionOutcome> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  shutdown.addEventListener('abort', stop, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const timedOut =
    timeout === undefined
      ? new Promise<never>(() => undefined)
      : new Promise<ActionOutcome>((resolve) => {
          timer = setTimeout(() => {
            controller.abort();
            resolve(failure(`Action ${def.name} timed out after ${timeout} seconds`));
          }, timeout * 1000);
        });
  try {
    return await Promise.race([executeAction(def, input, { signal: controller.signal, ...context }), timedOut]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    shutdown.removeEventListener('abort', stop);
  }
}

/**
 * `output` of a completion: any JSON value; a string holding JSON is that JSON (the CLI sends
 * text), any other string stays a string.
 */
function completionOutput(value: Value | undefined): Value {
  if (value === undefined) return null;
  if (isString(value)) {
    try {
      return parseJson(value);
    } catch {
      return value;
    }
  }
  return value;
}

/** Records the end of a standalone run, unless something else (a PUT) ended it first. */
async function finishStandalone(db: StoreDb, id: string, state: 'SUCCESS' | 'ERROR' | 'CANCELLED', output: Value, stateInfo: string | null): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const row = await getActionExecution(db, id);
    if (row === undefined || FINISHED.has(row.state)) return false;
    const now = Date.now();
    const applied = await updateActionExecution(db, {
      id,
      version: row.version,
      patch: { state, state_info: stateInfo, output_json: encode(output), accepted: true, updated_at: now, finished_at: now },
    });
    if (applied) return true;
  }
  return false;
}

function errorInfo(error: Value): string {
  return isString(error) ? error : wireValue(error);
}

export const actionExecutionRoutes: FastifyPluginAsync<ResourceOptions> = async (app, { engine }) => {
  const db = engine.store.db;
  // Background runs end with the app: aborted, and awaited so nothing writes to a closed store.
  const shutdown = new AbortController();
  const background = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    shutdown.abort();
    await Promise.allSettled([...background]);
  });

  const runInBackground = (def: ActionDefinition, row: ActionExecution, input: ValueMap, run: RunParams, callbackUrl: string): void => {
    const done = (async () => {
      const outcome = await runWithTimeout(def, input, { actionExecutionId: row.id, callbackUrl }, run.timeout, shutdown.signal);
      if (outcome.async === true) return;
      if (outcome.ok) await finishStandalone(db, row.id, 'SUCCESS', outcome.result, null);
      else await finishStandalone(db, row.id, 'ERROR', outcome.error, errorInfo(outcome.error));
    })()
      .catch((err: unknown) => app.log.error({ err, actionExecutionId: row.id }, 'standalone action run failed'))
      .finally(() => background.delete(done));
    background.add(done);
  };

  app.get('/', { schema: { response: { 200: responseSchema(actionExecutionListSchema) } } }, async (request) => {
    const query = parseListQuery(request.query, actionExecutionList);
    const base = db.selectFrom('action_executions').selectAll().where(ownedBy(listViewer(request.auth, { allProjects: false })));
    return listBody(hostUrl(request), actionExecutionList, query, await fetchPage(base, actionExecutionList, query));
  });

  app.get<{ Params: { id: string } }>('/:id', { schema: { response: { 200: one } } }, async (request) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['fields']);
    const row = await readableActionExecution(db, request.params.id, request.auth);
    return pickFields(actionExecutionWire(row), parseFields(params.get('fields'), actionExecutionList.fields));
  });

  app.post('/', { schema: { response: { 201: one } } }, async (request: FastifyRequest, reply) => {
    rejectUnknown(queryParams(request.query), []);
    const body = parseBody(actionExecutionBodySchema, request.body);
    const name = body.name ?? '';
    if (name === '') throw new ApiErrors.BadRequest('Please provide at least action name to run action.');
    const namespace = body.workflow_namespace ?? '';
    const resolved = engine.catalog.action(name, { workbook: null, namespace, projectId: request.auth.projectId });
    if (resolved === null) throw new ApiErrors.BadRequest(`Failed to find action [action_name=${name}, namespace=${namespace}]`);
    if (resolved.kind === 'adhoc') {
      throw new ApiErrors.BadRequest(`Action ${name} is an ad-hoc action: only system actions can be run directly; run it from a workflow`);
    }
    const def = engine.registry.get(resolved.name);
    if (def === undefined) throw new ApiErrors.BadRequest(`Failed to find action [action_name=${name}, namespace=${namespace}]`);
    const input = jsonObjectValue(bodyField(request.jsonBody, 'input'), 'input') ?? new Map<MapKey, Value>();
    const params = jsonObjectValue(bodyField(request.jsonBody, 'params'), 'params') ?? new Map<MapKey, Value>();
    const run = runParams(params);
    const checked = validateActionInput(def, input);
    if (!checked.ok) throw new ApiErrors.BadRequest(checked.error);
    if (def.isAsync && run.runSync) {
      throw new ApiErrors.BadRequest(`Action ${def.name} is asynchronous and cannot be run synchronously (run_sync)`);
    }
    const description = body.description ?? '';

    if (!def.isAsync && !run.saveResult) {
      // Mistral's plain direct run: the result only, nothing stored, so no id.
      const outcome = await runWithTimeout(def, checked.input, { actionExecutionId: newId() }, run.timeout, shutdown.signal);
      const ok = outcome.ok === true;
      const result: Value = outcome.ok === true ? outcome.result : outcome.ok === false ? outcome.error : null;
      const wire: WireObject = {
        name: def.name,
        workflow_namespace: namespace,
        description,
        state: ok ? 'SUCCESS' : 'ERROR',
        state_info: ok ? null : errorInfo(result),
        input: wireValue(input),
        output: wireValue(new Map([['result', result]])),
      };
      return reply.code(201).send(wire);
    }

    const now = Date.now();
    const [row] = await insertActionExecutions(db, [
      {
        id: newId(),
        task_execution_id: null,
        workflow_execution_id: null,
        root_execution_id: null,
        project_id: request.auth.projectId,
        name: def.name,
        workflow_name: null,
        workflow_namespace: namespace,
        task_name: null,
        description,
        state: 'RUNNING',
        state_info: null,
        accepted: false,
        input_json: encode(input),
        output_json: null,
        params_json: encode(params),
        tags_json: '[]',
        item_index: null,
        attempt: 1,
        idempotent: def.idempotent,
        created_at: now,
        updated_at: now,
        started_at: now,
        finished_at: null,
      },
    ]);
    if (row === undefined) throw new Error('the inserted action execution was not returned');
    const callbackUrl = `${hostUrl(request)}/v2/action_executions/${row.id}`;
    if (run.runSync) {
      const outcome = await runWithTimeout(def, checked.input, { actionExecutionId: row.id, callbackUrl }, run.timeout, shutdown.signal);
      if (outcome.ok === true) await finishStandalone(db, row.id, 'SUCCESS', outcome.result, null);
      else if (outcome.ok === false) await finishStandalone(db, row.id, 'ERROR', outcome.error, errorInfo(outcome.error));
      const done = await getActionExecution(db, row.id);
      return reply.code(201).send(actionExecutionWire(done ?? row));
    }
    runInBackground(def, row, checked.input, run, callbackUrl);
    return reply.code(201).send(actionExecutionWire(row));
  });

  app.put<{ Params: { id: string } }>('/:id', { schema: { response: { 200: one } } }, async (request) => {
    rejectUnknown(queryParams(request.query), []);
    const body = parseBody(actionExecutionBodySchema, request.body);
    const row = await readableActionExecution(db, request.params.id, request.auth);
    enforce(writeDecision(request.auth, row), { notFound: `Action execution not found [id=${row.id}]` });
    const state = body.state ?? undefined;
    if (state === undefined || !COMPLETABLE.includes(state)) {
      throw new ApiErrors.BadRequest(`Error. Expected one of ${JSON.stringify(COMPLETABLE)}, actual: ${state ?? 'None'}`);
    }
    if (state === 'PAUSED' || state === 'RUNNING') {
      throw new ApiErrors.BadRequest(`Pausing or resuming an action execution (state ${state}) is not supported; pause or resume its workflow execution`);
    }
    const completion = state as 'SUCCESS' | 'ERROR' | 'CANCELLED';
    let output = completionOutput(bodyField(request.jsonBody, 'output'));
    if (completion === 'ERROR' && (output === null || output === '')) output = 'Unknown error';
    if (row.workflow_execution_id !== null) {
      await engine.executions.completeAction(row.id, { state: completion, output });
    } else {
      if (row.state !== 'RUNNING' && row.state !== 'PAUSED') {
        throw new ApiErrors.BadRequest(`Action execution ${row.id} (${row.name}) is already ${row.state}`);
      }
      const stateInfo = completion === 'ERROR' ? errorInfo(output) : null;
      if (!(await finishStandalone(db, row.id, completion, output, stateInfo))) {
        throw new ApiErrors.Conflict(`Action execution ${row.id} (${row.name}) finished while it was being completed`);
      }
    }
    const updated = await getActionExecution(db, row.id);
    if (updated === undefined) throw new ApiErrors.NotFound(`Action execution not found [id=${row.id}]`);
    return actionExecutionWire(updated);
  });

  app.delete<{ Params: { id: string } }>('/:id', async (request, reply) => {
    rejectUnknown(queryParams(request.query), []);
    const row = await readableActionExecution(db, request.params.id, request.auth);
    enforce(writeDecision(request.auth, row), { notFound: `Action execution not found [id=${row.id}]` });
    if (row.task_execution_id !== null || row.workflow_execution_id !== null) {
      throw new ApiErrors.Forbidden('Only ad-hoc action execution can be deleted.');
    }
    if (!FINISHED.has(row.state)) throw new ApiErrors.Forbidden('Only completed action execution can be deleted.');
    await deleteActionExecution(db, row.id);
    return reply.code(204).send();
  });
};

