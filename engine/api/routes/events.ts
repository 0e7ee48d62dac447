/**
 * Live state streams (Server-Sent Events): `GET /v2/executions/{id}/events` follows one execution
 * tree from a snapshot to its final state, `GET /v2/events` follows everything the caller may see
 * and never ends. Each event carries its `execution_events` id, so a client reconnecting with
 * `Last-Event-ID` (EventSource does this by itself) resumes from the stored history without gaps.
 */
import createError from '@fastify/error';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { readEvents } from '../../store/repositories/events.js';
import type { ExecutionEvent, StoreDb } from '../../store/schema.js';
import type { AuthContext } from '../auth/auth-context.js';
import { ApiErrors } from '../errors.js';
import { EventHub, type HubEvent } from '../events/event-hub.js';
import { runFeed } from '../events/event-feed.js';
import type { EventReader } from '../events/event-feed.js';
import { SseConnection } from '../events/sse-connection.js';
import type { SseLimits } from '../events/sse-connection.js';
import { listViewer } from '../policy.js';
import { boolParam, queryParams, rejectUnknown } from '../request-input.js';
import type { QueryParams } from '../request-input.js';
import type { ResourceOptions } from '../route-options.js';
import { executionWire } from '../schemas/executions.js';
import { taskWire } from '../schemas/tasks.js';
import { readableExecution } from './runtime-scope.js';

export interface EventStreamSettings extends SseLimits {
  /** How often the table is polled for events written by other engine processes (ms). */
  readonly pollMs: number;
  /** Most open streams per caller (user in project); more answer 429. */
  readonly maxStreamsPerCaller: number;
}

export const DEFAULT_EVENT_STREAM_SETTINGS: EventStreamSettings = {
  pollMs: 250,
  heartbeatMs: 15_000,
  drainTimeoutMs: 10_000,
  maxBufferedBytes: 1024 * 1024,
  maxStreamsPerCaller: 100,
};

const TooManyStreams = createError<'CONVECTION_TOO_MANY_STREAMS', 429, [string]>('CONVECTION_TOO_MANY_STREAMS', '%s', 429);

const FINAL_STATES = new Set(['SUCCESS', 'ERROR', 'CANCELLED']);

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The id to resume after, from the header EventSource sends or the query (for curl and proxies). */
function resumeId(request: FastifyRequest, params: QueryParams): number | undefined {
  const raw = header(request, 'last-event-id') ?? params.get('last_event_id');
  if (raw === undefined || raw.trim() === '') return undefined;
  const id = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(id)) {
    throw new ApiErrors.BadRequest(`Last-Event-ID must be a non-negative integer event id, got "${raw}"`);
  }
  return id;
}

function callerKey(auth: AuthContext): string {
  return `${auth.projectId}\u0000${auth.userId ?? ''}`;
}

interface FeedFilter {
  /** Null: every project (an admin with all_projects). */
  readonly projectId: string | null;
  readonly workflow: string | undefined;
  readonly state: string | undefined;
}

/** Reads from the hub's window of recent events when it reaches back far enough, else the table. */
function windowed(hub: EventHub, keep: (event: HubEvent) => boolean, fallback: EventReader): EventReader {
  return async (afterId, limit) => hub.readRecent(afterId, limit, keep) ?? fallback(afterId, limit);
}

function matches(filter: FeedFilter): (event: HubEvent) => boolean {
  return (e) =>
    (filter.projectId === null || e.project_id === filter.projectId) &&
    (filter.state === undefined || e.state === filter.state) &&
    (filter.workflow === undefined || e.workflow_name === filter.workflow);
}

function filteredReader(db: StoreDb, filter: FeedFilter): EventReader {
  return async (afterId, limit) => {
    let q = db.selectFrom('execution_events as e').selectAll('e').where('e.id', '>', afterId);
    if (filter.projectId !== null) q = q.where('e.project_id', '=', filter.projectId);
    if (filter.state !== undefined) q = q.where('e.state', '=', filter.state);
    if (filter.workflow !== undefined) {
      // Task and action events name their task or action: the workflow is the execution's.
      const workflow = filter.workflow;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('workflow_executions as w')
            .select('w.id')
            .whereRef('w.id', '=', 'e.execution_id')
            .where('w.workflow_name', '=', workflow),
        ),
      );
    }
    const rows: ExecutionEvent[] = await q.orderBy('e.id').limit(limit).execute();
    return rows;
  };
}

export const eventRoutes: FastifyPluginAsync<ResourceOptions> = async (app, options) => {
  const settings: EventStreamSettings = { ...DEFAULT_EVENT_STREAM_SETTINGS, ...options.streams };
  const { engine } = options;
  const db = engine.store.db;
  const hub = new EventHub(engine, settings.pollMs);
  // Open streams would keep `close()` waiting forever: end them before the server stops.
  app.addHook('preClose', async () => hub.shutdown());

  /** Takes a stream slot, then the response; the slot is given back when the stream closes. */
  function open(request: FastifyRequest, reply: FastifyReply, caller: string): SseConnection {
    reply.hijack();
    const connection = new SseConnection(reply.raw, settings, { 'x-openstack-request-id': request.id });
    connection.onClose(() => hub.release(caller));
    return connection;
  }

  function acquire(auth: AuthContext): string {
    const caller = callerKey(auth);
    if (!hub.acquire(caller, settings.maxStreamsPerCaller)) {
      throw new TooManyStreams(
        `Too many open event streams: at most ${settings.maxStreamsPerCaller} per user and project; close one before opening another`,
      );
    }
    return caller;
  }

  app.get<{ Params: { id: string } }>('/executions/:id/events', async (request, reply) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['last_event_id']);
    const resume = resumeId(request, params);
    const execution = await readableExecution(db, request.params.id, request.auth);
    const caller = acquire(request.auth);
    let snapshot: Record<string, unknown> | undefined;
    try {
      if (resume === undefined) {
        const tasks = await db
          .selectFrom('task_executions')
          .selectAll()
          .where('workflow_execution_id', '=', execution.id)
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        snapshot = { execution: executionWire(execution), tasks: tasks.map((t) => taskWire(t)) };
      }
    } catch (error) {
      hub.release(caller);
      throw error;
    }
    const connection = open(request, reply, caller);
    if (snapshot !== undefined && !(await connection.send({ event: 'snapshot', data: snapshot }))) return reply;
    if (snapshot === undefined) await connection.comment('resumed');

    const root = execution.root_execution_id ?? execution.id;
    // The row may already be final; its last event committed with it, so catching up is enough.
    let final = FINAL_STATES.has(execution.state);
    void runFeed({
      hub,
      connection,
      read: windowed(hub, (e) => e.root_execution_id === root, (afterId, limit) => readEvents(db, { rootExecutionId: root, afterId, limit })),
      afterId: resume ?? 0,
      observe: (event) => {
        if (event.entity_type === 'workflow' && event.entity_id === execution.id) final = FINAL_STATES.has(event.state);
      },
      finished: () => final,
    });
    return reply;
  });

  app.get('/events', async (request, reply) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['workflow', 'state', 'project', 'project_id', 'all_projects', 'last_event_id']);
    const resume = resumeId(request, params);
    const auth = request.auth;
    const project = params.get('project') ?? params.get('project_id');
    const allProjects = params.get('all_projects') !== undefined && params.get('all_projects') !== '' && boolParam(params, 'all_projects', false);
    if (project !== undefined && project !== auth.projectId && !auth.isAdmin) {
      throw new ApiErrors.Forbidden('Only admins may follow the events of another project');
    }
    const viewer = listViewer(auth, { allProjects, projectFilter: project !== undefined });
    const filter: FeedFilter = {
      projectId: project ?? (viewer.allProjects === true ? null : auth.projectId),
      workflow: params.get('workflow') || undefined,
      state: params.get('state') || undefined,
    };
    const caller = acquire(auth);
    let start: number;
    try {
      start = resume ?? (await hub.refreshHead());
    } catch (error) {
      hub.release(caller);
      throw error;
    }
    const connection = open(request, reply, caller);
    // Tells the client the stream is live: events committed from now on will reach it.
    if (!(await connection.comment('connected'))) return reply;
    void runFeed({ hub, connection, read: windowed(hub, matches(filter), filteredReader(db, filter)), afterId: start });
    return reply;
  });
};
