import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuthContext } from './auth-context.js';
import { TokenCache, tokenKey } from './token-cache.js';

const T0 = Date.UTC(2026, 0, 1);

function clock(start = T0): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

function context(expiresAt: number | null, token = 'gAAAAAB-secret'): AuthContext {
  return Object.freeze({
    userId: 'u1',
    userName: 'demo-member',
    projectId: 'p1',
    projectName: 'demo',
    domainId: 'default',
    roles: Object.freeze(['member', 'reader']),
    isAdmin: false,
    readOnly: false,
    token,
    expiresAt,
  });
}

describe('TokenCache', () => {
  it('keys entries by the SHA-256 of the token and never stores the raw token', () => {
    const c = clock();
    const cache = new TokenCache({ now: c.now });
    cache.rememberValid('gAAAAAB-secret', context(T0 + 3_600_000));
    expect(tokenKey('gAAAAAB-secret')).toBe(createHash('sha256').update('gAAAAAB-secret').digest('hex'));
    const hit = cache.get('gAAAAAB-secret');
    expect(hit).toMatchObject({ valid: true, context: { projectName: 'demo', token: null } });
    expect(JSON.stringify(hit)).not.toContain('gAAAAAB-secret');
  });

  it('forgets a valid token at its expires_at when that comes before the TTL', () => {
    const c = clock();
    const cache = new TokenCache({ now: c.now, maxTtlMs: 300_000 });
    cache.rememberValid('t', context(T0 + 60_000));
    c.advance(59_999);
    expect(cache.get('t')?.valid).toBe(true);
    c.advance(1);
    expect(cache.get('t')).toBeUndefined();
  });

  it('asks again after the TTL even when the token lives longer, so revocations are noticed', () => {
    const c = clock();
    const cache = new TokenCache({ now: c.now, maxTtlMs: 300_000 });
    cache.rememberValid('t', context(T0 + 3_600_000));
    c.advance(299_999);
    expect(cache.get('t')?.valid).toBe(true);
    c.advance(1);
    expect(cache.get('t')).toBeUndefined();
  });

  it('does not remember a token that is already expired by its clock', () => {
    const c = clock();
    const cache = new TokenCache({ now: c.now });
    cache.rememberValid('t', context(T0 - 1));
    expect(cache.get('t')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('remembers invalid tokens for the negative TTL only', () => {
    const c = clock();
    const cache = new TokenCache({ now: c.now, negativeTtlMs: 5_000 });
    cache.rememberInvalid('bad');
    c.advance(4_999);
    expect(cache.get('bad')).toEqual({ valid: false });
    c.advance(1);
    expect(cache.get('bad')).toBeUndefined();
  });

  it('a later answer replaces an earlier one for the same token', () => {
    const c = clock();
    const cache = new TokenCache({ now: c.now });
    cache.rememberValid('t', context(T0 + 60_000));
    cache.rememberInvalid('t');
    expect(cache.get('t')).toEqual({ valid: false });
    cache.forget('t');
    expect(cache.get('t')).toBeUndefined();
  });

  it('evicts the least recently used token beyond maxEntries', () => {
    const c = clock();
    const cache = new TokenCache({ now: c.now, maxEntries: 2 });
    cache.rememberValid('a', context(T0 + 60_000));
    cache.rememberValid('b', context(T0 + 60_000));
    cache.get('a');
    cache.rememberValid('c', context(T0 + 60_000));
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.valid).toBe(true);
    expect(cache.get('c')?.valid).toBe(true);
  });

  it('caches nothing valid with maxTtlMs 0', () => {
    const cache = new TokenCache({ maxTtlMs: 0 });
    cache.rememberValid('t', context(Date.now() + 60_000));
    expect(cache.get('t')).toBeUndefined();
  });

  it('rejects nonsensical limits', () => {
    expect(() => new TokenCache({ maxTtlMs: -1 })).toThrow(/maxTtlMs/);
    expect(() => new TokenCache({ maxEntries: 1.5 })).toThrow(/maxEntries/);
  });
});
