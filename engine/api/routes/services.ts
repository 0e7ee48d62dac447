/**
 * `/v2/services` (API digest §10): removed from Mistral in 2025 but still called by older clients.
 * Mistral listed the members of its coordination groups; Convection runs every role in each
 * process, so it lists this process once per role.
 */
import { hostname } from 'node:os';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { rejectUnknown, queryParams } from '../request-input.js';
import type { ResourceOptions } from '../route-options.js';
import { responseSchema } from '../schemas/wire.js';

const servicesSchema = z.object({ services: z.array(z.object({ name: z.string(), type: z.string() }).strict()) }).strict();

export const serviceRoutes: FastifyPluginAsync<ResourceOptions> = async (app, { engine }) => {
  const api = `${hostname()}_${process.pid}`;
  app.get('/', { schema: { response: { 200: responseSchema(servicesSchema) } } }, async (request) => {
    rejectUnknown(queryParams(request.query), []);
    return {
      services: [
        { name: api, type: 'api_group' },
        { name: engine.engine.owner, type: 'engine_group' },
        { name: engine.engine.owner, type: 'executor_group' },
      ],
    };
  });
};
