/**
 * The local commands: validate, eval and run, in-process through main() and once through the
 * real `convection` executable.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from './main.js';

const BIN = join(dirname(fileURLToPath(import.meta.url)), 'convection.mjs');
const dir = mkdtempSync(join(tmpdir(), 'convection-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['node', 'convection', ...args], { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

const GOOD = `version: '2.0'
hello:
  input: [name]
  tasks:
    greet:
      action: std.echo output="Hello, <% $.name %>"
`;

const BROKEN = `version: '2.0'
deploy:
  tasks:
    boot:
      action: std.noop
      on-success: [attach]
      retries: 3
`;

describe('convection validate', () => {
  it('prints OK for a valid document', async () => {
    expect(await cli('validate', file('good.yaml', GOOD))).toMatchObject({ code: 0, out: 'OK\n' });
  });

  it('prints every problem with its position and exits 2', async () => {
    const path = file('broken.yaml', BROKEN);
    const r = await cli('validate', path);
    expect(r.code).toBe(2);
    expect(r.out).toContain(`${path}:6:20: workflow "deploy", task "boot": on-success refers to unknown task "attach"\n`);
    expect(r.out).toMatch(/retries/);
    expect(r.err).toBe('2 problems found\n');
  });

  it('says when the file cannot be read', async () => {
    const r = await cli('validate', join(dir, 'missing.yaml'));
    expect(r).toMatchObject({ code: 2, err: `cannot read ${join(dir, 'missing.yaml')}: ENOENT\n` });
  });
});

describe('convection eval', () => {
  it('evaluates bare YAQL against a context', async () => {
    const r = await cli('eval', '$.items.where($.size > 2).select($.name)', '--context', '{"items": [{"name": "a", "size": 3}, {"name": "b", "size": 1}]}');
    expect(r).toMatchObject({ code: 0, out: '[\n  "a"\n]\n' });
  });

  it('evaluates Jinja and interpolated strings', async () => {
    expect((await cli('eval', '{{ _.x | length }}', '--context', '{"x": [1, 2, 3]}')).out).toBe('3\n');
    expect((await cli('eval', 'n=<% $.n %>, f=<% 7 / 2 %>', '--context', '{"n": true}')).out).toBe('"n=True, f=3"\n');
    expect((await cli('eval', 'env().region', '--env', '{"region": "RegionOne"}')).out).toBe('"RegionOne"\n');
  });

  it('reports expression errors plainly and exits 2', async () => {
    const r = await cli('eval', '$.missing', '--context', '{}');
    expect(r.code).toBe(2);
    expect(r.err).toContain("Can not evaluate YAQL expression [expression=$.missing, error='missing']");
    expect((await cli('eval', '$.a +', '--context', '{}')).code).toBe(2);
    expect((await cli('eval', '1', '--context', '{oops')).err).toMatch(/--context: invalid JSON/);
  });
});

describe('convection run', () => {
  it('runs through the real executable and exits with the final state', async () => {
    const path = file('hello.yaml', GOOD);
    const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'run', path, '--input', '{"name": "Ada"}', '--json']);
    const report = JSON.parse(stdout) as { state: string; output: unknown; tasks: Array<{ name: string; result: unknown }> };
    expect(report.state).toBe('SUCCESS');
    expect(report.tasks).toEqual([expect.objectContaining({ name: 'greet', result: 'Hello, Ada', state: 'SUCCESS' })]);
  }, 30_000);

  it('rejects an invalid definition with exit 2 and the problems on stderr', async () => {
    const r = await cli('run', file('bad.yaml', BROKEN));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Invalid document \(2 problems\):\n- workflow "deploy", task "boot": on-success refers to unknown task "attach" \(line 6, column 20\)/);
  });

  it('asks for --workflow when a document has several', async () => {
    const two = `${GOOD}other:\n  tasks:\n    t:\n      action: std.noop\n`;
    const r = await cli('run', file('two.yaml', two));
    expect(r.code).toBe(2);
    expect(r.err).toContain('choose one with --workflow');
    expect((await cli('run', file('two2.yaml', two), '--workflow', 'other', '--json')).code).toBe(0);
  });
});
