import { describe, expect, it } from 'vitest';
import { ActionRegistry, createStandardRegistry } from './registry.js';
import { noopAction } from './std/noop.js';

describe('createStandardRegistry', () => {
  const registry = createStandardRegistry();

  it('holds every Mistral standard action, sorted by name', () => {
    expect(registry.list().map((a) => a.name)).toEqual([
      'std.async_noop',
      'std.echo',
      'std.email',
      'std.fail',
      'std.http',
      'std.javascript',
      'std.js',
      'std.mistral_http',
      'std.noop',
      'std.sleep',
      'std.ssh',
      'std.ssh_proxied',
      'std.test_dict',
    ]);
  });

  it('describes inputs the way the REST API lists them', () => {
    const byName = new Map(registry.describe().map((s) => [s.name, s]));
    expect(byName.get('std.echo')?.input).toBe('output, delay=0');
    expect(byName.get('std.noop')?.input).toBe('');
    expect(byName.get('std.fail')?.input).toBe('error_data=null');
    expect(byName.get('std.sleep')?.input).toBe('seconds=1');
    expect(byName.get('std.test_dict')?.input).toBe('size=0, key_prefix="", val=""');
    expect(byName.get('std.javascript')?.input).toBe('script, context=null');
    expect(byName.get('std.ssh')?.input).toBe(
      'cmd, host, username, password="", private_key_filename=null, private_key=null, return_result_on_error=false',
    );
    expect(byName.get('std.email')?.input).toBe(
      'from_addr, to_addrs, smtp_server, reply_to=null, cc_addrs=null, bcc_addrs=null, smtp_password=null, ' +
        'subject=null, body=null, html_body=null',
    );
  });

  it('marks which actions are safe to re-run and which are asynchronous', () => {
    const idempotent = registry.list().filter((a) => a.idempotent).map((a) => a.name);
    expect(idempotent).toEqual(['std.echo', 'std.fail', 'std.javascript', 'std.js', 'std.noop', 'std.sleep', 'std.test_dict']);
    expect(registry.list().filter((a) => a.isAsync).map((a) => a.name)).toEqual(['std.async_noop', 'std.mistral_http']);
    expect(registry.get('std.sleep')?.durationHint).toBe('timer');
  });

  it('returns undefined for unknown names', () => {
    expect(registry.get('std.nope')).toBeUndefined();
    expect(registry.has('std.echo')).toBe(true);
  });

  it('rejects invalid configuration with the setting name', () => {
    expect(() => createStandardRegistry({ http: { timeoutSeconds: 0 } })).toThrow('http.timeoutSeconds');
  });
});

describe('ActionRegistry', () => {
  it('refuses two actions with the same name', () => {
    const registry = new ActionRegistry().register(noopAction);
    expect(() => registry.register(noopAction)).toThrow('already registered');
  });
});

describe('resolveActionsConfig through createStandardRegistry', () => {
  it('refuses a JavaScript stack limit beyond what the interpreter has', () => {
    expect(() => createStandardRegistry({ javascript: { maxStackBytes: 8 * 1024 * 1024 } })).toThrow('javascript.maxStackBytes must be at most 4 MiB');
  });
});
