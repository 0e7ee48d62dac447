/**
 * `/v2/cron_triggers` (API digest §7) over the CronService: create (with every check Mistral
 * makes), read by name or id, list with Mistral's filters, delete. There is no update.
 */
import type { FastifyPluginAsync } from 'fastify';
import { findCronTrigger, getCronTrigger } from '../../store/repositories/cron-triggers.js';
import { visibleTo } from '../../store/repositories/visibility.js';
import type { CronTrigger } from '../../store/schema.js';
import type { AuthContext } from '../auth/auth-context.js';
import { ApiErrors } from '../errors.js';
import { fetchPage, hostUrl, listBody, parseFields, parseListQuery } from '../list-query.js';
import { createDecision, enforce, readViewer, writeDecision } from '../policy.js';
import { parseBody, queryParams, rejectUnknown, scopeOf } from '../request-input.js';
import type { ResourceOptions } from '../route-options.js';
import { bodyField, jsonObjectValue, pickFields } from '../serialize.js';
import { cronTriggerBodySchema, cronTriggerList, cronTriggerListSchema, cronTriggerSchema, cronTriggerWire } from '../schemas/cron-triggers.js';
import { responseSchema } from '../schemas/wire.js';
import { adminListViewer } from './runtime-scope.js';

const one = responseSchema(cronTriggerSchema);

export const cronTriggerRoutes: FastifyPluginAsync<ResourceOptions> = async (app, { engine }) => {
  const db = engine.store.db;

  /** By id among what the caller may read, else by name in the caller's project. */
  const find = async (identifier: string, auth: AuthContext): Promise<CronTrigger> => {
    const row = (await getCronTrigger(db, identifier, readViewer(auth))) ?? (await findCronTrigger(db, { name: identifier, projectId: auth.projectId }));
    if (row === undefined) throw new ApiErrors.NotFound(`Cron trigger not found [identifier=${identifier}]`);
    return row;
  };

  app.get('/', { schema: { response: { 200: responseSchema(cronTriggerListSchema) } } }, async (request) => {
    const query = parseListQuery(request.query, cronTriggerList);
    const base = db.selectFrom('cron_triggers').selectAll().where(visibleTo(adminListViewer(request.auth, query)));
    return listBody(hostUrl(request), cronTriggerList, query, await fetchPage(base, cronTriggerList, query));
  });

  app.get<{ Params: { identifier: string } }>('/:identifier', { schema: { response: { 200: one } } }, async (request) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['fields']);
    const row = await find(request.params.identifier, request.auth);
    return pickFields(cronTriggerWire(row), parseFields(params.get('fields'), cronTriggerList.fields));
  });

  app.post('/', { schema: { response: { 201: one } } }, async (request, reply) => {
    rejectUnknown(queryParams(request.query), []);
    const body = parseBody(cronTriggerBodySchema, request.body);
    const scope = scopeOf(body.scope ?? undefined) ?? 'private';
    enforce(createDecision(request.auth, scope), { notFound: '', forbidden: 'Only admins may create public cron triggers' });
    const input = jsonObjectValue(bodyField(request.jsonBody, 'workflow_input'), 'workflow_input');
    const params = jsonObjectValue(bodyField(request.jsonBody, 'workflow_params'), 'workflow_params');
    const info = await engine.cron.create({
      name: body.name,
      projectId: request.auth.projectId,
      ...(body.workflow_name === undefined || body.workflow_name === null ? {} : { workflowName: body.workflow_name }),
      ...(body.workflow_id === undefined || body.workflow_id === null ? {} : { workflowId: body.workflow_id }),
      ...(input === undefined || input === null ? {} : { workflowInput: input }),
      ...(params === undefined || params === null ? {} : { workflowParams: params }),
      pattern: body.pattern ?? null,
      firstExecutionTime: body.first_execution_time ?? null,
      remainingExecutions: body.remaining_executions ?? null,
      scope,
    });
    const row = await getCronTrigger(db, info.id);
    if (row === undefined) throw new ApiErrors.NotFound(`Cron trigger not found [identifier=${info.id}]`);
    return reply.code(201).send(cronTriggerWire(row));
  });

  app.delete<{ Params: { identifier: string } }>('/:identifier', async (request, reply) => {
    rejectUnknown(queryParams(request.query), []);
    const row = await find(request.params.identifier, request.auth);
    enforce(writeDecision(request.auth, row), {
      notFound: `Cron trigger not found [identifier=${request.params.identifier}]`,
      forbidden: 'Can not delete cron trigger of other projects.',
    });
    await engine.cron.delete(row.id, readViewer(request.auth));
    return reply.code(204).send();
  });
};
