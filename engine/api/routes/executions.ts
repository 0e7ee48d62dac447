/**
 * `/v2/executions` (API digest §4): start, read, list, change state, delete, and the views of an
 * execution's tree (tasks, sub-executions, report). Executions are private to their project.
 */
import type { FastifyPluginAsync } from 'fastify';
import { isMap } from '../../language/values/value.js';
import type { MapKey, Value, ValueMap } from '../../language/values/value.js';
import { getWorkflowExecution } from '../../store/repositories/executions.js';
import { getWorkflowDefinition } from '../../store/repositories/workflow-definitions.js';
import type { WorkflowDefinition, WorkflowExecution } from '../../store/schema.js';
import type { AuthContext } from '../auth/auth-context.js';
import { ApiErrors } from '../errors.js';
import { callerOpenStackContext } from '../openstack-context.js';
import { fetchPage, hostUrl, listBody, parseFields, parseListQuery } from '../list-query.js';
import { readDecision, readViewer } from '../policy.js';
import { boolParam, parseBody, queryParams, rejectUnknown } from '../request-input.js';
import type { ResourceOptions } from '../route-options.js';
import { bodyField, jsonObjectValue, pickFields } from '../serialize.js';
import { executionBodySchema, executionList, executionListSchema, executionSchema, executionWire } from '../schemas/executions.js';
import { storedValue } from '../schemas/json-text.js';
import { taskList, taskListSchema } from '../schemas/tasks.js';
import { responseSchema } from '../schemas/wire.js';
import { ExecutionTree, buildReport, treeFilters } from './execution-tree.js';
import { adminListViewer, executionNotFound, ownedBy, readableExecution, writableExecution } from './runtime-scope.js';
import { findWorkflow } from './workflows.js';

const one = responseSchema(executionSchema);
const many = responseSchema(executionListSchema);

/** The states PUT can ask for, in Mistral's message order. */
const SETTABLE_STATES = ['RUNNING', 'PAUSED', 'SUCCESS', 'ERROR', 'CANCELLED'];

function storedMap(text: string | null): ValueMap {
  const v = storedValue(text);
  return isMap(v) ? v : new Map<MapKey, Value>();
}

/** `b` over `a`, key by key (Mistral's merge of a source execution with the request). */
function merged(a: ValueMap, b: ValueMap | null | undefined): ValueMap {
  const out = new Map<MapKey, Value>(a);
  for (const [k, v] of b ?? []) out.set(k, v);
  return out;
}

function nonEmpty(text: string | null | undefined): string | undefined {
  return text === null || text === undefined || text === '' ? undefined : text;
}

/** The caller's `$.openstack` for the execution it starts, when it came with a Keystone token. */
function withOpenStack(auth: AuthContext): { openstack?: ValueMap } {
  const openstack = callerOpenStackContext(auth);
  return openstack === undefined ? {} : { openstack };
}

export const executionRoutes: FastifyPluginAsync<ResourceOptions> = async (app, { engine }) => {
  const db = engine.store.db;

  const reload = async (id: string): Promise<WorkflowExecution> => {
    const row = await getWorkflowExecution(db, id);
    if (row === undefined) throw new ApiErrors.NotFound(executionNotFound(id));
    return row;
  };

  app.get('/', { schema: { response: { 200: many } } }, async (request) => {
    const query = parseListQuery(request.query, executionList);
    const base = db.selectFrom('workflow_executions').selectAll().where(ownedBy(adminListViewer(request.auth, query)));
    return listBody(hostUrl(request), executionList, query, await fetchPage(base, executionList, query));
  });

  app.get<{ Params: { id: string } }>('/:id', { schema: { response: { 200: one } } }, async (request) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['fields']);
    const row = await readableExecution(db, request.params.id, request.auth);
    return pickFields(executionWire(row, { output: true, publishedGlobal: true }), parseFields(params.get('fields'), executionList.fields));
  });

  app.post('/', { schema: { response: { 201: one } } }, async (request, reply) => {
    rejectUnknown(queryParams(request.query), []);
    const body = parseBody(executionBodySchema, request.body);
    const auth = request.auth;

    // Idempotent start: the id names the execution; a second request gets the first one back.
    const clientId = body.id ?? undefined;
    if (clientId !== undefined) {
      const existing = await getWorkflowExecution(db, clientId);
      if (existing !== undefined) {
        // Another project's execution must not be revealed, nor can the id be reused.
        if (readDecision(auth, existing) === 'not-found') throw new ApiErrors.Conflict(`Duplicate entry for WorkflowExecution [id=${clientId}]`);
        return reply.code(201).send(executionWire(existing));
      }
    }

    const sourceId = nonEmpty(body.source_execution_id);
    const source = sourceId === undefined ? undefined : await readableExecution(db, sourceId, auth);
    const input = jsonObjectValue(bodyField(request.jsonBody, 'input'), 'input');
    const params = jsonObjectValue(bodyField(request.jsonBody, 'params'), 'params');
    const namespace = body.workflow_namespace ?? source?.workflow_namespace ?? '';

    let definition: WorkflowDefinition | undefined;
    const workflowId = nonEmpty(body.workflow_id);
    const workflowName = nonEmpty(body.workflow_name);
    if (workflowId !== undefined) {
      definition = await getWorkflowDefinition(db, workflowId, readViewer(auth));
      if (definition === undefined) throw new ApiErrors.NotFound(`Workflow not found [id=${workflowId}]`);
    } else if (workflowName !== undefined) {
      definition = await findWorkflow(db, workflowName, namespace, readViewer(auth));
    } else if (source !== undefined) {
      // The source's definition may have been deleted or replaced since; its name still runs.
      const byId = source.workflow_id === null ? undefined : await getWorkflowDefinition(db, source.workflow_id, readViewer(auth));
      definition = byId ?? (await findWorkflow(db, source.workflow_name, namespace, readViewer(auth)));
    } else {
      throw new ApiErrors.BadRequest('Workflow ID or workflow name must be provided. Workflow ID is recommended.');
    }

    const description =
      source === undefined ? (body.description ?? '') : `${body.description ?? ''} Based on the execution '${source.id}'`.trim();
    const started = await engine.executions.start({
      workflow: definition.name,
      namespace: definition.namespace,
      workflowId: definition.id,
      projectId: auth.projectId,
      input: source === undefined ? (input ?? new Map()) : merged(storedMap(source.input_json), input),
      params: source === undefined ? (params ?? new Map()) : merged(storedMap(source.params_json), params),
      description,
      ...(clientId === undefined ? {} : { id: clientId }),
      ...(body.tags === undefined || body.tags === null ? {} : { tags: body.tags }),
      ...(source === undefined ? {} : { sourceExecutionId: source.id }),
      ...withOpenStack(auth),
    });
    return reply.code(201).send(executionWire(await reload(started.id)));
  });

  app.put<{ Params: { id: string } }>('/:id', { schema: { response: { 200: one } } }, async (request) => {
    rejectUnknown(queryParams(request.query), []);
    const body = parseBody(executionBodySchema, request.body);
    const row = await writableExecution(db, request.params.id, request.auth);
    const id = row.id;

    const state = nonEmpty(body.state);
    const description = nonEmpty(body.description);
    const params = jsonObjectValue(bodyField(request.jsonBody, 'params'), 'params');
    const rawEnv = params?.get('env');
    const env = rawEnv === undefined || rawEnv === null ? undefined : jsonObjectValue(rawEnv, 'params.env');
    if (state === undefined && description === undefined && env === undefined) {
      throw new ApiErrors.BadRequest('The property state, description, or env is not provided for update.');
    }
    if (description !== undefined && state !== undefined) {
      throw new ApiErrors.BadRequest('The property description must be updated separately from state.');
    }
    if (env !== undefined && state !== undefined && state !== 'RUNNING') {
      throw new ApiErrors.BadRequest('The property env can only be updated when workflow execution is not running or on resume from pause.');
    }
    if (state !== undefined && !SETTABLE_STATES.includes(state)) {
      throw new ApiErrors.BadRequest(`Cannot change state to ${state}. Allowed states are: '${SETTABLE_STATES.join(', ')}'`);
    }

    if (description !== undefined) await engine.executions.updateDescription(id, description);
    if (state === undefined && env !== undefined && env !== null) {
      if (row.state !== 'IDLE' && row.state !== 'PAUSED' && row.state !== 'ERROR') {
        throw new ApiErrors.Forbidden(`The env of execution ${id} can be updated only while it is IDLE, PAUSED or ERROR; it is ${row.state}`);
      }
      await engine.executions.updateEnv(id, env);
    }
    const stateInfo = body.state_info ?? null;
    switch (state) {
      case 'PAUSED':
        await engine.executions.pause(id);
        break;
      case 'RUNNING':
        // Resuming anything but a paused execution changes nothing, as in Mistral.
        if (row.state === 'PAUSED') await engine.executions.resume(id, env ?? undefined);
        break;
      case 'SUCCESS':
      case 'ERROR':
        await engine.executions.forceState(id, state, stateInfo);
        break;
      case 'CANCELLED':
        await engine.executions.cancel(id, stateInfo);
        break;
      default:
        break;
    }
    return executionWire(await reload(id));
  });

  app.delete<{ Params: { id: string } }>('/:id', async (request, reply) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['force']);
    const row = await writableExecution(db, request.params.id, request.auth);
    const force = params.get('force') === '' ? false : boolParam(params, 'force', false);
    if (!force && row.state !== 'SUCCESS' && row.state !== 'ERROR' && row.state !== 'CANCELLED') {
      throw new ApiErrors.Forbidden(`Only completed executions can be deleted. Execution ${row.id} is in ${row.state} state`);
    }
    await engine.executions.delete(row.id);
    return reply.code(204).send();
  });

  app.get<{ Params: { id: string } }>('/:id/tasks', { schema: { response: { 200: responseSchema(taskListSchema) } } }, async (request) => {
    const query = parseListQuery(request.query, taskList);
    const execution = await readableExecution(db, request.params.id, request.auth);
    const base = db.selectFrom('task_executions').selectAll().where('workflow_execution_id', '=', execution.id);
    return listBody(hostUrl(request), taskList, query, await fetchPage(base, taskList, query));
  });

  app.get<{ Params: { id: string } }>('/:id/executions', { schema: { response: { 200: many } } }, async (request) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['errors_only', 'max_depth', 'include_output']);
    const filters = treeFilters(params);
    const output = params.get('include_output') === '' ? false : boolParam(params, 'include_output', false);
    const execution = await readableExecution(db, request.params.id, request.auth);
    const tree = await ExecutionTree.load(db, execution.id, { actions: false });
    return { executions: tree.subExecutions(execution.id, filters).map((e) => executionWire(e, { output, publishedGlobal: false })) };
  });

  app.get<{ Params: { id: string } }>('/:id/report', async (request) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['errors_only', 'max_depth', 'statistics_only']);
    const filters = treeFilters(params);
    const statisticsOnly = params.get('statistics_only') === '' ? false : boolParam(params, 'statistics_only', false);
    const execution = await readableExecution(db, request.params.id, request.auth);
    const tree = await ExecutionTree.load(db, execution.id, { actions: true });
    return buildReport(tree, execution.id, filters, statisticsOnly);
  });
};
