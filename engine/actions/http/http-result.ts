/**
 * The result map of std.http, shaped like Mistral's (built from a python-requests Response):
 * `{content, status, headers, url, history, encoding, reason, cookies, elapsed}`.
 */
import { parseJson } from '../../language/values/json.js';
import { makeFloat, type MapKey, type Value, type ValueMap } from '../../language/values/value.js';
import type { HttpExchange, HttpResponse } from './http-client.js';
import { headerValue } from './http-client.js';

/** Mistral counts every status in [200, 307) as success; anything else is an action error. */
export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 307;
}

export function httpResultValue(res: HttpResponse): ValueMap {
  const encoding = responseEncoding(headerValue(res.headers, 'content-type'));
  return new Map<MapKey, Value>([
    ['content', content(res.body, encoding)],
    ['status', res.status],
    ['headers', headerMap(res.headers)],
    ['url', res.url],
    ['history', res.history.map(historyEntry)],
    ['encoding', encoding],
    ['reason', res.reason],
    ['cookies', cookieMap(res.headers)],
    ['elapsed', makeFloat(Math.round(res.elapsedMs * 1000) / 1e6)],
  ]);
}

/** requests' `Response.encoding`: the charset parameter, else ISO-8859-1 for text/*, utf-8 for JSON. */
function responseEncoding(contentType: string | undefined): string | null {
  if (!contentType) return null;
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType)?.[1];
  if (charset) return charset;
  const mime = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mime.startsWith('text/')) return 'ISO-8859-1';
  if (mime === 'application/json') return 'utf-8';
  return null;
}

/** Like Mistral: the body parsed as JSON when it is JSON (whatever the content type), else text. */
function content(body: Buffer, encoding: string | null): Value {
  const text = decodeText(body, encoding);
  if (text.trim() === '') return text;
  try {
    return parseJson(text);
  } catch {
    return text;
  }
}

function decodeText(body: Buffer, encoding: string | null): string {
  // requests guesses ISO-8859-1 for text/* without a charset; UTF-8 is what servers mean today.
  const label = encoding && encoding !== 'ISO-8859-1' ? encoding : 'utf-8';
  try {
    return new TextDecoder(label).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

/** Repeated headers are joined with ", " as urllib3 does; names keep the server's casing. */
function headerMap(headers: readonly (readonly [string, string])[]): ValueMap {
  const out = new Map<MapKey, Value>();
  const byLower = new Map<string, string>();
  for (const [name, value] of headers) {
    const key = byLower.get(name.toLowerCase());
    if (key === undefined) {
      byLower.set(name.toLowerCase(), name);
      out.set(name, value);
    } else {
      out.set(key, `${String(out.get(key))}, ${value}`);
    }
  }
  return out;
}

function cookieMap(headers: readonly (readonly [string, string])[]): ValueMap {
  const out = new Map<MapKey, Value>();
  for (const [name, value] of headers) {
    if (name.toLowerCase() !== 'set-cookie') continue;
    const pair = value.split(';', 1)[0] ?? '';
    const eq = pair.indexOf('=');
    if (eq > 0) out.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return out;
}

function historyEntry(ex: HttpExchange): ValueMap {
  return new Map<MapKey, Value>([
    ['url', ex.url],
    ['status', ex.status],
    ['reason', ex.reason],
    ['headers', headerMap(ex.headers)],
  ]);
}
