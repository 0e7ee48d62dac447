/**
 * Where the API is and who the caller is, from the same environment variables and `--os-*` flags
 * as the OpenStack CLI. Pure: the environment is passed in, so a browser can hand in its own.
 */
import { ClientError } from './errors.js';

/** Flags given on a command line; each overrides the environment variable of the same name. */
export interface ConnectionFlags {
  readonly url?: string;
  readonly osAuthUrl?: string;
  readonly osUsername?: string;
  readonly osPassword?: string;
  readonly osProjectName?: string;
  readonly osProjectId?: string;
  readonly osUserDomainName?: string;
  readonly osProjectDomainName?: string;
  readonly osToken?: string;
  readonly osRegionName?: string;
  readonly osInterface?: string;
}

export type Environment = Readonly<Record<string, string | undefined>>;

export type Credentials =
  | { readonly kind: 'none' }
  | { readonly kind: 'token'; readonly token: string }
  | {
      readonly kind: 'password';
      readonly username: string;
      readonly password: string;
      readonly userDomainName: string;
      readonly projectName?: string;
      readonly projectId?: string;
      readonly projectDomainName: string;
    };

export type EndpointInterface = 'public' | 'internal' | 'admin';

export interface ConnectionSettings {
  /** Keystone v3 URL (ends in /v3); absent without Keystone. */
  readonly authUrl?: string;
  readonly credentials: Credentials;
  /** The API's /v2 URL when given; otherwise it comes from the catalog (or the local default). */
  readonly endpoint?: string;
  readonly region?: string;
  /** @default 'public' */
  readonly interface: EndpointInterface;
}

/** What `convection server` listens on by default. */
export const DEFAULT_ENDPOINT = 'http://127.0.0.1:8989/v2';

/** Catalog service type of the workflow API (Mistral's). */
export const WORKFLOW_SERVICE_TYPE = 'workflowv2';

function pick(flag: string | undefined, env: Environment, name: string): string | undefined {
  const value = flag ?? env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function httpUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ClientError('config', `${what} is not a URL: "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ClientError('config', `${what} must be an http(s) URL, got "${value}"`);
  return url;
}

/** The API root ending in `/v2`: `http://host:8989`, `…/v2` and `…/v2/` all name the same root. */
export function normalizeEndpoint(value: string, what = 'CONVECTION_URL'): string {
  const url = httpUrl(value, what);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/v2') ? path : `${path}/v2`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

/** Keystone's v3 root: `http://host:5000` and `http://host:5000/v3/` both become `…/v3`. */
export function normalizeAuthUrl(value: string): string {
  const url = httpUrl(value, 'OS_AUTH_URL');
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/v3') ? path : `${path}/v3`;
  return url.toString();
}

/**
 * Reads OS_TOKEN, or OS_USERNAME/OS_PASSWORD with OS_PROJECT_NAME (or OS_PROJECT_ID) and the two
 * domain names (default `Default`); OS_AUTH_URL for Keystone; CONVECTION_URL for the API (else the
 * catalog's workflowv2 endpoint, else the local default); OS_REGION_NAME and OS_INTERFACE to pick
 * from the catalog. With no credentials at all the API is called without a token (noauth).
 * Throws a `config` {@link ClientError} naming everything that is missing.
 */
export function resolveSettings(env: Environment, flags: ConnectionFlags = {}): ConnectionSettings {
  const url = pick(flags.url, env, 'CONVECTION_URL');
  const authUrlText = pick(flags.osAuthUrl, env, 'OS_AUTH_URL');
  const token = pick(flags.osToken, env, 'OS_TOKEN');
  const username = pick(flags.osUsername, env, 'OS_USERNAME');
  const password = flags.osPassword ?? env['OS_PASSWORD'];
  const projectName = pick(flags.osProjectName, env, 'OS_PROJECT_NAME');
  const projectId = pick(flags.osProjectId, env, 'OS_PROJECT_ID');
  const region = pick(flags.osRegionName, env, 'OS_REGION_NAME');
  const iface = pick(flags.osInterface, env, 'OS_INTERFACE') ?? 'public';
  if (iface !== 'public' && iface !== 'internal' && iface !== 'admin') {
    throw new ClientError('config', `OS_INTERFACE must be public, internal or admin, got "${iface}"`);
  }
  const common = {
    ...(url === undefined ? {} : { endpoint: normalizeEndpoint(url, flags.url === undefined ? 'CONVECTION_URL' : '--url') }),
    ...(authUrlText === undefined ? {} : { authUrl: normalizeAuthUrl(authUrlText) }),
    ...(region === undefined ? {} : { region }),
    interface: iface,
  } as const;

  if (token !== undefined) {
    if (common.endpoint === undefined && common.authUrl === undefined) {
      throw new ClientError('config', 'OS_TOKEN is set but neither CONVECTION_URL nor OS_AUTH_URL says where the API is: set one of them');
    }
    return { ...common, credentials: { kind: 'token', token } };
  }
  if (username !== undefined || (password !== undefined && password !== '')) {
    const missing: string[] = [];
    if (username === undefined) missing.push('OS_USERNAME');
    if (password === undefined || password === '') missing.push('OS_PASSWORD');
    if (projectName === undefined && projectId === undefined) missing.push('OS_PROJECT_NAME (or OS_PROJECT_ID)');
    if (common.authUrl === undefined) missing.push('OS_AUTH_URL');
    if (missing.length > 0) throw new ClientError('config', `incomplete Keystone credentials: set ${missing.join(', ')}`);
    return {
      ...common,
      credentials: {
        kind: 'password',
        username: username as string,
        password: password as string,
        userDomainName: pick(flags.osUserDomainName, env, 'OS_USER_DOMAIN_NAME') ?? 'Default',
        projectDomainName: pick(flags.osProjectDomainName, env, 'OS_PROJECT_DOMAIN_NAME') ?? 'Default',
        ...(projectName === undefined ? {} : { projectName }),
        ...(projectId === undefined ? {} : { projectId }),
      },
    };
  }
  return { ...common, credentials: { kind: 'none' } };
}
