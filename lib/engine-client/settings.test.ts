import { describe, expect, it } from 'vitest';
import { ClientError } from './errors.js';
import { normalizeEndpoint, resolveSettings } from './settings.js';

describe('resolveSettings', () => {
  it('reads password credentials like the OpenStack CLI, defaulting the domains to Default', () => {
    const s = resolveSettings({ OS_AUTH_URL: 'http://ks:5000', OS_USERNAME: 'ada', OS_PASSWORD: 'pw', OS_PROJECT_NAME: 'demo' });
    expect(s).toEqual({
      authUrl: 'http://ks:5000/v3',
      interface: 'public',
      credentials: { kind: 'password', username: 'ada', password: 'pw', projectName: 'demo', userDomainName: 'Default', projectDomainName: 'Default' },
    });
  });

  it('lets --os-* flags and --url override the environment', () => {
    const s = resolveSettings(
      { OS_AUTH_URL: 'http://ks:5000/v3', OS_USERNAME: 'ada', OS_PASSWORD: 'pw', OS_PROJECT_NAME: 'demo', CONVECTION_URL: 'http://a:1' },
      { osProjectName: 'other', url: 'http://b:2/v2/', osRegionName: 'R2' },
    );
    expect(s).toMatchObject({ endpoint: 'http://b:2/v2', region: 'R2', credentials: { projectName: 'other' } });
  });

  it('prefers a token, and needs to know where the API is', () => {
    expect(resolveSettings({ OS_TOKEN: 't', CONVECTION_URL: 'http://a:8989' })).toMatchObject({ endpoint: 'http://a:8989/v2', credentials: { kind: 'token', token: 't' } });
    expect(() => resolveSettings({ OS_TOKEN: 't' })).toThrow('OS_TOKEN is set but neither CONVECTION_URL nor OS_AUTH_URL says where the API is');
  });

  it('goes without credentials when none are set (noauth)', () => {
    expect(resolveSettings({})).toEqual({ interface: 'public', credentials: { kind: 'none' } });
  });

  it('names every missing setting and rejects malformed values', () => {
    const error = (() => {
      try {
        resolveSettings({ OS_PASSWORD: 'pw' });
      } catch (e) {
        return e as ClientError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ClientError);
    expect(error?.code).toBe('config');
    expect(error?.message).toBe('incomplete Keystone credentials: set OS_USERNAME, OS_PROJECT_NAME (or OS_PROJECT_ID), OS_AUTH_URL');
    expect(() => resolveSettings({ CONVECTION_URL: 'localhost:8989' })).toThrow('CONVECTION_URL must be an http(s) URL, got "localhost:8989"');
    expect(() => resolveSettings({ OS_INTERFACE: 'private' })).toThrow('OS_INTERFACE must be public, internal or admin, got "private"');
  });

  it('normalizes API URLs to their /v2 root', () => {
    expect(normalizeEndpoint('http://h:8989')).toBe('http://h:8989/v2');
    expect(normalizeEndpoint('https://h/workflow/v2/?x=1')).toBe('https://h/workflow/v2');
  });
});
