/**
 * `GET /metrics` in Prometheus' text format. Outside `/v2` because scrapers expect it at the root.
 * In keystone mode series names and workflow names are not for every tenant: admins only, unless
 * the operator opens it (`CONVECTION_METRICS_OPEN=1`) for a scraper that cannot carry a token.
 */
import type { FastifyPluginAsync } from 'fastify';
import { ApiErrors } from '../errors.js';
import type { AuthResolver, ResourceOptions } from '../route-options.js';
import { createMetrics } from './metrics.js';

export interface MetricsRouteOptions extends ResourceOptions {
  readonly auth: AuthResolver;
}

/** Read per request, so the switch needs no restart of tests or of a hot-reloaded config. */
function metricsOpen(): boolean {
  return process.env['CONVECTION_METRICS_OPEN'] === '1';
}

export const metricsRoutes: FastifyPluginAsync<MetricsRouteOptions> = async (app, { engine, authMode, auth }) => {
  const metrics = createMetrics(engine);
  app.addHook('onClose', async () => {
    metrics.close();
  });

  app.get('/metrics', async (request, reply) => {
    if (authMode === 'keystone' && !metricsOpen()) {
      const caller = await auth(request);
      if (!caller.isAdmin) throw new ApiErrors.Forbidden('Only admins may read /metrics');
    }
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(body);
  });
};
