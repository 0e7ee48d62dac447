/**
 * `/v2/event_triggers` (API digest §9): stored, listed, updated and deleted like Mistral's. A
 * trigger fires for every event of its project whose type equals its `event` (published with
 * `POST /v2/events`, or an OpenStack notification whose exchange and topic it names): the
 * processor in engine/runtime/events/ starts its workflow with `workflow_input` and
 * `workflow_params` evaluated against the event (`<% $.payload.server_id %>`). Expressions are
 * checked for syntax here; one that fails at firing time is recorded on the event as FAILED.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { ValueMap } from '../../language/values/value.js';
import { checkWorkflowInput } from '../../runtime/flow/inputs.js';
import { firstSyntaxError } from '../../runtime/events/trigger-firing.js';
import { newId } from '../../runtime/ids.js';
import { encode } from '../../runtime/persistence/codec.js';
import { isUniqueViolation } from '../../store/dialect.js';
import { deleteEventTrigger, getEventTrigger, insertEventTrigger, updateEventTrigger } from '../../store/repositories/event-triggers.js';
import { visibleTo } from '../../store/repositories/visibility.js';
import { getWorkflowDefinition } from '../../store/repositories/workflow-definitions.js';
import type { EventTrigger, WorkflowDefinition } from '../../store/schema.js';
import type { AuthContext } from '../auth/auth-context.js';
import { ApiErrors } from '../errors.js';
import { fetchPage, hostUrl, listBody, parseFields, parseListQuery } from '../list-query.js';
import { createDecision, enforce, readViewer, writeDecision } from '../policy.js';
import { parseBody, queryParams, rejectUnknown, scopeOf } from '../request-input.js';
import type { ResourceOptions } from '../route-options.js';
import { bodyField, jsonObjectValue, pickFields } from '../serialize.js';
import { eventTriggerBodySchema, eventTriggerList, eventTriggerListSchema, eventTriggerSchema, eventTriggerWire } from '../schemas/event-triggers.js';
import { responseSchema } from '../schemas/wire.js';
import { adminListViewer } from './runtime-scope.js';

const one = responseSchema(eventTriggerSchema);

function checkParamsSyntax(params: ValueMap): void {
  const syntax = firstSyntaxError(params);
  if (syntax !== null) throw new ApiErrors.BadRequest(`workflow_params: ${syntax}`);
}

export const eventTriggerRoutes: FastifyPluginAsync<ResourceOptions> = async (app, { engine }) => {
  const db = engine.store.db;

  const find = async (id: string, auth: AuthContext): Promise<EventTrigger> => {
    const row = await getEventTrigger(db, id, readViewer(auth));
    if (row === undefined) throw new ApiErrors.NotFound(`Event trigger not found [id=${id}]`);
    return row;
  };

  /** The workflow a trigger starts, and its input checked now so that a firing could succeed. */
  const startable = async (workflowId: string, input: ValueMap, auth: AuthContext): Promise<WorkflowDefinition> => {
    const syntax = firstSyntaxError(input);
    if (syntax !== null) throw new ApiErrors.BadRequest(`workflow_input: ${syntax}`);
    const workflow = await getWorkflowDefinition(db, workflowId, readViewer(auth));
    if (workflow === undefined) throw new ApiErrors.NotFound(`Workflow not found [id=${workflowId}]`);
    const checked = checkWorkflowInput(engine.catalog.specOf(workflow.definition, workflow.name), input);
    if (!checked.ok) throw new ApiErrors.BadRequest(checked.error);
    return workflow;
  };

  app.get('/', { schema: { response: { 200: responseSchema(eventTriggerListSchema) } } }, async (request) => {
    const query = parseListQuery(request.query, eventTriggerList);
    const base = db.selectFrom('event_triggers').selectAll().where(visibleTo(adminListViewer(request.auth, query)));
    return listBody(hostUrl(request), eventTriggerList, query, await fetchPage(base, eventTriggerList, query));
  });

  app.get<{ Params: { id: string } }>('/:id', { schema: { response: { 200: one } } }, async (request) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['fields']);
    const row = await find(request.params.id, request.auth);
    return pickFields(eventTriggerWire(row), parseFields(params.get('fields'), eventTriggerList.fields));
  });

  app.post('/', { schema: { response: { 201: one } } }, async (request, reply) => {
    rejectUnknown(queryParams(request.query), []);
    const body = parseBody(eventTriggerBodySchema, request.body);
    const scope = scopeOf(body.scope ?? undefined) ?? 'private';
    enforce(createDecision(request.auth, scope), { notFound: '', forbidden: 'Only admins may create public event triggers' });
    const missing = (['workflow_id', 'exchange', 'topic', 'event'] as const).filter((f) => (body[f] ?? '') === '');
    if (missing.length > 0) throw new ApiErrors.BadRequest(`An event trigger needs ${missing.join(', ')}`);
    const input = jsonObjectValue(bodyField(request.jsonBody, 'workflow_input'), 'workflow_input') ?? new Map();
    const params = jsonObjectValue(bodyField(request.jsonBody, 'workflow_params'), 'workflow_params') ?? new Map();
    checkParamsSyntax(params);
    const workflow = await startable(body.workflow_id ?? '', input, request.auth);
    const now = Date.now();
    try {
      const row = await insertEventTrigger(db, {
        id: newId(),
        name: body.name ?? '',
        project_id: request.auth.projectId,
        scope,
        exchange: body.exchange ?? '',
        topic: body.topic ?? '',
        event: body.event ?? '',
        workflow_id: workflow.id,
        workflow_input_json: encode(input),
        workflow_params_json: encode(params),
        security_context_json: null,
        created_at: now,
        updated_at: now,
      });
      return await reply.code(201).send(eventTriggerWire(row));
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new ApiErrors.Conflict(
          `Duplicate entry for EventTrigger ['exchange', 'topic', 'event', 'workflow_id', 'project_id']: ${body.exchange}, ${body.topic}, ${body.event}, ${workflow.id}, ${request.auth.projectId}`,
        );
      }
      throw e;
    }
  });

  app.put<{ Params: { id: string } }>('/:id', { schema: { response: { 200: one } } }, async (request) => {
    rejectUnknown(queryParams(request.query), []);
    const body = parseBody(eventTriggerBodySchema, request.body);
    const row = await find(request.params.id, request.auth);
    const scope = scopeOf(body.scope ?? undefined);
    enforce(writeDecision(request.auth, row, scope), {
      notFound: `Event trigger not found [id=${row.id}]`,
      forbidden: 'Can not update event triggers of other projects, nor make them public without the admin role',
    });
    for (const field of ['exchange', 'topic', 'event'] as const) {
      const value = body[field];
      if (value !== undefined && value !== null && value !== row[field]) {
        throw new ApiErrors.BadRequest('The exchange, topic and event of an event trigger cannot be changed; create another trigger');
      }
    }
    const input = jsonObjectValue(bodyField(request.jsonBody, 'workflow_input'), 'workflow_input');
    const params = jsonObjectValue(bodyField(request.jsonBody, 'workflow_params'), 'workflow_params');
    if (params !== undefined && params !== null) checkParamsSyntax(params);
    const workflowId = body.workflow_id ?? row.workflow_id;
    // A new workflow or a new input must still make a startable pair.
    if (workflowId !== row.workflow_id || (input !== undefined && input !== null)) {
      await startable(workflowId, input ?? new Map(), request.auth);
    }
    try {
      const updated = await updateEventTrigger(db, row.id, {
        ...(body.name === undefined || body.name === null ? {} : { name: body.name }),
        workflow_id: workflowId,
        ...(input === undefined ? {} : { workflow_input_json: encode(input ?? new Map()) }),
        ...(params === undefined ? {} : { workflow_params_json: encode(params ?? new Map()) }),
        ...(scope === undefined ? {} : { scope }),
        updated_at: Date.now(),
      });
      if (updated === undefined) throw new ApiErrors.NotFound(`Event trigger not found [id=${row.id}]`);
      return eventTriggerWire(updated);
    } catch (e) {
      if (isUniqueViolation(e)) throw new ApiErrors.Conflict(`Duplicate entry for EventTrigger: another trigger starts workflow ${workflowId} on this event`);
      throw e;
    }
  });

  app.delete<{ Params: { id: string } }>('/:id', async (request, reply) => {
    rejectUnknown(queryParams(request.query), []);
    const row = await find(request.params.id, request.auth);
    enforce(writeDecision(request.auth, row), {
      notFound: `Event trigger not found [id=${row.id}]`,
      forbidden: 'Can not delete event triggers of other projects.',
    });
    await deleteEventTrigger(db, row.id);
    return reply.code(204).send();
  });
};
