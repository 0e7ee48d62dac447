/**
 * Turns std.http's Python-flavoured parameters (requests.request arguments) into a request to send.
 */
import { readFile } from 'node:fs/promises';
import { dumpJson } from '../../language/values/json.js';
import { pyStr } from '../../language/values/python-format.js';
import { isList, isMap, isNumber, truthy, typeName, type Value, type ValueMap } from '../../language/values/value.js';
import type { HttpActionsConfig } from '../config.js';
import { ActionError } from '../errors.js';
import { pythonFloat, readBoolean, readOptionalMap, readParam, readString } from '../input-readers.js';

export interface HttpRequestSpec {
  readonly method: string;
  readonly url: URL;
  /** Name/value pairs in order, names as given (servers see the caller's casing). */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string | null;
  readonly timeoutMs: number;
  readonly followRedirects: boolean;
  readonly tls: { readonly rejectUnauthorized: boolean; readonly ca?: string };
  /** Proxy URL for this request's scheme, from `proxies`. */
  readonly proxy: string | null;
}

export const HTTP_PARAMS = [
  { name: 'url', required: true },
  { name: 'method', required: false, default: 'GET' },
  { name: 'params', required: false, default: null },
  { name: 'body', required: false, default: null },
  { name: 'json', required: false, default: null },
  { name: 'headers', required: false, default: null },
  { name: 'cookies', required: false, default: null },
  { name: 'auth', required: false, default: null },
  { name: 'timeout', required: false, default: null },
  { name: 'allow_redirects', required: false, default: null },
  { name: 'proxies', required: false, default: null },
  { name: 'verify', required: false, default: null },
] as const;

export async function buildHttpRequestSpec(
  input: ValueMap,
  action: string,
  config: HttpActionsConfig,
  extraHeaders: readonly (readonly [string, string])[] = [],
): Promise<HttpRequestSpec> {
  const body = readParam(input, 'body');
  const json = readParam(input, 'json');
  if (truthy(body) && truthy(json)) {
    throw new ActionError("Only one of the parameters 'json' and 'body' can be passed");
  }
  const url = parseUrl(readString(input, 'url', action));
  appendQuery(url, readParam(input, 'params'), action);

  const method = readString(input, 'method', action).toUpperCase();
  if (!/^[A-Z][A-Z0-9_-]*$/.test(method)) throw new ActionError(`Invalid HTTP method '${method}'`);

  const headers = headerPairs(readOptionalMap(input, 'headers', action));
  const has = (name: string): boolean => headers.some(([k]) => k.toLowerCase() === name);
  const cookie = cookieHeader(readOptionalMap(input, 'cookies', action));
  if (cookie) headers.push(['Cookie', cookie]);
  const auth = basicAuth(readParam(input, 'auth'), action);
  if (auth && !has('authorization')) headers.push(['Authorization', auth]);
  let payload: string | null = null;
  if (json !== null) {
    payload = dumpJson(json);
    if (!has('content-type')) headers.push(['Content-Type', 'application/json']);
  } else if (body !== null && body !== '') {
    // Mistral serialises a dict body to JSON text but, like requests' `data=`, sets no content type.
    payload = typeof body === 'string' ? body : dumpJson(body);
  }
  for (const [name, value] of extraHeaders) {
    const i = headers.findIndex(([k]) => k.toLowerCase() === name.toLowerCase());
    if (i >= 0) headers.splice(i, 1);
    headers.push([name, value]);
  }
  if (!has('user-agent')) headers.push(['User-Agent', config.userAgent]);
  if (!has('accept')) headers.push(['Accept', '*/*']);

  return {
    method,
    url,
    headers,
    body: payload,
    timeoutMs: timeoutMs(readParam(input, 'timeout'), config),
    // Mistral passes allow_redirects=None to requests, which then does not follow redirects.
    followRedirects: readBoolean(input, 'allow_redirects', action, false),
    tls: url.protocol === 'https:' ? await tlsOptions(readParam(input, 'verify'), action) : { rejectUnauthorized: true },
    proxy: proxyFor(url, readOptionalMap(input, 'proxies', action)),
  };
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ActionError(`Failed to send HTTP request: invalid URL '${text}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ActionError(`Failed to send HTTP request: unsupported URL scheme '${url.protocol.replace(/:$/, '')}' (http or https only)`);
  }
  return url;
}

/** requests' `params=`: None values dropped, lists repeat the key, scalars printed as Python str(). */
function appendQuery(url: URL, params: Value, action: string): void {
  if (params === null) return;
  if (typeof params === 'string') {
    if (params) url.search = url.search ? `${url.search}&${params}` : params;
    return;
  }
  if (!isMap(params)) throw new ActionError(`Invalid value for parameter 'params' of ${action}: expected a dict or a string, got ${typeName(params)}`);
  for (const [key, value] of params) {
    const values = isList(value) ? value : [value];
    for (const v of values) if (v !== null) url.searchParams.append(String(key), pyStr(v));
  }
}

function headerPairs(headers: ValueMap | null): [string, string][] {
  const out: [string, string][] = [];
  if (!headers) return out;
  for (const [key, value] of headers) {
    // requests drops headers whose value is None.
    if (value === null) continue;
    if (typeof value === 'string') out.push([String(key), value]);
    else if (typeof value === 'boolean' || isNumber(value)) out.push([String(key), pyStr(value)]);
    else throw new ActionError(`Header '${String(key)}' must be a string or a number, got ${typeName(value)}`);
  }
  return out;
}

function cookieHeader(cookies: ValueMap | null): string | null {
  if (!cookies || cookies.size === 0) return null;
  return [...cookies].filter(([, v]) => v !== null).map(([k, v]) => `${String(k)}=${pyStr(v)}`).join('; ');
}

/** `"user:pass"` (Mistral) or a two-item list (requests' auth tuple) → a Basic credential. */
function basicAuth(auth: Value, action: string): string | null {
  if (auth === null || auth === '') return null;
  let user: string;
  let password: string;
  if (typeof auth === 'string') {
    const colon = auth.indexOf(':');
    if (colon < 0) throw new ActionError(`Invalid value for parameter 'auth' of ${action}: expected "user:password"`);
    user = auth.slice(0, colon);
    password = auth.slice(colon + 1);
  } else if (isList(auth) && auth.length === 2) {
    user = pyStr(auth[0] ?? null);
    password = pyStr(auth[1] ?? null);
  } else {
    throw new ActionError(`Invalid value for parameter 'auth' of ${action}: expected "user:password"`);
  }
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}

/** A number of seconds, or requests' (connect, read) pair, which we add up into one deadline. */
function timeoutMs(timeout: Value, config: HttpActionsConfig): number {
  if (timeout === null) return config.timeoutSeconds * 1000;
  const parts = isList(timeout) ? timeout : [timeout];
  let seconds = 0;
  for (const part of parts) {
    const s = part === null ? config.timeoutSeconds : pythonFloat(part);
    if (s === undefined || !Number.isFinite(s) || s <= 0) {
      throw new ActionError(`Invalid value for parameter 'timeout': expected a positive number of seconds`);
    }
    seconds += s;
  }
  return seconds * 1000;
}

async function tlsOptions(verify: Value, action: string): Promise<HttpRequestSpec['tls']> {
  if (verify === null || verify === true) return { rejectUnauthorized: true };
  if (verify === false) return { rejectUnauthorized: false };
  if (typeof verify === 'string') {
    try {
      return { rejectUnauthorized: true, ca: await readFile(verify, 'utf8') };
    } catch {
      throw new ActionError(`Cannot read the CA bundle '${verify}' given as 'verify'`);
    }
  }
  throw new ActionError(`Invalid value for parameter 'verify' of ${action}: expected a boolean or a CA bundle path`);
}

function proxyFor(url: URL, proxies: ValueMap | null): string | null {
  if (!proxies) return null;
  const scheme = url.protocol.replace(/:$/, '');
  const chosen = proxies.get(`${scheme}://${url.hostname}`) ?? proxies.get(scheme) ?? proxies.get('all') ?? null;
  if (chosen === null) return null;
  if (typeof chosen !== 'string') throw new ActionError(`Proxy for ${scheme} must be a URL string`);
  return chosen;
}
