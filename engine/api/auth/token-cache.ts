/**
 * Bounded cache of Keystone's answers about tokens, so that a busy client does not cost one Keystone
 * round trip per request. Keys are SHA-256 digests and cached contexts carry `token: null`: the cache
 * never holds a raw token, so nothing that dumps it (a heap snapshot, a debug log) can leak one.
 */

import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { AuthContext } from './auth-context.js';

export interface TokenCacheOptions {
  /**
   * Most tokens remembered; the least recently used go first.
   * @default 10_000
   */
  readonly maxEntries?: number;
  /**
   * Longest a valid token is trusted without asking Keystone again, so a revocation (logout, user
   * disabled, role removed) takes effect within this delay.
   * @default 300_000 (5 minutes)
   */
  readonly maxTtlMs?: number;
  /**
   * How long a token Keystone refused is refused without asking again; short, because a token is only
   * refused for good once it is really invalid, and a flood of garbage tokens should not reach Keystone.
   * @default 5_000
   */
  readonly negativeTtlMs?: number;
  /** Clock in ms since epoch, for tests. @default Date.now */
  readonly now?: () => number;
}

export type TokenCacheHit =
  | { readonly valid: true; readonly context: AuthContext }
  | { readonly valid: false };

const INVALID: TokenCacheHit = Object.freeze({ valid: false });

interface Entry {
  readonly hit: TokenCacheHit;
  /** ms since epoch from which the entry no longer counts */
  readonly until: number;
}

export const DEFAULT_TOKEN_CACHE_OPTIONS = Object.freeze({
  maxEntries: 10_000,
  maxTtlMs: 300_000,
  negativeTtlMs: 5_000,
});

/** The cache key of a token: hex SHA-256. Safe to log as a correlation id. */
export function tokenKey(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export class TokenCache {
  readonly #lru: LRUCache<string, Entry>;
  readonly #maxTtlMs: number;
  readonly #negativeTtlMs: number;
  readonly #now: () => number;

  constructor(options: TokenCacheOptions = {}) {
    const maxEntries = options.maxEntries ?? DEFAULT_TOKEN_CACHE_OPTIONS.maxEntries;
    this.#maxTtlMs = options.maxTtlMs ?? DEFAULT_TOKEN_CACHE_OPTIONS.maxTtlMs;
    this.#negativeTtlMs = options.negativeTtlMs ?? DEFAULT_TOKEN_CACHE_OPTIONS.negativeTtlMs;
    for (const [name, value] of [
      ['maxEntries', maxEntries],
      ['maxTtlMs', this.#maxTtlMs],
      ['negativeTtlMs', this.#negativeTtlMs],
    ] as const) {
      if (!Number.isInteger(value) || value < 0) {
        throw new RangeError(`token cache ${name} must be a non-negative integer, got ${value}`);
      }
    }
    this.#now = options.now ?? Date.now;
    const now = this.#now;
    this.#lru = new LRUCache<string, Entry>({
      max: Math.max(1, maxEntries),
      // lru-cache measures TTLs with its own clock; give it ours so tests can move time.
      perf: { now },
      // The default (1 ms) memoizes the clock between calls, which would hide a moved test clock.
      ttlResolution: 0,
      allowStale: false,
      updateAgeOnGet: false,
    });
  }

  /** What is known about `token`: valid (with its context, `token` set to null), invalid, or nothing. */
  get(token: string): TokenCacheHit | undefined {
    const key = tokenKey(token);
    const entry = this.#lru.get(key);
    if (!entry) return undefined;
    // lru-cache keeps an entry through the instant its TTL ends; a token is invalid from expires_at on.
    if (this.#now() >= entry.until) {
      this.#lru.delete(key);
      return undefined;
    }
    return entry.hit;
  }

  /**
   * Remembers a validated token until it expires, at most `maxTtlMs`. Tokens already expired by our
   * clock (skew with Keystone) are not remembered.
   */
  rememberValid(token: string, context: AuthContext): void {
    const now = this.#now();
    const until = Math.min(context.expiresAt ?? Number.POSITIVE_INFINITY, now + this.#maxTtlMs);
    const ttl = Math.floor(until - now);
    const key = tokenKey(token);
    if (ttl <= 0) {
      this.#lru.delete(key);
      return;
    }
    const stored: AuthContext = Object.freeze({ ...context, token: null });
    this.#lru.set(key, { hit: Object.freeze({ valid: true, context: stored }), until }, { ttl });
  }

  rememberInvalid(token: string): void {
    if (this.#negativeTtlMs <= 0) return;
    this.#lru.set(
      tokenKey(token),
      { hit: INVALID, until: this.#now() + this.#negativeTtlMs },
      { ttl: this.#negativeTtlMs },
    );
  }

  forget(token: string): void {
    this.#lru.delete(tokenKey(token));
  }

  clear(): void {
    this.#lru.clear();
  }

  get size(): number {
    return this.#lru.size;
  }
}
