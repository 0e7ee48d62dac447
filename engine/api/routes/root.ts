/**
 * Version discovery (API digest §0.1): `GET /` lists the versions and `GET /v2` names the v2 root.
 * Neither needs authentication. With authentication off, `GET /` also says so (`"auth": "noauth"`),
 * which clients ignore and operators notice.
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { hostUrl } from '../list-query.js';
import type { ResourceOptions } from '../route-options.js';
import { responseSchema } from '../schemas/wire.js';

const versionsSchema = z
  .object({
    versions: z.array(
      z.object({
        id: z.string(),
        status: z.string(),
        links: z.array(z.object({ href: z.string(), target: z.string(), rel: z.string() }).strict()),
      }).strict(),
    ),
    auth: z.literal('noauth').optional(),
  })
  .strict();

const uriSchema = z.object({ uri: z.string() }).strict();

export const rootRoutes: FastifyPluginAsync<ResourceOptions> = async (app, { authMode }) => {
  app.get('/', { schema: { response: { 200: responseSchema(versionsSchema) } } }, async (request) => ({
    versions: [{ id: 'v2.0', status: 'CURRENT', links: [{ href: `${hostUrl(request)}/v2`, target: 'v2', rel: 'self' }] }],
    ...(authMode === 'noauth' ? { auth: 'noauth' as const } : {}),
  }));
};

/** `GET /v2`, registered inside the `/v2` prefix. */
export const v2RootRoutes: FastifyPluginAsync<ResourceOptions> = async (app) => {
  app.get('/', { config: { public: true }, schema: { response: { 200: responseSchema(uriSchema) } } }, async (request) => ({
    uri: `${hostUrl(request)}/v2`,
  }));
};
