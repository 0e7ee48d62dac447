import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PyFloat, isMap, type Value, type ValueMap } from '../../language/values/value.js';
import type { ActionOutcome } from '../action.js';
import { resolveActionsConfig, type ActionsConfigInput } from '../config.js';
import { executeAction } from '../execute-action.js';
import { errorOf, inputOf, testContext } from '../test-support.js';
import { createHttpAction } from './http.js';
import { startTestServer, type TestServer } from './http-test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const loopbackAllowed = createHttpAction(resolveActionsConfig({ http: { allowedPrivateTargets: ['127.0.0.1'] } }).http);

function httpAction(config: ActionsConfigInput['http']) {
  return createHttpAction(resolveActionsConfig({ http: { allowedPrivateTargets: ['127.0.0.1'], ...config } }).http);
}

async function call(input: Record<string, unknown>, action = loopbackAllowed) {
  return executeAction(action, inputOf(input), testContext());
}

function resultMap(outcome: ActionOutcome): ValueMap {
  const v = outcome.ok ? outcome.result : outcome.ok === false ? outcome.error : null;
  if (!isMap(v)) throw new Error(`expected a map, got ${String(v)}`);
  return v;
}

describe('std.http against a local server', () => {
  it('returns parsed JSON content and the response metadata', async () => {
    const outcome = await call({ url: `${server.url}/json`, params: { q: 'a b', n: 3, flag: true, skip: null, many: [1, 2] } });
    expect(outcome.ok).toBe(true);
    const res = resultMap(outcome);
    expect(res.get('content')).toEqual(new Map<string, Value>([['a', 1], ['b', [1.5, 'x']], ['c', new PyFloat(2)]]));
    expect(res.get('status')).toBe(200);
    expect(res.get('reason')).toBe('OK');
    expect(res.get('encoding')).toBe('utf-8');
    expect(res.get('url')).toBe(`${server.url}/json?q=a+b&n=3&flag=True&many=1&many=2`);
    expect(res.get('history')).toEqual([]);
    expect((res.get('headers') as ValueMap).get('X-Custom-Header')).toBe('yes');
    expect(res.get('elapsed')).toSatisfy((e: Value) => e instanceof PyFloat || (typeof e === 'number' && e >= 0));
    expect([...res.keys()]).toEqual(['content', 'status', 'headers', 'url', 'history', 'encoding', 'reason', 'cookies', 'elapsed']);
  });

  it('returns text content when the body is not JSON', async () => {
    const res = resultMap(await call({ url: `${server.url}/text` }));
    expect(res.get('content')).toBe('hello, world');
    expect(res.get('encoding')).toBe('utf-8');
  });

  it('sends a map body as JSON text and json with a JSON content type', async () => {
    const viaBody = resultMap(await call({ url: `${server.url}/echo`, method: 'post', body: { k: [1, 2.5] } })).get('content') as ValueMap;
    expect(viaBody.get('method')).toBe('POST');
    expect(viaBody.get('body')).toBe('{"k": [1, 2.5]}');
    expect((viaBody.get('headers') as ValueMap).has('Content-Type')).toBe(false);

    const viaJson = resultMap(await call({ url: `${server.url}/echo`, method: 'PUT', json: { k: 'v' } })).get('content') as ValueMap;
    expect(viaJson.get('body')).toBe('{"k": "v"}');
    expect((viaJson.get('headers') as ValueMap).get('Content-Type')).toBe('application/json');
  });

  it('sends headers (numbers stringified), cookies and basic auth', async () => {
    const content = resultMap(
      await call({
        url: `${server.url}/echo`,
        headers: { 'X-Count': 5, 'X-Ratio': 0.5, 'X-Name': 'n', 'X-Dropped': null },
        cookies: { session: 'abc', n: 1 },
        auth: 'alice:s3cr:et',
      }),
    ).get('content') as ValueMap;
    const headers = content.get('headers') as ValueMap;
    expect(headers.get('X-Count')).toBe('5');
    expect(headers.get('X-Ratio')).toBe('0.5');
    expect(headers.get('X-Name')).toBe('n');
    expect(headers.has('X-Dropped')).toBe(false);
    expect(headers.get('Cookie')).toBe('session=abc; n=1');
    expect(headers.get('Authorization')).toBe(`Basic ${Buffer.from('alice:s3cr:et').toString('base64')}`);
  });

  it('fails with the result map as error data for a status outside 200-306', async () => {
    for (const code of [404, 500, 307]) {
      const outcome = await call({ url: `${server.url}/status?code=${code}` });
      expect(outcome.ok).toBe(false);
      expect(resultMap(outcome).get('status')).toBe(code);
      expect(resultMap(outcome).get('content')).toBe(`status ${code}`);
    }
    const created = await call({ url: `${server.url}/status?code=201` });
    expect(created.ok).toBe(true);
  });

  it('refuses body and json together', async () => {
    expect(await call({ url: `${server.url}/echo`, body: 'a', json: { b: 1 } })).toEqual({
      ok: false,
      error: "Only one of the parameters 'json' and 'body' can be passed",
    });
  });

  it('gives up after the timeout', async () => {
    const started = performance.now();
    const outcome = await call({ url: `${server.url}/slow`, timeout: 0.2 });
    expect(outcome).toEqual({ ok: false, error: 'Failed to send HTTP request: no complete response within 0.2 s (timeout)' });
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it('uses the configured default timeout', async () => {
    const outcome = await call({ url: `${server.url}/slow` }, httpAction({ timeoutSeconds: 0.2 }));
    expect(outcome.ok).toBe(false);
    expect(errorOf(outcome)).toContain('within 0.2 s');
  });

  it('refuses responses larger than the configured maximum', async () => {
    const small = httpAction({ maxResponseBytes: 1024 });
    const message = 'HTTP response body exceeds the limit of 1024 bytes (http.maxResponseBytes in the actions configuration)';
    expect(await call({ url: `${server.url}/big` }, small)).toEqual({ ok: false, error: message });
    expect(await call({ url: `${server.url}/big-chunked` }, small)).toEqual({ ok: false, error: message });
    expect((await call({ url: `${server.url}/big` })).ok).toBe(true);
  });

  it('decompresses gzip bodies', async () => {
    expect(resultMap(await call({ url: `${server.url}/gzip` })).get('content')).toEqual(new Map([['zipped', true]]));
  });

  it('returns redirects as they are unless allow_redirects is true', async () => {
    const plain = await call({ url: `${server.url}/redirect` });
    expect(plain.ok).toBe(true);
    expect(resultMap(plain).get('status')).toBe(302);

    const followed = resultMap(await call({ url: `${server.url}/redirect`, allow_redirects: true }));
    expect(followed.get('status')).toBe(200);
    expect(followed.get('url')).toBe(`${server.url}/json`);
    const history = followed.get('history') as ValueMap[];
    expect(history.map((h) => [h.get('status'), h.get('url')])).toEqual([[302, `${server.url}/redirect`]]);
  });

  it('checks every redirect target against the private-target guard', async () => {
    const outcome = await call({ url: `${server.url}/redirect-v6`, allow_redirects: true });
    expect(outcome.ok).toBe(false);
    expect(errorOf(outcome)).toContain('Refusing to send an HTTP request to ::1');
  });

  it('reports the cookies the response sets', async () => {
    const res = resultMap(await call({ url: `${server.url}/cookies` }));
    expect(res.get('cookies')).toEqual(new Map([['session', 'abc'], ['theme', 'dark']]));
    expect((res.get('headers') as ValueMap).get('Set-Cookie')).toBe('session=abc; Path=/; HttpOnly, theme=dark');
  });

  it('rejects bad URLs and schemes with a clear message', async () => {
    expect(await call({ url: 'not a url' })).toEqual({ ok: false, error: "Failed to send HTTP request: invalid URL 'not a url'" });
    expect(await call({ url: 'file:///etc/passwd' })).toEqual({
      ok: false,
      error: "Failed to send HTTP request: unsupported URL scheme 'file' (http or https only)",
    });
  });

  it('reports a refused connection', async () => {
    const outcome = await call({ url: 'http://127.0.0.1:1/' });
    expect(outcome.ok).toBe(false);
    expect(errorOf(outcome)).toMatch(/^Failed to send HTTP request: .*ECONNREFUSED/);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const pending = executeAction(loopbackAllowed, inputOf({ url: `${server.url}/slow` }), testContext({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    expect(await pending).toEqual({ ok: false, error: 'HTTP request cancelled' });
  });
});

describe('std.http private-target guard (default configuration)', () => {
  const guarded = createHttpAction(resolveActionsConfig().http);

  it.each([
    ['127.0.0.1', (port: number) => `http://127.0.0.1:${port}/json`],
    ['localhost', (port: number) => `http://localhost:${port}/json`],
    ['169.254.169.254', () => 'http://169.254.169.254/latest/meta-data/'],
  ])('refuses %s without sending anything', async (host, url) => {
    const before = server.requests.length;
    const started = performance.now();
    const outcome = await executeAction(guarded, inputOf({ url: url(server.port) }), testContext());
    expect(outcome.ok).toBe(false);
    expect(errorOf(outcome)).toMatch(new RegExp(`^Refusing to send an HTTP request to ${host.replace(/\./g, '\\.')}`));
    expect(errorOf(outcome)).toContain('http.allowPrivateTargets');
    expect(server.requests.length).toBe(before);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
