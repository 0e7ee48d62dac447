/**
 * The two Keystone v3 calls a client needs: a password login (a project-scoped token and the
 * service catalog) and checking a given token (which also yields the catalog), then finding the
 * workflow API in that catalog.
 */
import { z } from 'zod';
import { ClientError, networkReason } from './errors.js';
import type { EndpointInterface } from './settings.js';
import { WORKFLOW_SERVICE_TYPE } from './settings.js';

const catalogSchema = z.array(
  z.looseObject({
    type: z.string(),
    endpoints: z.array(z.looseObject({ interface: z.string(), url: z.string(), region: z.string().nullish(), region_id: z.string().nullish() })),
  }),
);

const tokenBodySchema = z.looseObject({
  token: z.looseObject({ catalog: catalogSchema.optional(), expires_at: z.string().optional() }),
});

export type Catalog = z.infer<typeof catalogSchema>;

export interface KeystoneSession {
  readonly token: string;
  readonly catalog: Catalog;
}

export interface PasswordLogin {
  readonly username: string;
  readonly password: string;
  readonly userDomainName: string;
  readonly projectName?: string;
  readonly projectId?: string;
  readonly projectDomainName: string;
}

async function keystoneFetch(fetcher: typeof fetch, url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetcher(url, { ...init, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new ClientError('unreachable', `cannot reach Keystone at ${url.replace(/\/auth\/tokens$/, '')}: ${networkReason(error)} (check OS_AUTH_URL)`);
  }
}

async function tokenBody(response: Response, authUrl: string): Promise<z.infer<typeof tokenBodySchema>> {
  const parsed = tokenBodySchema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new ClientError('protocol', `Keystone at ${authUrl} answered a token request with something that is not a token`);
  return parsed.data;
}

/** Logs in with a password, scoped to the project; a `auth` error says whose login failed. */
export async function passwordLogin(authUrl: string, login: PasswordLogin, fetcher: typeof fetch = fetch): Promise<KeystoneSession> {
  const project = login.projectId !== undefined ? { id: login.projectId } : { name: login.projectName, domain: { name: login.projectDomainName } };
  const body = {
    auth: {
      identity: { methods: ['password'], password: { user: { name: login.username, domain: { name: login.userDomainName }, password: login.password } } },
      scope: { project },
    },
  };
  const response = await keystoneFetch(fetcher, `${authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  const projectText = login.projectId !== undefined ? `project id ${login.projectId}` : `project "${login.projectName}" (domain ${login.projectDomainName})`;
  if (response.status === 401 || response.status === 403) {
    throw new ClientError(
      'auth',
      `Keystone at ${authUrl} refused the login of user "${login.username}" (domain ${login.userDomainName}) to ${projectText}: wrong password, unknown user, or no role on that project`,
      response.status,
    );
  }
  if (response.status === 404) throw new ClientError('auth', `Keystone at ${authUrl} does not know ${projectText} or domain ${login.userDomainName}`, 404);
  if (response.status !== 201 && response.status !== 200) {
    throw new ClientError('auth', `Keystone at ${authUrl} answered the login with HTTP ${response.status}`, response.status);
  }
  const token = response.headers.get('x-subject-token');
  if (token === null) throw new ClientError('protocol', `Keystone at ${authUrl} issued no X-Subject-Token`);
  const data = await tokenBody(response, authUrl);
  return { token, catalog: data.token.catalog ?? [] };
}

/** Checks a token with Keystone (a token may validate itself) and returns its catalog. */
export async function tokenSession(authUrl: string, token: string, fetcher: typeof fetch = fetch): Promise<KeystoneSession> {
  const response = await keystoneFetch(fetcher, `${authUrl}/auth/tokens`, {
    method: 'GET',
    headers: { accept: 'application/json', 'x-auth-token': token, 'x-subject-token': token },
  });
  if (response.status === 401 || response.status === 403 || response.status === 404) {
    throw new ClientError('auth', `Keystone at ${authUrl} does not accept the token in OS_TOKEN: it is invalid or expired`, response.status);
  }
  if (response.status !== 200) throw new ClientError('auth', `Keystone at ${authUrl} answered the token check with HTTP ${response.status}`, response.status);
  const data = await tokenBody(response, authUrl);
  return { token, catalog: data.token.catalog ?? [] };
}

/** The workflowv2 URL for the interface (and region, when given); a `no-endpoint` error otherwise. */
export function workflowEndpoint(catalog: Catalog, iface: EndpointInterface, region?: string): string {
  const services = catalog.filter((s) => s.type === WORKFLOW_SERVICE_TYPE);
  const where = `interface ${iface}${region === undefined ? '' : `, region ${region}`}`;
  if (services.length === 0) {
    throw new ClientError(
      'no-endpoint',
      `Keystone's service catalog has no ${WORKFLOW_SERVICE_TYPE} service: ask the operator to register Convection's endpoint, or set CONVECTION_URL`,
    );
  }
  for (const service of services) {
    const endpoint = service.endpoints.find((e) => e.interface === iface && (region === undefined || e.region === region || e.region_id === region));
    if (endpoint !== undefined) return endpoint.url;
  }
  throw new ClientError('no-endpoint', `Keystone's service catalog has no ${WORKFLOW_SERVICE_TYPE} endpoint for ${where}: check OS_REGION_NAME and OS_INTERFACE, or set CONVECTION_URL`);
}
