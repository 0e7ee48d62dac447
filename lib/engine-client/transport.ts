/**
 * HTTP to the workflow API: builds URLs under the /v2 root, sends the token, and turns every
 * failure into a {@link ClientError} whose message is Mistral's `faultstring` (or, when nothing
 * answered, why not). Plain `fetch`, so it runs in Node and in browsers alike.
 */
import type { z } from 'zod';
import { ClientError, networkReason } from './errors.js';

export type QueryValue = string | number | boolean | undefined;
export type Query = Readonly<Record<string, QueryValue>>;

export interface SendOptions {
  readonly query?: Query;
  /** A JSON body. */
  readonly json?: unknown;
  /** A text/plain body (definitions are uploaded as YAML text). */
  readonly text?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

/** Per request, except streams; a stuck server must not hang a script forever. */
const REQUEST_TIMEOUT_MS = 60_000;

export class ApiTransport {
  private readonly fetcher: typeof fetch;

  constructor(
    /** The API root, ending in `/v2`. */
    readonly endpoint: string,
    private readonly token: string | undefined,
    fetcher?: typeof fetch,
  ) {
    this.fetcher = fetcher ?? ((input, init) => globalThis.fetch(input, init));
  }

  get authenticated(): boolean {
    return this.token !== undefined;
  }

  url(path: string, query: Query = {}): string {
    const url = new URL(`${this.endpoint.replace(/\/+$/, '')}${path}`);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, String(value));
    return url.toString();
  }

  /** Sends a request and returns the response when it is a success (2xx); throws otherwise. */
  async send(method: string, path: string, options: SendOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (this.token !== undefined) headers['x-auth-token'] = this.token;
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.text !== undefined) {
      headers['content-type'] = 'text/plain';
      body = options.text;
    }
    const signal = options.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    let response: Response;
    try {
      response = await this.fetcher(this.url(path, options.query), { method, headers, body, signal });
    } catch (error) {
      if (options.signal?.aborted === true) throw error;
      throw new ClientError('unreachable', `cannot reach the Convection API at ${this.endpoint}: ${networkReason(error)} (is the server running? check CONVECTION_URL or the catalog)`);
    }
    if (response.ok) return response;
    throw await this.failure(response);
  }

  /** Sends and parses the JSON answer with `schema`. */
  async json<S extends z.ZodType>(method: string, path: string, schema: S, options: SendOptions = {}): Promise<z.infer<S>> {
    const response = await this.send(method, path, options);
    const body: unknown = await response.json().catch(() => {
      throw new ClientError('protocol', `${method} ${path}: the API answered with something that is not JSON`);
    });
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ClientError('protocol', `${method} ${path}: unexpected answer from the API (${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'})`);
    }
    return parsed.data;
  }

  private async failure(response: Response): Promise<ClientError> {
    const text = await response.text().catch(() => '');
    const message = faultMessage(response, text);
    if (response.status === 401) {
      return this.token === undefined
        ? new ClientError(
            'auth',
            `the API at ${this.endpoint} requires authentication: set OS_AUTH_URL, OS_USERNAME, OS_PASSWORD and OS_PROJECT_NAME (or OS_TOKEN)`,
            401,
          )
        : new ClientError('auth', `the API at ${this.endpoint} refused the token: ${message}`, 401);
    }
    return new ClientError('api', message, response.status);
  }
}

/** Mistral's error text: the body's `faultstring` (full, with newlines), the `Server-Error-Message` header, or the status. */
export function faultMessage(response: Response, text: string): string {
  try {
    const body: unknown = JSON.parse(text);
    if (body !== null && typeof body === 'object') {
      const fault = (body as { faultstring?: unknown }).faultstring ?? (body as { message?: unknown }).message;
      if (typeof fault === 'string' && fault.trim() !== '') return fault.trim();
    }
  } catch {
    // Not JSON: a proxy's error page, say. The header or the status line says enough.
  }
  const header = response.headers.get('server-error-message');
  if (header !== null && header.trim() !== '') return header.trim();
  return `HTTP ${response.status} ${response.statusText}`.trim();
}
