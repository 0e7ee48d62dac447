import { describe, expect, it } from 'vitest';
import { freePort } from '../../engine/testing/free-port';
import { engineErrorToProxy, notLoggedInToProxy, unreachableToProxy } from './proxy-errors';

describe('engine errors in plain words', () => {
  it("passes Mistral's faultstring through with the engine's status", () => {
    const wsme = JSON.stringify({ faultcode: 'Client', faultstring: 'Workflow not found [name=nope]', debuginfo: null });
    expect(engineErrorToProxy(404, wsme)).toEqual({ status: 404, body: { error: 'Workflow not found [name=nope]' } });
    expect(engineErrorToProxy(400, JSON.stringify({ faultstring: 'Invalid DSL: line 3' }))).toEqual({ status: 400, body: { error: 'Invalid DSL: line 3' } });
  });

  it('falls back to the Server-Error-Message header, then to a sentence per status', () => {
    expect(engineErrorToProxy(409, 'not json', 'Duplicate entry for Workflow')).toEqual({ status: 409, body: { error: 'Duplicate entry for Workflow' } });
    expect(engineErrorToProxy(403, '')).toEqual({ status: 403, body: { error: 'You are not allowed to do this.' } });
    expect(engineErrorToProxy(418, '').body.error).toBe('The engine answered HTTP 418.');
  });

  it('asks for a new login on 401 without echoing the engine', () => {
    expect(engineErrorToProxy(401, JSON.stringify({ faultstring: 'token abc is invalid' }))).toEqual({
      status: 401,
      body: { error: 'Your session has expired or was revoked. Please log in again.', reauth: true },
    });
    expect(notLoggedInToProxy(true).body).toEqual({ error: 'Your session has expired. Please log in again.', reauth: true });
  });

  it('says the engine failed on 5xx, with its message (a request id to quote)', () => {
    expect(engineErrorToProxy(500, JSON.stringify({ faultstring: 'Internal error, request id req-7' })).body.error).toBe(
      'The engine failed to handle the request (HTTP 500). Internal error, request id req-7',
    );
  });

  it('tells an unreachable engine from a slow one', async () => {
    const port = await freePort(); // and nothing listens there
    const refused = await fetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
    expect(unreachableToProxy(`http://127.0.0.1:${port}`, refused)).toEqual({
      status: 502,
      body: { error: `The Convection engine at http://127.0.0.1:${port} cannot be reached (connection refused: is it running?).` },
    });
    const timeout = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(unreachableToProxy('http://e', timeout)).toEqual({
      status: 504,
      body: { error: 'The Convection engine at http://e did not answer in time. Try again in a moment.' },
    });
  });
});
