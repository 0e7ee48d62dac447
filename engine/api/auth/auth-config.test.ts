import { describe, expect, it } from 'vitest';
import { AuthConfigError, authConfigFromEnv } from './auth-config.js';
import { normalizeAuthUrl, parseKeystoneTime } from './keystone-client.js';

const KEYSTONE_ENV = {
  CONVECTION_AUTH: 'keystone',
  OS_AUTH_URL: 'http://127.0.0.1:5000/v3',
  CONVECTION_SERVICE_USERNAME: 'convection',
  CONVECTION_SERVICE_PASSWORD: 's3cret pw',
};

describe('authConfigFromEnv', () => {
  it('defaults to noauth', () => {
    expect(authConfigFromEnv({})).toEqual({ mode: 'noauth' });
    expect(authConfigFromEnv({ CONVECTION_AUTH: ' NoAuth ' })).toEqual({ mode: 'noauth' });
  });

  it('reads the Keystone settings with their defaults', () => {
    expect(authConfigFromEnv(KEYSTONE_ENV)).toEqual({
      mode: 'keystone',
      authUrl: 'http://127.0.0.1:5000/v3',
      service: {
        username: 'convection',
        password: 's3cret pw',
        projectName: 'service',
        userDomainName: 'Default',
        projectDomainName: 'Default',
      },
      cache: { maxTtlMs: 300_000 },
      timeoutMs: 5000,
    });
  });

  it('honours the optional settings', () => {
    const config = authConfigFromEnv({
      ...KEYSTONE_ENV,
      OS_AUTH_URL: 'https://keystone.example:5000/',
      CONVECTION_SERVICE_PROJECT_NAME: 'services',
      CONVECTION_SERVICE_DOMAIN_NAME: 'ops',
      CONVECTION_AUTH_CACHE_TTL: '30',
      CONVECTION_KEYSTONE_TIMEOUT: '2.5',
    });
    expect(config).toMatchObject({
      authUrl: 'https://keystone.example:5000/v3',
      service: { projectName: 'services', userDomainName: 'ops', projectDomainName: 'ops' },
      cache: { maxTtlMs: 30_000 },
      timeoutMs: 2500,
    });
  });

  it('lists every missing setting at once and never shows the password', () => {
    let caught: unknown;
    try {
      authConfigFromEnv({ CONVECTION_AUTH: 'keystone', CONVECTION_SERVICE_PASSWORD: 'hunter2' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(AuthConfigError);
    const error = caught as AuthConfigError;
    expect(error.problems).toEqual([
      'OS_AUTH_URL is required when CONVECTION_AUTH=keystone',
      'CONVECTION_SERVICE_USERNAME is required when CONVECTION_AUTH=keystone',
    ]);
    expect(error.message).not.toContain('hunter2');
  });

  it('rejects an unknown mode, a v2 URL and bad numbers', () => {
    expect(() => authConfigFromEnv({ CONVECTION_AUTH: 'basic' })).toThrow(/'noauth' or 'keystone'/);
    expect(() => authConfigFromEnv({ ...KEYSTONE_ENV, OS_AUTH_URL: 'http://k:5000/v2.0' })).toThrow(/v2/);
    expect(() => authConfigFromEnv({ ...KEYSTONE_ENV, OS_AUTH_URL: 'keystone' })).toThrow(/not a URL/);
    expect(() => authConfigFromEnv({ ...KEYSTONE_ENV, CONVECTION_AUTH_CACHE_TTL: '-1' })).toThrow(
      /CONVECTION_AUTH_CACHE_TTL/,
    );
    expect(() => authConfigFromEnv({ ...KEYSTONE_ENV, CONVECTION_KEYSTONE_TIMEOUT: '0' })).toThrow(
      /CONVECTION_KEYSTONE_TIMEOUT/,
    );
  });
});

describe('Keystone URL and time parsing', () => {
  it('normalizes the forms of OS_AUTH_URL to the v3 base', () => {
    expect(normalizeAuthUrl('http://127.0.0.1:5000')).toBe('http://127.0.0.1:5000/v3');
    expect(normalizeAuthUrl('http://127.0.0.1:5000/v3/')).toBe('http://127.0.0.1:5000/v3');
    expect(normalizeAuthUrl('https://cloud.example/identity')).toBe('https://cloud.example/identity/v3');
  });

  it('reads Keystone timestamps with microseconds', () => {
    expect(parseKeystoneTime('2026-11-27T14:39:39.123456Z')).toBe(Date.UTC(2026, 10, 27, 14, 39, 39, 123));
    expect(parseKeystoneTime('2026-11-27T14:39:39Z')).toBe(Date.UTC(2026, 10, 27, 14, 39, 39));
    expect(parseKeystoneTime('yesterday')).toBeNull();
  });
});
