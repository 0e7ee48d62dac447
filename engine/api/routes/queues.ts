/**
 * `/v2/queues`: task queues for external workers (runtime/queues/queue-service.ts).
 *
 * - `GET /v2/queues[?all_projects=true]` — every queue of the project with its depth (waiting),
 *   leased count and limits; admins may list every project's.
 * - `GET /v2/queues/{name}` — one queue (zeros when nothing is queued).
 * - `PUT /v2/queues/{name}` `{"max_concurrency": 4, "rate_limit": 10, "burst": 20}` — limits on
 *   leases held at once and granted per second (token bucket); null lifts one. `DELETE` lifts all.
 * - `POST /v2/queues/{name}/poll[?all_projects=true]` `{"batch_size", "wait_seconds", "lease_seconds", "worker"}`
 *   — long-polls, answers `{"action_executions": [{id, name, input, lease_id, lease_expires_at, lease_seconds, attempt, …}]}`.
 * - `POST /v2/queues/{name}/heartbeat` `{"action_execution_id", "lease_id", "lease_seconds", "progress"}`
 *   — extends the lease; answers `{"cancelled", "lease_expires_at"}`, 409 once the lease is lost.
 * - `POST /v2/queues/{name}/release` `{"action_execution_id", "lease_id"}` — gives a lease back
 *   unused (a worker shutting down): the item is available again at once, no attempt counted.
 *
 * Completion is the standard `PUT /v2/action_executions/{id}` plus the lease (queues-access.ts).
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { QUEUE_NAME } from '../../actions/queue/queue-action.js';
import { encode } from '../../runtime/persistence/codec.js';
import type { AuthContext } from '../auth/auth-context.js';
import { ApiErrors } from '../errors.js';
import { listViewer } from '../policy.js';
import { boolParam, parseBody, queryParams, rejectUnknown } from '../request-input.js';
import type { ResourceOptions } from '../route-options.js';
import { bodyField } from '../serialize.js';
import { heartbeatBodySchema, leasedItemWire, limitsBodySchema, limitsFromBody, pollBodySchema, queueWire, releaseBodySchema } from '../schemas/queues.js';
import { workableActionExecution } from './queues-access.js';

function queueName(raw: string): string {
  if (!QUEUE_NAME.test(raw)) {
    throw new ApiErrors.BadRequest(`Invalid queue name '${raw}': use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  }
  return raw;
}

/** The caller's project, or null (every project) for an admin asking `all_projects=true`. */
function projectOf(request: FastifyRequest, auth: AuthContext): string | null {
  const params = queryParams(request.query);
  rejectUnknown(params, ['all_projects']);
  const viewer = listViewer(auth, { allProjects: boolParam(params, 'all_projects', false) });
  return viewer.allProjects === true ? null : auth.projectId;
}

/** Aborted when the client goes away before the answer is sent (and, harmlessly, once it is sent). */
function disconnectSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => controller.abort());
  return controller.signal;
}

export const queueRoutes: FastifyPluginAsync<ResourceOptions> = async (app, { engine }) => {
  const queues = engine.queues;

  app.get('/', async (request) => {
    const stats = await queues.stats({ projectId: projectOf(request, request.auth) });
    return { queues: stats.map(queueWire) };
  });

  app.get<{ Params: { name: string } }>('/:name', async (request) => {
    rejectUnknown(queryParams(request.query), []);
    const name = queueName(request.params.name);
    const [stats] = await queues.stats({ projectId: request.auth.projectId, name });
    return queueWire(stats ?? { projectId: request.auth.projectId, name, depth: 0, leased: 0, limits: { maxConcurrency: null, ratePerSecond: null, burst: null } });
  });

  app.put<{ Params: { name: string } }>('/:name', async (request) => {
    rejectUnknown(queryParams(request.query), []);
    const name = queueName(request.params.name);
    await queues.setLimits(request.auth.projectId, name, limitsFromBody(parseBody(limitsBodySchema, request.body)));
    const [stats] = await queues.stats({ projectId: request.auth.projectId, name });
    return stats === undefined ? {} : queueWire(stats);
  });

  app.delete<{ Params: { name: string } }>('/:name', async (request, reply) => {
    rejectUnknown(queryParams(request.query), []);
    const name = queueName(request.params.name);
    if (!(await queues.removeLimits(request.auth.projectId, name))) throw new ApiErrors.NotFound(`Queue ${name} has no limits to remove`);
    return reply.code(204).send();
  });

  app.post<{ Params: { name: string } }>('/:name/poll', async (request, reply) => {
    const name = queueName(request.params.name);
    const projectId = projectOf(request, request.auth);
    const body = parseBody(pollBodySchema, request.body ?? {});
    const items = await queues.poll({
      queue: name,
      projectId,
      batchSize: body.batch_size,
      waitMs: body.wait_seconds * 1000,
      leaseMs: body.lease_seconds * 1000,
      worker: body.worker ?? request.auth.userName,
      signal: disconnectSignal(reply),
    });
    return { action_executions: items.map((row) => leasedItemWire(row, body.lease_seconds)) };
  });

  /** The queued action execution a heartbeat or release names, checked against the URL's queue. */
  const queuedItem = async (request: FastifyRequest<{ Params: { name: string } }>, id: string) => {
    rejectUnknown(queryParams(request.query), []);
    const name = queueName(request.params.name);
    const row = await workableActionExecution(engine.store.db, id, request.auth);
    if (row.queue_name !== name) throw new ApiErrors.NotFound(`Action execution ${row.id} is not on queue ${name}`);
    return row;
  };

  app.post<{ Params: { name: string } }>('/:name/heartbeat', async (request) => {
    const body = parseBody(heartbeatBodySchema, request.body);
    const row = await queuedItem(request, body.action_execution_id);
    const progress = bodyField(request.jsonBody, 'progress');
    const beat = await queues.heartbeat({
      id: row.id,
      leaseId: body.lease_id,
      leaseMs: body.lease_seconds * 1000,
      ...(progress === undefined ? {} : { progressJson: encode(progress) }),
    });
    return { cancelled: beat.cancelled, lease_expires_at: new Date(beat.expiresAt).toISOString() };
  });

  app.post<{ Params: { name: string } }>('/:name/release', async (request, reply) => {
    const body = parseBody(releaseBodySchema, request.body);
    const row = await queuedItem(request, body.action_execution_id);
    await queues.release(row.id, row.queue_name ?? '', body.lease_id);
    return reply.code(204).send();
  });
};
