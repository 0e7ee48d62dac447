/**
 * `/v2/actions` (API digest §3): built-in actions from the registry (read-only) and ad-hoc actions
 * from the store, listed together. python-mistralclient also addresses one action as
 * `/v2/actions/{name}/{namespace}`, so both that and `?namespace=` work.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { describeAction } from '../../actions/registry.js';
import { findActionDefinition, getActionDefinition } from '../../store/repositories/action-definitions.js';
import { visibleTo } from '../../store/repositories/visibility.js';
import type { ActionDefinition } from '../../store/schema.js';
import type { AuthContext } from '../auth/auth-context.js';
import { ApiErrors } from '../errors.js';
import { hostUrl, listBody, pageInMemory, parseFields, parseListQuery } from '../list-query.js';
import { createDecision, enforce, listViewer, readViewer, writeDecision } from '../policy.js';
import { definitionText, namespaceOf, queryParams, rejectUnknown, scopeOf } from '../request-input.js';
import type { QueryParams } from '../request-input.js';
import { isUuid } from '../route-options.js';
import type { ResourceOptions } from '../route-options.js';
import { pickFields } from '../serialize.js';
import { actionList, actionListSchema, actionSchema, actionWire, systemActionRow } from '../schemas/actions.js';
import type { ActionRow } from '../schemas/actions.js';
import { responseSchema, validationSchema } from '../schemas/wire.js';
import { validationResult } from '../validation-result.js';

interface ActionParams {
  readonly identifier: string;
  readonly namespace?: string;
}

const many = { 200: responseSchema(actionListSchema) };

export const actionRoutes: FastifyPluginAsync<ResourceOptions> = async (app, { engine }) => {
  const db = engine.store.db;
  const isSystem = (name: string): boolean => engine.registry.has(name);

  // The path's namespace wins over the query's, as pecan passes positional segments first.
  const namespaceFrom = (params: ActionParams, query: QueryParams): string => params.namespace ?? namespaceOf(query);

  /** An ad-hoc action by id, or by name in `namespace`. */
  const findStored = async (identifier: string, namespace: string, auth: AuthContext): Promise<ActionDefinition | undefined> => {
    const viewer = readViewer(auth);
    const byId = isUuid(identifier) ? await getActionDefinition(db, identifier, viewer) : undefined;
    return byId ?? (await findActionDefinition(db, { name: identifier, namespace, viewer }));
  };

  const notFound = (identifier: string, namespace: string) =>
    new ApiErrors.NotFound(`Action not found [action_identifier=${identifier}, namespace=${namespace}]`);

  /** What GET shows: an ad-hoc action first, else a built-in of that name. */
  const findAny = async (identifier: string, namespace: string, auth: AuthContext): Promise<ActionRow> => {
    const stored = await findStored(identifier, namespace, auth);
    if (stored !== undefined) return stored;
    const builtin = engine.registry.get(identifier);
    if (builtin !== undefined) return systemActionRow(describeAction(builtin));
    throw notFound(identifier, namespace);
  };

  /** What PUT and DELETE act on: only ad-hoc actions; built-ins are read-only (400, as Mistral). */
  const findAdHoc = async (identifier: string, namespace: string, auth: AuthContext, verb: 'modify' | 'delete'): Promise<ActionDefinition> => {
    const stored = await findStored(identifier, namespace, auth);
    if (stored !== undefined) return stored;
    if (isSystem(identifier)) throw new ApiErrors.BadRequest(`Attempt to ${verb} a system action: ${identifier}`);
    throw notFound(identifier, namespace);
  };

  app.get('/', { schema: { response: many } }, async (request) => {
    const query = parseListQuery(request.query, actionList);
    const viewer = listViewer(request.auth, { allProjects: false });
    // Built-ins live in code, so the page is cut in memory; ad-hoc actions are few per project.
    const stored = await db.selectFrom('action_definitions').selectAll().where(visibleTo(viewer)).execute();
    const rows: ActionRow[] = [...engine.registry.describe().map(systemActionRow), ...stored];
    return listBody(hostUrl(request), actionList, query, pageInMemory(rows, actionList, query));
  });

  const getOne = async (request: FastifyRequest<{ Params: ActionParams }>) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['namespace', 'fields']);
    const row = await findAny(request.params.identifier, namespaceFrom(request.params, params), request.auth);
    return pickFields(actionWire(row), parseFields(params.get('fields'), actionList.fields));
  };
  const one = { schema: { response: { 200: responseSchema(actionSchema) } } };
  app.get<{ Params: ActionParams }>('/:identifier', one, getOne);
  app.get<{ Params: ActionParams }>('/:identifier/:namespace', one, getOne);

  app.post('/', { config: { faultBody: 'pecan' }, schema: { response: { 201: responseSchema(actionListSchema) } } }, async (request, reply) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['namespace', 'scope']);
    const scope = scopeOf(params.get('scope')) ?? 'private';
    enforce(createDecision(request.auth, scope), { notFound: '', forbidden: 'Only admins may create public actions' });
    const text = definitionText(request.body);
    const rows = await engine.definitions.createActions(text, { projectId: request.auth.projectId, namespace: namespaceOf(params), scope }, isSystem);
    return reply.code(201).send({ actions: rows.map(actionWire) });
  });

  app.put('/', { config: { faultBody: 'pecan' }, schema: { response: many } }, async (request) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['namespace', 'scope']);
    const scope = scopeOf(params.get('scope'));
    if (scope === 'public') enforce(createDecision(request.auth, scope), { notFound: '', forbidden: 'Only admins may make actions public' });
    const text = definitionText(request.body);
    const owner = { projectId: request.auth.projectId, namespace: namespaceOf(params), scope };
    const rows = await engine.definitions.updateActions(text, owner, undefined, isSystem);
    return { actions: rows.map(actionWire) };
  });

  app.put<{ Params: ActionParams }>('/:identifier', { config: { faultBody: 'pecan' }, schema: { response: many } }, async (request) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['namespace', 'scope']);
    const scope = scopeOf(params.get('scope'));
    const row = await findAdHoc(request.params.identifier, namespaceOf(params), request.auth, 'modify');
    enforce(writeDecision(request.auth, row, scope), {
      notFound: `Action not found [action_identifier=${request.params.identifier}]`,
      forbidden: 'Can not update action of other tenants, nor make it public without the admin role',
    });
    const owner = { projectId: request.auth.projectId, namespace: row.namespace, scope };
    const rows = await engine.definitions.updateActions(definitionText(request.body), owner, row.id, isSystem);
    return { actions: rows.map(actionWire) };
  });

  const deleteOne = async (request: FastifyRequest<{ Params: ActionParams }>, reply: FastifyReply) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['namespace']);
    const row = await findAdHoc(request.params.identifier, namespaceFrom(request.params, params), request.auth, 'delete');
    enforce(writeDecision(request.auth, row), {
      notFound: `Action not found [action_identifier=${request.params.identifier}]`,
      forbidden: 'Can not delete action of other users.',
    });
    await engine.definitions.deleteAction(row);
    return reply.code(204).send();
  };
  app.delete<{ Params: ActionParams }>('/:identifier', deleteOne);
  app.delete<{ Params: ActionParams }>('/:identifier/:namespace', deleteOne);

  app.post(
    '/validate',
    { config: { readOnlyAllowed: true }, schema: { response: { 200: responseSchema(validationSchema) } } },
    async (request) => validationResult(engine, 'actions', request.body),
  );
};
