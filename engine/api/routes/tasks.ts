/**
 * `/v2/tasks` (API digest §5): read and list task executions, rerun a failed one (PUT with state
 * RUNNING), and the executions and action executions below a task.
 */
import type { FastifyPluginAsync } from 'fastify';
import { getTaskExecution } from '../../store/repositories/tasks.js';
import { ApiErrors } from '../errors.js';
import { fetchPage, hostUrl, listBody, parseFields, parseListQuery } from '../list-query.js';
import { enforce, listViewer, writeDecision } from '../policy.js';
import { boolParam, parseBody, queryParams, rejectUnknown } from '../request-input.js';
import type { ResourceOptions } from '../route-options.js';
import { bodyField, jsonObjectValue, pickFields } from '../serialize.js';
import { actionExecutionList, actionExecutionListSchema } from '../schemas/action-executions.js';
import { executionList, executionListSchema, executionWire } from '../schemas/executions.js';
import { taskBodySchema, taskList, taskListSchema, taskSchema, taskWire } from '../schemas/tasks.js';
import { responseSchema } from '../schemas/wire.js';
import { ExecutionTree, treeFilters } from './execution-tree.js';
import { ownedBy, readableTask } from './runtime-scope.js';

const one = responseSchema(taskSchema);

export const taskRoutes: FastifyPluginAsync<ResourceOptions> = async (app, { engine }) => {
  const db = engine.store.db;

  app.get('/', { schema: { response: { 200: responseSchema(taskListSchema) } } }, async (request) => {
    const query = parseListQuery(request.query, taskList);
    const base = db.selectFrom('task_executions').selectAll().where(ownedBy(listViewer(request.auth, { allProjects: false })));
    return listBody(hostUrl(request), taskList, query, await fetchPage(base, taskList, query));
  });

  app.get<{ Params: { id: string } }>('/:id', { schema: { response: { 200: one } } }, async (request) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['fields']);
    const row = await readableTask(db, request.params.id, request.auth);
    return pickFields(taskWire(row), parseFields(params.get('fields'), taskList.fields));
  });

  app.put<{ Params: { id: string } }>('/:id', { schema: { response: { 200: one } } }, async (request) => {
    rejectUnknown(queryParams(request.query), []);
    const body = parseBody(taskBodySchema, request.body);
    const task = await readableTask(db, request.params.id, request.auth);
    enforce(writeDecision(request.auth, task), { notFound: `Task execution not found [id=${task.id}]` });
    if (body.id !== undefined && body.id !== task.id) {
      throw new ApiErrors.BadRequest(`The id in the body (${body.id}) is not the task's id (${task.id})`);
    }
    if (body.name !== undefined && body.name !== null && body.name !== task.name) {
      throw new ApiErrors.BadRequest(`Task name does not match: the task is ${task.name}, the body names ${body.name}`);
    }
    if (body.workflow_name !== undefined && body.workflow_name !== null && body.workflow_name !== task.workflow_name) {
      throw new ApiErrors.BadRequest(`Workflow name does not match: the task belongs to ${task.workflow_name}, the body names ${body.workflow_name}`);
    }
    const state = body.state ?? undefined;
    if (state === 'SKIPPED') {
      throw new ApiErrors.BadRequest('Skipping a task (state SKIPPED) is not supported; rerun it with {"state": "RUNNING", "reset": true}');
    }
    if (state !== 'RUNNING') {
      throw new ApiErrors.BadRequest(`Invalid task state: ${state ?? '(none)'}. Only a rerun ({"state": "RUNNING", "reset": …}) is supported`);
    }
    if (body.reset === undefined || body.reset === null) throw new ApiErrors.BadRequest('Reset field is mandatory to rerun task.');
    const env = jsonObjectValue(bodyField(request.jsonBody, 'env'), 'env');
    await engine.executions.rerunTask(task.id, { reset: body.reset, ...(env === undefined || env === null ? {} : { env }) });
    const updated = await getTaskExecution(db, task.id);
    if (updated === undefined) throw new ApiErrors.NotFound(`Task execution not found [id=${task.id}]`);
    return taskWire(updated);
  });

  app.get<{ Params: { id: string } }>(
    '/:id/action_executions',
    { schema: { response: { 200: responseSchema(actionExecutionListSchema) } } },
    async (request) => {
      const query = parseListQuery(request.query, actionExecutionList);
      const task = await readableTask(db, request.params.id, request.auth);
      const base = db.selectFrom('action_executions').selectAll().where('task_execution_id', '=', task.id);
      return listBody(hostUrl(request), actionExecutionList, query, await fetchPage(base, actionExecutionList, query));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/:id/workflow_executions',
    { schema: { response: { 200: responseSchema(executionListSchema) } } },
    async (request) => {
      const query = parseListQuery(request.query, executionList);
      const task = await readableTask(db, request.params.id, request.auth);
      const base = db.selectFrom('workflow_executions').selectAll().where('task_execution_id', '=', task.id);
      return listBody(hostUrl(request), executionList, query, await fetchPage(base, executionList, query));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/:id/executions',
    { schema: { response: { 200: responseSchema(executionListSchema) } } },
    async (request) => {
      const params = queryParams(request.query);
      rejectUnknown(params, ['errors_only', 'max_depth', 'include_output']);
      const filters = treeFilters(params);
      const output = params.get('include_output') === '' ? false : boolParam(params, 'include_output', false);
      const task = await readableTask(db, request.params.id, request.auth);
      const tree = await ExecutionTree.load(db, task.workflow_execution_id, { actions: false });
      return { executions: tree.taskSubExecutions(task, filters).map((e) => executionWire(e, { output, publishedGlobal: false })) };
    },
  );
};
