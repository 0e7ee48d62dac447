/**
 * From settings to a ready client, as the OpenStack CLI does it: log in to Keystone when given
 * credentials, take the API's URL from CONVECTION_URL or else from the token's service catalog,
 * and call the API without a token when no credentials are set (a server in noauth mode accepts
 * that; one with Keystone answers 401, which becomes a message saying what to set).
 */
import { EngineClient } from './engine-client.js';
import { passwordLogin, tokenSession, workflowEndpoint } from './keystone.js';
import type { ConnectionFlags, ConnectionSettings, Environment } from './settings.js';
import { DEFAULT_ENDPOINT, normalizeEndpoint, resolveSettings } from './settings.js';
import { ApiTransport } from './transport.js';

export interface ConnectOptions {
  /** Where OS_* and CONVECTION_URL are read; the process environment when absent (Node). */
  readonly env?: Environment;
  /** `--os-*` and `--url` flags; they win over the environment. */
  readonly flags?: ConnectionFlags;
  readonly fetch?: typeof fetch;
}

function processEnv(): Environment {
  const env = (globalThis as { process?: { env?: Environment } }).process?.env;
  return env ?? {};
}

/** Resolves settings, authenticates and finds the endpoint; throws a `ClientError` saying what failed. */
export async function connect(options: ConnectOptions = {}): Promise<EngineClient> {
  const settings = resolveSettings(options.env ?? processEnv(), options.flags);
  return connectWith(settings, options.fetch);
}

export async function connectWith(settings: ConnectionSettings, fetcher?: typeof fetch): Promise<EngineClient> {
  const { credentials } = settings;
  if (credentials.kind === 'none') return new EngineClient(new ApiTransport(settings.endpoint ?? DEFAULT_ENDPOINT, undefined, fetcher));
  const authUrl = settings.authUrl;
  if (credentials.kind === 'token') {
    if (settings.endpoint !== undefined || authUrl === undefined) {
      return new EngineClient(new ApiTransport(settings.endpoint ?? DEFAULT_ENDPOINT, credentials.token, fetcher));
    }
    const session = await tokenSession(authUrl, credentials.token, fetcher);
    return new EngineClient(new ApiTransport(catalogEndpoint(session.catalog, settings), session.token, fetcher));
  }
  // resolveSettings guarantees an auth URL with password credentials.
  const session = await passwordLogin(authUrl as string, credentials, fetcher);
  return new EngineClient(new ApiTransport(settings.endpoint ?? catalogEndpoint(session.catalog, settings), session.token, fetcher));
}

function catalogEndpoint(catalog: Parameters<typeof workflowEndpoint>[0], settings: ConnectionSettings): string {
  return normalizeEndpoint(workflowEndpoint(catalog, settings.interface, settings.region), 'the catalog endpoint');
}
