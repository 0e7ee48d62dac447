import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import { parseActions, parseAnyDocument, parseWorkbook, parseWorkflows } from '../parse-document.js';
import type { TaskSpec, TransitionClause, WorkflowSpec } from '../spec/types.js';
import { PyFloat, toJs } from '../values/value.js';
import { EXAMPLES } from './testing/examples.js';
import { TEMPEST_DIR, TEMPEST_KINDS } from './testing/tempest.js';

vi.mock('../expressions/index.js', async () => await import('./testing/expression-stub.js'));

function workflows(text: string): WorkflowSpec[] {
  const r = parseWorkflows(text);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  return r.value;
}

function only(text: string): WorkflowSpec {
  const [wf] = workflows(text);
  if (!wf) throw new Error('no workflow');
  return wf;
}

function task(wf: WorkflowSpec, name: string): TaskSpec {
  const t = wf.tasks.get(name);
  if (!t) throw new Error(`no task ${name}`);
  return t;
}

/** A clause as plain data: `name`, `name if guard`, `fail(msg)`. */
function targets(c: TransitionClause | null): string[] {
  return (c?.targets ?? []).map((t) => {
    const head = t.kind === 'task' ? t.name : `${t.command}(${t.msg === null ? '' : String(t.msg)})`;
    return t.guard === null ? head : `${head} if ${String(t.guard)}`;
  });
}

describe('language digest §15 examples', () => {
  it('E1: input default, inline action params, publish, output', () => {
    const wf = only(EXAMPLES.E1 ?? '');
    expect(wf).toMatchObject({ name: 'greet', shortName: 'greet', workbook: null, type: 'direct', startTasks: ['build'], definition: EXAMPLES.E1 });
    expect(wf.input).toEqual([
      { name: 'name', hasDefault: false, default: null },
      { name: 'greeting', hasDefault: true, default: 'Hello' },
    ]);
    expect(toJs(wf.output)).toEqual({ message: '<% $.msg %>' });
    const build = task(wf, 'build');
    expect(build).toMatchObject({ type: 'action', target: 'std.echo', targetIsExpression: false, keepResult: true, safeRerun: false, join: null, onSuccess: null });
    expect(toJs(build.inlineInput)).toEqual({ output: '<% $.greeting %>, <% $.name %>!' });
    expect(toJs(build.publish)).toEqual({ msg: '<% task().result %>' });
    expect(build.position).toEqual({ line: 9, column: 5 });
    expect([...wf.inbound]).toEqual([['build', []]]);
  });

  it('E2: guarded transitions and the fail command with a message', () => {
    const wf = only(EXAMPLES.E2 ?? '');
    expect(wf.input.map((i) => i.name)).toEqual(['used', 'limit']);
    const compute = task(wf, 'compute');
    expect(compute.target).toBe('std.noop');
    expect(targets(compute.onSuccess)).toEqual([
      'healthy if <% $.pct < 80 %>',
      'nearly_full if <% $.pct >= 80 and $.pct < 100 %>',
      'fail(quota exceeded) if <% $.pct >= 100 %>',
    ]);
    expect(compute.onSuccess?.targets[2]?.position).toEqual({ line: 14, column: 11 });
    expect(toJs(task(wf, 'healthy').publish)).toEqual({ verdict: 'ok' });
    expect(wf.startTasks).toEqual(['compute']);
    expect(wf.inbound.get('nearly_full')).toEqual(['compute']);
  });

  it('E3: publish-on-error, guarded on-error, output-on-error, boolean input default', () => {
    const wf = only(EXAMPLES.E3 ?? '');
    expect(wf.input).toEqual([{ name: 'handle', hasDefault: true, default: true }]);
    expect(toJs(wf.outputOnError)).toEqual({ reason: '<% $.err %>' });
    const call = task(wf, 'call');
    expect(call.target).toBe('std.fail');
    expect(toJs(call.inlineInput)).toEqual({ error_data: 'disk full' });
    expect(toJs(call.publishOnError)).toEqual({ err: '<% task().result %>' });
    expect(targets(call.onError)).toEqual(['cleanup if <% $.handle %>']);
  });

  it('E4: with-items over two arrays, concurrency, list defaults', () => {
    const wf = only(EXAMPLES.E4 ?? '');
    expect(wf.input.map((i) => toJs(i.default))).toEqual([['web', 'db', 'cache'], [1, 2, 4]]);
    const create = task(wf, 'create');
    expect(create.withItems).toEqual([
      { variable: 'n', collection: '<% $.names %>' },
      { variable: 's', collection: '<% $.sizes %>' },
    ]);
    expect(create.policies.concurrency).toBe(2);
    expect(toJs(create.inlineInput)).toEqual({ output: '<% $.n %>:<% $.s %>' });
  });

  it('E5: retry map and on-error list', () => {
    const wf = only(EXAMPLES.E5 ?? '');
    const attempt = task(wf, 'attempt');
    expect(attempt.policies.retry).toEqual({ count: 2, delay: 1, breakOn: null, continueOn: null, backoff: 'fixed', maxDelay: null, jitter: null });
    expect(targets(attempt.onError)).toEqual(['report']);
    expect(wf.startTasks).toEqual(['attempt']);
  });

  it('E6: fork and join all, inbound tasks of the join', () => {
    const wf = only(EXAMPLES.E6 ?? '');
    expect(targets(task(wf, 'start').onSuccess)).toEqual(['left', 'right']);
    expect(task(wf, 'merge').join).toBe('all');
    expect(wf.inbound.get('merge')).toEqual(['left', 'right']);
    expect(wf.startTasks).toEqual(['start']);
    expect(toJs(task(wf, 'left').inlineInput)).toEqual({ output: 1 });
  });

  it('E7: vars and the advanced publish clause', () => {
    const wf = only(EXAMPLES.E7 ?? '');
    expect(toJs(wf.vars)).toEqual({ base: 10 });
    const a = task(wf, 'a');
    expect(targets(a.onSuccess)).toEqual(['b']);
    expect(toJs(a.onSuccess?.publishBranch ?? null)).toEqual({ v: '<% $.base + 1 %>' });
    expect(toJs(a.onSuccess?.publishGlobal ?? null)).toEqual({ g: '<% $.base * 2 %>' });
    expect(toJs(task(wf, 'b').inlineInput)).toEqual({ output: '<% global(g) %>' });
  });

  it('E8: Jinja, a sub-workflow task with with-items, one definition per workflow', () => {
    const [parent, child] = workflows(EXAMPLES.E8 ?? '');
    expect(parent?.name).toBe('parent');
    expect(child?.name).toBe('child');
    const each = task(parent as WorkflowSpec, 'each');
    expect(each).toMatchObject({ type: 'workflow', target: 'child', targetIsExpression: false });
    expect(each.withItems).toEqual([{ variable: 'w', collection: '{{ _.words }}' }]);
    expect(toJs(each.input)).toEqual({ s: '{{ _.w }}' });
    expect(toJs(parent?.output ?? null)).toEqual({ lengths: '{{ _.lens }}' });
    expect(child?.definition.startsWith("version: '2.0'\nchild:\n")).toBe(true);
    expect(child?.definition).not.toContain('parent');
    expect(parent?.definition).not.toContain('child:');
    const again = workflows(child?.definition ?? '');
    expect(again.map((w) => w.name)).toEqual(['child']);
  });

  it('E9: reverse workflow requires, no start tasks', () => {
    const wf = only(EXAMPLES.E9 ?? '');
    expect(wf.type).toBe('reverse');
    expect(task(wf, 'compile').requires).toEqual(['fetch']);
    expect(task(wf, 'package').requires).toEqual(['compile']);
    expect(task(wf, 'docs').requires).toEqual([]);
    expect(task(wf, 'package').onSuccess).toBeNull();
    expect(wf.startTasks).toEqual([]);
  });

  it('E10: workbook with an ad-hoc action and short references', () => {
    const r = parseWorkbook(EXAMPLES.E10 ?? '');
    if (!r.ok) throw new Error(r.problems[0]?.message);
    const wb = r.value;
    expect(wb.name).toBe('ops');
    expect(wb.definition).toBe(EXAMPLES.E10);
    const [shout] = wb.actions;
    expect(shout).toMatchObject({ name: 'ops.shout', shortName: 'shout', workbook: 'ops', base: 'std.echo' });
    expect(shout?.input).toEqual([
      { name: 'text', hasDefault: false, default: null },
      { name: 'suffix', hasDefault: true, default: '!' },
    ]);
    expect(toJs(shout?.baseInput ?? null)).toEqual({ output: '<% $.text.toUpper() + $.suffix %>' });
    expect(toJs(shout?.output ?? null)).toEqual({ loud: '<% $ %>' });
    const [main] = wb.workflows;
    expect(main).toMatchObject({ name: 'ops.main', shortName: 'main', workbook: 'ops' });
    const t = task(main as WorkflowSpec, 't');
    expect(t.target).toBe('shout');
    expect(toJs(t.inlineInput)).toEqual({ text: '<% $.word %>' });
    expect(workflows(main?.definition ?? '').map((w) => w.name)).toEqual(['main']);
  });

  it('E11: timeout policy and on-error', () => {
    const wf = only(EXAMPLES.E11 ?? '');
    const slow = task(wf, 'slow');
    expect(slow.policies.timeout).toBe(1);
    expect(toJs(slow.inlineInput)).toEqual({ seconds: 5 });
    expect(targets(slow.onError)).toEqual(['note']);
  });

  it('E12: the pause command before a task', () => {
    const wf = only(EXAMPLES.E12 ?? '');
    expect(targets(task(wf, 'prepare').onSuccess)).toEqual(['pause()', 'apply']);
    expect(wf.inbound.get('apply')).toEqual(['prepare']);
  });

  it('parseAnyDocument tells the kinds apart', () => {
    for (const [name, text] of Object.entries(EXAMPLES)) {
      const r = parseAnyDocument(text);
      expect(r.ok, name).toBe(true);
      expect(r.ok && r.value.kind).toBe(name === 'E10' ? 'workbook' : 'workflows');
    }
  });
});

describe('Mistral tempest resources', () => {
  it.each(Object.entries(TEMPEST_KINDS))('%s is read as %s', (file, kind) => {
    const text = readFileSync(TEMPEST_DIR + file, 'utf8');
    const r = parseAnyDocument(text);
    if (kind === 'invalid') {
      expect(r.ok).toBe(false);
      return;
    }
    if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
    expect(r.value.kind).toBe(kind);
  });

  it('reads the details of wf_v2.yaml, action_v2.yaml and the nested workbook', () => {
    const wfs = workflows(readFileSync(`${TEMPEST_DIR}wf_v2.yaml`, 'utf8'));
    expect(wfs.map((w) => `${w.name}:${w.type}`)).toEqual(['wf:direct', 'wf1:reverse', 'wf2:direct', 'subwf1:direct', 'subwf2:direct', 'subwf3:direct']);
    expect(task(wfs[0] as WorkflowSpec, 'hello').policies.waitBefore).toBe(1);
    expect(task(wfs[1] as WorkflowSpec, 'goodbye').requires).toEqual(['addressee']);
    const actions = parseActions(readFileSync(`${TEMPEST_DIR}action_v2.yaml`, 'utf8'));
    if (!actions.ok) throw new Error(actions.problems[0]?.message);
    expect(actions.value.map((a) => [a.name, a.base, a.tags, a.description])).toEqual([
      ['greeting', 'std.echo', ['hello'], "This action says 'Hello'"],
      ['farewell', 'std.echo', [], null],
    ]);
    const wb = parseWorkbook(readFileSync(`${TEMPEST_DIR}wb_with_nested_wf.yaml`, 'utf8'));
    if (!wb.ok) throw new Error(wb.problems[0]?.message);
    expect(wb.value.workflows.map((w) => [w.name, task(w, [...w.tasks.keys()][0] ?? '').target])).toEqual([
      ['wb_with_nested_wf.wrapping_wf', 'inner_wf'],
      ['wb_with_nested_wf.inner_wf', 'std.echo'],
    ]);
  });
});

describe('values keep Python distinctions', () => {
  it('keeps integral floats as floats and map key order', () => {
    const wf = only("version: '2.0'\nw:\n  vars:\n    z: 1\n    '10': 2.0\n    a: 1.5\n  tasks:\n    t: {}\n");
    expect([...(wf.vars?.keys() ?? [])]).toEqual(['z', '10', 'a']);
    expect(wf.vars?.get('10')).toBeInstanceOf(PyFloat);
  });
});
