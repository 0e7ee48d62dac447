/**
 * `/v2/environments` (API digest §8): JSON bodies with only `name`, `description`, `variables`
 * (an object or its JSON text, stored as JSON text) and `scope`. PUT finds the environment by the
 * body's `name`.
 */
import type { FastifyPluginAsync } from 'fastify';
import {
  deleteEnvironment,
  findEnvironment,
  getEnvironment,
  insertEnvironment,
  updateEnvironment,
} from '../../store/repositories/environments.js';
import { visibleTo } from '../../store/repositories/visibility.js';
import { isUniqueViolation } from '../../store/dialect.js';
import { newId } from '../../runtime/ids.js';
import type { Environment } from '../../store/schema.js';
import type { AuthContext } from '../auth/auth-context.js';
import { ApiErrors } from '../errors.js';
import { fetchPage, hostUrl, listBody, parseFields, parseListQuery } from '../list-query.js';
import { createDecision, enforce, listViewer, readViewer, writeDecision } from '../policy.js';
import { parseBody, queryParams, rejectUnknown, scopeOf } from '../request-input.js';
import { isUuid } from '../route-options.js';
import type { ResourceOptions } from '../route-options.js';
import { bodyField, jsonObjectField, pickFields } from '../serialize.js';
import { environmentBodySchema, environmentList, environmentListSchema, environmentSchema, environmentWire } from '../schemas/environments.js';
import { responseSchema } from '../schemas/wire.js';

const one = responseSchema(environmentSchema);

export const environmentRoutes: FastifyPluginAsync<ResourceOptions> = async (app, { engine }) => {
  const db = engine.store.db;

  const find = async (identifier: string, auth: AuthContext): Promise<Environment> => {
    const viewer = readViewer(auth);
    const byId = isUuid(identifier) ? await getEnvironment(db, identifier, viewer) : undefined;
    const row = byId ?? (await findEnvironment(db, { name: identifier, viewer }));
    if (row === undefined) throw new ApiErrors.NotFound(`Environment not found [name=${identifier}]`);
    return row;
  };

  app.get('/', { schema: { response: { 200: responseSchema(environmentListSchema) } } }, async (request) => {
    const query = parseListQuery(request.query, environmentList);
    const base = db.selectFrom('environments').selectAll().where(visibleTo(listViewer(request.auth, { allProjects: false })));
    return listBody(hostUrl(request), environmentList, query, await fetchPage(base, environmentList, query));
  });

  app.get<{ Params: { name: string } }>('/:name', { schema: { response: { 200: one } } }, async (request) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['fields']);
    const row = await find(request.params.name, request.auth);
    return pickFields(environmentWire(row), parseFields(params.get('fields'), environmentList.fields));
  });

  app.post('/', { schema: { response: { 201: one } } }, async (request, reply) => {
    rejectUnknown(queryParams(request.query), []);
    const body = parseBody(environmentBodySchema, request.body);
    const scope = scopeOf(body.scope) ?? 'private';
    enforce(createDecision(request.auth, scope), { notFound: '', forbidden: 'Only admins may create public environments' });
    const now = Date.now();
    try {
      const row = await insertEnvironment(db, {
        id: newId(),
        name: body.name,
        project_id: request.auth.projectId,
        scope,
        description: body.description ?? null,
        variables_json: jsonObjectField(bodyField(request.jsonBody, 'variables'), 'variables') ?? '{}',
        created_at: now,
        updated_at: now,
      });
      return await reply.code(201).send(environmentWire(row));
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new ApiErrors.Conflict(`Duplicate entry for Environment ['name', 'project_id']: ${body.name}, ${request.auth.projectId}`);
      }
      throw e;
    }
  });

  app.put('/', { schema: { response: { 200: one } } }, async (request) => {
    rejectUnknown(queryParams(request.query), []);
    const body = parseBody(environmentBodySchema, request.body);
    const scope = scopeOf(body.scope);
    const row = await find(body.name, request.auth);
    enforce(writeDecision(request.auth, row, scope), {
      notFound: `Environment not found [name=${body.name}]`,
      forbidden: 'Can not update environment of other tenants, nor make it public without the admin role',
    });
    const variables = jsonObjectField(bodyField(request.jsonBody, 'variables'), 'variables');
    const updated = await updateEnvironment(db, row.id, {
      ...(body.description === undefined ? {} : { description: body.description }),
      ...(variables === undefined ? {} : { variables_json: variables ?? '{}' }),
      ...(scope === undefined ? {} : { scope }),
      updated_at: Date.now(),
    });
    if (updated === undefined) throw new ApiErrors.NotFound(`Environment not found [name=${body.name}]`);
    return environmentWire(updated);
  });

  app.delete<{ Params: { name: string } }>('/:name', async (request, reply) => {
    rejectUnknown(queryParams(request.query), []);
    const row = await find(request.params.name, request.auth);
    enforce(writeDecision(request.auth, row), {
      notFound: `Environment not found [name=${request.params.name}]`,
      forbidden: 'Can not delete environment of other users.',
    });
    await deleteEnvironment(db, row.id);
    return reply.code(204).send();
  });
};
