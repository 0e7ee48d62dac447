/**
 * `/v2/action_executions` (API digest §6): action executions of workflows, and actions run
 * directly (standalone, `task_execution_id` null).
 *
 * A direct run resolves its name like a task's action: an ad-hoc action expands down to its
 * built-in and its `output` transforms shape the result (runtime/flow/adhoc-actions.ts, shared
 * with workflows). A synchronous action answers with its result and stores nothing, unless
 * `save_result`; saved and asynchronous runs are stored and run by the engine through its jobs
 * table (runtime/standalone-actions.ts), so a restart does not strand them RUNNING. Asynchronous
 * actions stay RUNNING until `PUT /v2/action_executions/{id}` completes them.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ActionDefinition } from '../../actions/action.js';
import { validateActionInput } from '../../actions/validate-input.js';
import { parseJson } from '../../language/values/json.js';
import { isString } from '../../language/values/value.js';
import type { MapKey, Value, ValueMap } from '../../language/values/value.js';
import type { LookupScope, ResolvedAction } from '../../runtime/catalog.js';
import { expandAction } from '../../runtime/flow/adhoc-actions.js';
import { newId } from '../../runtime/ids.js';
import {
  errorInfo,
  outcomeCompletion,
  runWithTimeout,
  settleStandalone,
  STANDALONE_HOST,
  standaloneScope,
} from '../../runtime/standalone-actions.js';
import type { StandaloneCompletion } from '../../runtime/standalone-actions.js';
import { deleteActionExecution, getActionExecution } from '../../store/repositories/action-executions.js';
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
import { completeQueued, workableActionExecution } from './queues-access.js';

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

/** The built-in that runs for a direct call, with its input checked and completed. */
interface DirectCall {
  /** The name the run goes by: the ad-hoc action's as called, or the built-in's. */
  readonly label: string;
  readonly def: ActionDefinition;
  readonly input: ValueMap;
}

export const actionExecutionRoutes: FastifyPluginAsync<ResourceOptions> = async (app, { engine }) => {
  const db = engine.store.db;
  // Unsaved runs live only in their request: aborted when the app closes, as nothing would record them.
  const shutdown = new AbortController();
  app.addHook('onClose', async () => {
    shutdown.abort();
  });

  const notFound = (name: string, namespace: string): Error => new ApiErrors.BadRequest(`Failed to find action [action_name=${name}, namespace=${namespace}]`);

  const resolveCall = (resolved: ResolvedAction, name: string, scope: LookupScope, input: ValueMap): DirectCall => {
    if (resolved.kind === 'builtin') {
      const def = engine.registry.get(resolved.name);
      if (def === undefined) throw notFound(name, scope.namespace);
      const checked = validateActionInput(def, input);
      if (!checked.ok) throw new ApiErrors.BadRequest(checked.error);
      return { label: def.name, def, input: checked.input };
    }
    // The same expansion as a task's action; the call's input is all base-input expressions see.
    const expanded = expandAction(engine.catalog, scope, name, input, new Map<MapKey, Value>(), STANDALONE_HOST);
    if (!expanded.ok) throw new ApiErrors.BadRequest(expanded.error);
    const def = engine.registry.get(expanded.value.builtin.name);
    if (def === undefined) throw notFound(expanded.value.builtin.name, scope.namespace);
    return { label: name, def, input: expanded.value.input };
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
    const projectId = request.auth.projectId;
    const scope = standaloneScope(namespace, projectId);
    const resolved = engine.catalog.action(name, scope);
    if (resolved === null) throw notFound(name, namespace);
    const input = jsonObjectValue(bodyField(request.jsonBody, 'input'), 'input') ?? new Map<MapKey, Value>();
    const params = jsonObjectValue(bodyField(request.jsonBody, 'params'), 'params') ?? new Map<MapKey, Value>();
    const run = runParams(params);
    const call = resolveCall(resolved, name, scope, input);
    if (call.def.isAsync && run.runSync) {
      throw new ApiErrors.BadRequest(`Action ${call.label} is asynchronous and cannot be run synchronously (run_sync)`);
    }
    const description = body.description ?? '';
    const limit = run.timeout === undefined ? null : { seconds: run.timeout, remainingMs: run.timeout * 1000 };

    if (!call.def.isAsync && !run.saveResult) {
      // Mistral's plain direct run: the result only, nothing stored, so no id.
      const outcome = await runWithTimeout(call.def, call.input, { actionExecutionId: newId() }, limit, shutdown.signal, call.label);
      const settled: StandaloneCompletion =
        outcome.async === true
          ? { state: 'ERROR', output: null, stateInfo: errorInfo(null) }
          : settleStandalone(engine.catalog, { name, namespace, projectId }, outcomeCompletion(outcome));
      const wire: WireObject = {
        name: call.label,
        workflow_namespace: namespace,
        description,
        state: settled.state,
        state_info: settled.stateInfo,
        input: wireValue(input),
        output: wireValue(new Map([['result', settled.output]])),
      };
      return reply.code(201).send(wire);
    }

    const id = newId();
    const { row, finished } = await engine.executions.startAction({
      id,
      projectId,
      name: call.label,
      namespace,
      description,
      input,
      params,
      idempotent: call.def.idempotent,
      run: { builtin: call.def.name, input: call.input, timeout: run.timeout ?? null, callbackUrl: `${hostUrl(request)}/v2/action_executions/${id}` },
    });
    if (run.runSync) {
      await finished;
      const done = await getActionExecution(db, id);
      return reply.code(201).send(actionExecutionWire(done ?? row));
    }
    return reply.code(201).send(actionExecutionWire(row));
  });

  app.put<{ Params: { id: string } }>('/:id', { schema: { response: { 200: one } } }, async (request) => {
    rejectUnknown(queryParams(request.query), []);
    const body = parseBody(actionExecutionBodySchema, request.body);
    const row = await workableActionExecution(db, request.params.id, request.auth);
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
    // A workflow's action completes through its execution; a standalone one in place (engine-side either way).
    // A queued action completes only with its worker's lease (queues-access.ts).
    if (row.queue_name !== null) await completeQueued(engine, row, request, { state: completion, output });
    else await engine.executions.completeAction(row.id, { state: completion, output });
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

