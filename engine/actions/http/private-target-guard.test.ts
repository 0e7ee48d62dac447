import { describe, expect, it } from 'vitest';
import { createTargetGuard, privateAddressKind } from './private-target-guard.js';

describe('privateAddressKind', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
  ])('classifies %s as %s', (address, kind) => {
    expect(privateAddressKind(address)).toBe(kind);
  });

  it.each(['10.0.0.1', '192.168.1.1', '8.8.8.8', '2001:db8::1', 'fec0::1', 'not-an-ip'])('leaves %s alone', (address) => {
    expect(privateAddressKind(address)).toBeUndefined();
  });
});

describe('createTargetGuard', () => {
  const resolver = (addresses: string[]) => () => Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

  it('refuses a name that resolves to loopback, naming the setting that allows it', async () => {
    const guard = createTargetGuard({ allowPrivateTargets: false, allowedPrivateTargets: [] }, resolver(['93.184.216.34', '127.0.0.1']));
    await expect(guard.check('sneaky.example')).rejects.toThrow(
      "Refusing to send an HTTP request to sneaky.example (127.0.0.1): loopback addresses are blocked. To allow it, set http.allowPrivateTargets: true in the actions configuration or add 'sneaky.example' to http.allowedPrivateTargets.",
    );
  });

  it('allows listed CIDR blocks and host names', async () => {
    const guard = createTargetGuard({ allowPrivateTargets: false, allowedPrivateTargets: ['127.0.0.0/8', 'metadata.local'] }, resolver(['169.254.169.254']));
    await expect(guard.check('127.0.0.5')).resolves.toBeUndefined();
    await expect(guard.check('metadata.local')).resolves.toBeUndefined();
    await expect(guard.check('[::1]')).rejects.toThrow('loopback');
    await expect(guard.check('other.local')).rejects.toThrow('link-local');
  });

  it('checks nothing when private targets are allowed', async () => {
    const guard = createTargetGuard({ allowPrivateTargets: true, allowedPrivateTargets: [] });
    await expect(guard.check('127.0.0.1')).resolves.toBeUndefined();
    expect(guard.lookup).toBeUndefined();
  });

  it('reports names that do not resolve', async () => {
    const guard = createTargetGuard({ allowPrivateTargets: false, allowedPrivateTargets: [] }, () =>
      Promise.reject(Object.assign(new Error('nope'), { code: 'ENOTFOUND' })),
    );
    await expect(guard.check('no.such.host')).rejects.toThrow('cannot resolve host no.such.host (ENOTFOUND)');
  });
});
