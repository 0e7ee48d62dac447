/**
 * The twelve example workflows of the language digest §15 (verified on Mistral 15), run through
 * `convection run --json`: same state and output as Mistral.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { parseJson } from '../language/values/json.js';
import { toJs } from '../language/values/value.js';

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), 'testing', 'examples');

interface RunReport {
  id: string;
  workflow: string;
  state: string;
  state_info: string | null;
  output: unknown;
  tasks: Array<{ name: string; state: string; state_info: string | null; published: unknown; result: unknown }>;
}

async function run(example: string, ...args: string[]): Promise<{ code: number; report: RunReport | null; stderr: string }> {
  let out = '';
  let err = '';
  const code = await main(['node', 'convection', 'run', join(EXAMPLES, `${example}.yaml`), '--json', ...args], {
    out: (t) => (out += t),
    err: (t) => (err += t),
  });
  return { code, report: out ? (toJs(parseJson(out)) as RunReport) : null, stderr: err };
}

function task(r: RunReport, name: string): RunReport['tasks'][number] {
  const t = r.tasks.find((x) => x.name === name);
  if (!t) throw new Error(`no task ${name} in ${r.tasks.map((x) => x.name).join(', ')}`);
  return t;
}

describe('language digest §15 examples', () => {
  it('E1: input default, action, publish, output', async () => {
    expect((await run('e1', '--input', '{"name": "Ada"}')).report?.output).toEqual({ message: 'Hello, Ada!' });
    const hi = await run('e1', '--input', '{"name": "Ada", "greeting": "Hi"}');
    expect(hi.code).toBe(0);
    expect(hi.report?.output).toEqual({ message: 'Hi, Ada!' });
    const bad = await run('e1', '--input', '{"nam": "x"}');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("Invalid input [name=greet, class=DirectWorkflowSpec, missing=['name'], unexpected=['nam']]");
  });

  it('E2: guarded transitions and the fail command', async () => {
    expect((await run('e2', '--input', '{"used": 50, "limit": 100}')).report?.output).toEqual({ verdict: 'ok' });
    expect((await run('e2', '--input', '{"used": 90, "limit": 100}')).report?.output).toEqual({ verdict: 'warn' });
    const over = await run('e2', '--input', '{"used": 130, "limit": 100}');
    expect(over.code).toBe(1);
    expect(over.report?.state).toBe('ERROR');
    expect(over.report?.state_info).toBe('quota exceeded');
    expect(over.report?.output).toEqual({ result: 'quota exceeded', pct: 130 });
  });

  it('E3: catch with publish-on-error and a guarded on-error', async () => {
    const handled = await run('e3', '--input', '{}');
    expect(handled.report?.state).toBe('SUCCESS');
    expect(handled.report?.output).toEqual({ err: 'disk full', cleaned: 'cleaned' });
    expect(task(handled.report as RunReport, 'call')).toMatchObject({ state: 'ERROR', state_info: 'disk full' });
    expect(task(handled.report as RunReport, 'cleanup').state).toBe('SUCCESS');
    const unhandled = await run('e3', '--input', '{"handle": false}');
    expect(unhandled.report?.state).toBe('ERROR');
    const out = unhandled.report?.output as { result: string; reason: string };
    expect(out.reason).toBe('disk full');
    expect(out.result).toBe(unhandled.report?.state_info);
  });

  it('E4: with-items over two arrays with concurrency', async () => {
    const r = await run('e4');
    expect(r.report?.state).toBe('SUCCESS');
    expect(r.report?.output).toEqual({ created: ['web:1', 'db:2', 'cache:4'], count: 3 });
  });

  it('E5: retry then catch', async () => {
    const r = await run('e5');
    expect(r.report?.state).toBe('SUCCESS');
    expect(r.report?.output).toEqual({ attempt_state: 'ERROR' });
    expect(task(r.report as RunReport, 'attempt').state).toBe('ERROR');
  });

  it('E6: fork and join all', async () => {
    const r = await run('e6');
    expect(r.report?.state).toBe('SUCCESS');
    expect(r.report?.output).toEqual({ l: 1, r: 2, total: 3 });
  });

  it('E7: vars, branch vs global publish', async () => {
    const r = await run('e7');
    expect(r.report?.output).toEqual({ branch_v: 11, global_g: 20, seen_by_b: 20 });
  });

  it('E8: Jinja and sub-workflows in with-items', async () => {
    const r = await run('e8', '--workflow', 'parent', '--input', '{"words": ["alpha", "bcd"]}');
    expect(r.report?.state).toBe('SUCCESS');
    expect(r.report?.output).toEqual({ lengths: [5, 3] });
  });

  it('E9: reverse workflow runs only what the target requires', async () => {
    const r = await run('e9', '--params', '{"task_name": "package"}');
    expect(r.report?.output).toEqual({ artifact: 'src.o.tar' });
    expect(r.report?.tasks.map((t) => t.name)).toEqual(['fetch', 'compile', 'package']);
  });

  it('E10: workbook with an ad-hoc action', async () => {
    const r = await run('e10', '--workflow', 'main', '--input', '{"word": "hey"}');
    expect(r.report?.workflow).toBe('ops.main');
    expect(r.report?.output).toEqual({ res: 'HEY!' });
  });

  it('E11: timeout caught by on-error', async () => {
    const r = await run('e11');
    expect(r.report?.state).toBe('SUCCESS');
    expect(r.report?.output).toEqual({ why: 'Task timed out [timeout(s)=1].' });
    expect(task(r.report as RunReport, 'slow').state).toBe('ERROR');
  });

  it('E12: the pause command settles in PAUSED', async () => {
    const r = await run('e12');
    expect(r.code).toBe(1);
    expect(r.report?.state).toBe('PAUSED');
    expect(r.report?.output).toEqual({});
    expect(r.report?.tasks.map((t) => t.name)).toEqual(['prepare']);
  });
});
