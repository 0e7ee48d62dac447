/**
 * Publishing events (a Convection extension of Mistral's API):
 *
 * - `POST /v2/events` `{"type", "payload"?, "correlation_key"?, "project_id"? (admins)}` stores an
 *   event in the caller's project and answers 201 with it; event triggers of that project fire
 *   and waiting tasks wake shortly after (see engine/runtime/events/). Readers are refused.
 * - `GET /v2/published_events` lists the project's events (Mistral's list parameters; admins
 *   `all_projects=true`), `GET /v2/published_events/{id}` shows one with what each trigger did
 *   (`firings`: STARTED with the execution, or FAILED with the reason).
 *
 * `GET /v2/events` on the same path is the live stream of execution changes (events.ts); the two
 * plugins share the URL, one method each.
 */
import type { FastifyPluginAsync } from 'fastify';
import { ApiErrors } from '../errors.js';
import { fetchPage, hostUrl, listBody, parseFields, parseListQuery } from '../list-query.js';
import { parseBody, queryParams, rejectUnknown } from '../request-input.js';
import type { ResourceOptions } from '../route-options.js';
import { bodyField, pickFields } from '../serialize.js';
import { firingWire, publishEventBodySchema, publishedEventList, publishedEventListSchema, publishedEventSchema, publishedEventWire } from '../schemas/events.js';
import { responseSchema } from '../schemas/wire.js';
import { adminListViewer, ownedBy } from './runtime-scope.js';

const one = responseSchema(publishedEventSchema);

export const publishEventRoutes: FastifyPluginAsync<ResourceOptions> = async (app, { engine }) => {
  app.post('/events', { schema: { response: { 201: one } } }, async (request, reply) => {
    rejectUnknown(queryParams(request.query), []);
    const body = parseBody(publishEventBodySchema, request.body);
    const auth = request.auth;
    if (body.project_id !== undefined && body.project_id !== auth.projectId && !auth.isAdmin) {
      throw new ApiErrors.Forbidden('Only admins may publish events into another project');
    }
    const { event } = await engine.events.publish({
      projectId: body.project_id ?? auth.projectId,
      type: body.type,
      payload: bodyField(request.jsonBody, 'payload') ?? new Map(),
      correlationKey: body.correlation_key ?? null,
    });
    return reply.code(201).send(publishedEventWire(event));
  });
};

export const publishedEventRoutes: FastifyPluginAsync<ResourceOptions> = async (app, { engine }) => {
  const db = engine.store.db;

  app.get('/', { schema: { response: { 200: responseSchema(publishedEventListSchema) } } }, async (request) => {
    const query = parseListQuery(request.query, publishedEventList);
    const base = db.selectFrom('published_events').selectAll().where(ownedBy(adminListViewer(request.auth, query)));
    return listBody(hostUrl(request), publishedEventList, query, await fetchPage(base, publishedEventList, query));
  });

  app.get<{ Params: { id: string } }>('/:id', { schema: { response: { 200: one } } }, async (request) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['fields']);
    const auth = request.auth;
    const { event, firings } = await engine.events.get(request.params.id, auth.isAdmin ? undefined : auth.projectId);
    const wire = { ...publishedEventWire(event), firings: firings.map(firingWire) };
    return pickFields(wire, parseFields(params.get('fields'), [...publishedEventList.fields, 'firings']));
  });
};
