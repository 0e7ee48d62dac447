/**
 * The v2 URL table. Each resource is one plugin from `routes/`, registered here in the open so the
 * URL map reads top to bottom. Every `/v2` route but `GET /v2` first resolves the caller
 * (`request.auth`); read-only callers are refused on any POST, PUT or DELETE unless the route says
 * it changes nothing (`config.readOnlyAllowed`, the `/validate` endpoints).
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ApiErrors } from './errors.js';
import { metricsRoutes } from './metrics/routes.js';
import { mayWrite } from './policy.js';
import type { AuthResolver, ResourceOptions } from './route-options.js';
import { actionExecutionRoutes } from './routes/action-executions.js';
import { actionRoutes } from './routes/actions.js';
import { analyticsRoutes } from './routes/analytics.js';
import { cronTriggerRoutes } from './routes/cron-triggers.js';
import { environmentRoutes } from './routes/environments.js';
import { eventTriggerRoutes } from './routes/event-triggers.js';
import { eventRoutes } from './routes/events.js';
import { executionRoutes } from './routes/executions.js';
import { executionTimelineRoutes } from './routes/execution-timeline.js';
import { memberRoutes } from './routes/members.js';
import { publishEventRoutes, publishedEventRoutes } from './routes/published-events.js';
import { repositoryRoutes } from './routes/repository.js';
import { rootRoutes, v2RootRoutes } from './routes/root.js';
import { serviceRoutes } from './routes/services.js';
import { queueRoutes } from './routes/queues.js';
import { taskRoutes } from './routes/tasks.js';
import { workbookRoutes } from './routes/workbooks.js';
import { workflowRoutes } from './routes/workflows.js';

/** `/v2<prefix>` → the plugin serving it. */
export const V2_ROUTES: readonly (readonly [prefix: string, plugin: FastifyPluginAsync<ResourceOptions>])[] = [
  ['/', v2RootRoutes],
  ['/workbooks', workbookRoutes],
  ['/workflows', workflowRoutes],
  ['/workflows/:workflowId/members', memberRoutes],
  ['/actions', actionRoutes],
  ['/environments', environmentRoutes],
  ['/executions', executionRoutes],
  ['/executions', executionTimelineRoutes],
  ['/tasks', taskRoutes],
  ['/action_executions', actionExecutionRoutes],
  // The upstream user guide spells it with a hyphen; clients copying from it should work.
  ['/action-executions', actionExecutionRoutes],
  ['/cron_triggers', cronTriggerRoutes],
  ['/event_triggers', eventTriggerRoutes],
  ['/services', serviceRoutes],
  ['/queues', queueRoutes],
  // Both live streams (`/v2/events`, `/v2/executions/{id}/events`) share one hub and stream cap.
  ['', eventRoutes],
  // `POST /v2/events` publishes an event; GET on that path stays the stream above.
  ['', publishEventRoutes],
  ['/published_events', publishedEventRoutes],
  ['/analytics', analyticsRoutes],
  ['/repository', repositoryRoutes],
];

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface RoutesOptions extends ResourceOptions {
  readonly auth: AuthResolver;
}

function authenticate(resolve: AuthResolver) {
  return async function resolveCaller(request: FastifyRequest): Promise<void> {
    if (request.routeOptions.config.public === true) return;
    request.auth = await resolve(request);
    if (WRITE_METHODS.has(request.method) && request.routeOptions.config.readOnlyAllowed !== true && !mayWrite(request.auth)) {
      throw new ApiErrors.Forbidden('Your role is read-only: this request would change something');
    }
  };
}

export async function registerRoutes(app: FastifyInstance, options: RoutesOptions): Promise<void> {
  const resource: ResourceOptions = { engine: options.engine, authMode: options.authMode, ...(options.streams === undefined ? {} : { streams: options.streams }) };
  await app.register(rootRoutes, resource);
  await app.register(metricsRoutes, { ...resource, auth: options.auth });
  await app.register(
    async (v2) => {
      v2.addHook('onRequest', authenticate(options.auth));
      for (const [prefix, plugin] of V2_ROUTES) await v2.register(plugin, { ...resource, prefix });
    },
    { prefix: '/v2' },
  );
}
