import { describe, expect, it, vi } from 'vitest';
import { parseActions, parseAnyDocument, parseWorkbook, parseWorkflows } from '../parse-document.js';
import type { TaskSpec, WorkflowSpec } from '../spec/types.js';
import { toJs } from '../values/value.js';

vi.mock('../expressions/index.js', async () => await import('./testing/expression-stub.js'));

function problems(text: string): string[] {
  const r = parseAnyDocument(text);
  return r.ok ? [] : r.problems.map((p) => p.message);
}

function wf(text: string): WorkflowSpec {
  const r = parseWorkflows(text);
  if (!r.ok) throw new Error(r.problems.map((p) => p.message).join('\n'));
  const [first] = r.value;
  if (!first) throw new Error('no workflow');
  return first;
}

function task(w: WorkflowSpec, name: string): TaskSpec {
  const t = w.tasks.get(name);
  if (!t) throw new Error(`no task ${name}`);
  return t;
}

const names = (w: WorkflowSpec, t: string, clause: 'onSuccess' | 'onError' | 'onComplete' | 'onSkip') =>
  (task(w, t)[clause]?.targets ?? []).map((x) => (x.kind === 'task' ? x.name : x.command));

describe('problem wording and positions', () => {
  it('words an unknown transition target as documented', () => {
    const text = [
      "version: '2.0'",
      'deploy:',
      '  description: boots and attaches',
      '  input:',
      '    - image',
      '  tasks:',
      '    create:',
      '      action: std.noop',
      '      on-success: boot',
      '    boot:',
      '      action: std.noop',
      '      publish: {x: 1}',
      '      on-success:',
      '      - attach',
      '',
    ].join('\n');
    const r = parseWorkflows(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      {
        message: 'workflow "deploy", task "boot": on-success refers to unknown task "attach" (line 14, column 9)',
        code: 'unknown-task',
        workflow: 'deploy',
        task: 'boot',
        attribute: 'on-success',
        line: 14,
        column: 9,
      },
    ]);
  });

  it('reports every problem of a document at once, in document order', () => {
    const text = [
      "version: '2.0'",
      'one:',
      '  type: sideways',
      '  tasks:',
      '    a:',
      '      action: std.noop',
      '      workflow: other',
      '      on-success: [b, c]',
      '      timeout: -1',
      '    b:',
      '      requires: [a]',
      'two:',
      '  tasks:',
      '    x:',
      '      keep-result: maybe',
      '      on-error: [y]',
      '',
    ].join('\n');
    expect(problems(text)).toEqual([
      'workflow "one": type must be "direct" or "reverse", not the text "sideways" (line 3, column 9)',
      'workflow "one", task "a": has both action and workflow; a task runs either an action or a sub-workflow (line 7, column 7)',
      'workflow "one", task "a": on-success refers to unknown task "c" (line 8, column 23)',
      'workflow "one", task "a": timeout must be a non-negative integer or an expression, not -1 (line 9, column 16)',
      'workflow "one", task "b": unknown attribute "requires" (requires is only allowed in reverse workflows (type: reverse); direct workflows use on-success) (line 11, column 7)',
      'workflow "two", task "x": keep-result must be true, false or an expression, not the text "maybe" (line 15, column 20)',
      'workflow "two", task "x": on-error refers to unknown task "y" (line 16, column 18)',
    ]);
  });

  it('turns YAML syntax errors into located problems', () => {
    const r = parseAnyDocument("version: '2.0'\nw:\n  tasks: [a\n");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatchObject({ code: 'yaml-syntax', line: 4, column: 1 });
  });

  it('points at the offending character of an expression inside a plain scalar', () => {
    expect(problems("version: '2.0'\nw:\n  output:\n    r: <% $.a + @@ %>\n  tasks:\n    t: {}\n")).toEqual([
      'workflow "w": output: invalid expression: unexpected "@@" (line 4, column 17)',
    ]);
  });

  it('refuses mixing YAQL and Jinja in one string but allows one per parameter', () => {
    expect(problems("version: '2.0'\nw:\n  tasks:\n    t:\n      action: std.echo output=\"{{ _.a }}\" x=<% $.b %>\n")).toEqual([]);
    expect(problems("version: '2.0'\nw:\n  vars:\n    v: '{{ _.a }} <% $.b %>'\n  tasks:\n    t: {}\n")).toEqual([
      'workflow "w": vars: mixes YAQL (<% %>) and Jinja ({{ }}) expressions in one string; use one language per string (line 4, column 19)',
    ]);
  });
});

describe('structure checks', () => {
  const base = (tasks: string, head = '') => `version: '2.0'\nw:\n${head}  tasks:\n${tasks}`;

  it('requires tasks, and a start task in direct workflows', () => {
    expect(problems("version: '2.0'\nw:\n  description: nothing\n")).toEqual(['workflow "w": has no tasks; a workflow needs a "tasks" map with at least one task (line 2, column 1)']);
    expect(problems(base('    t:\n      on-success: [t]\n'))).toEqual([
      'workflow "w": has no start task: every task is the target of a transition, so none can run first (line 3, column 3)',
    ]);
  });

  it('checks join against the inbound transitions', () => {
    expect(problems(base('    a:\n      join: all\n'))).toEqual(['workflow "w", task "a": join: all, but no task transitions to "a" (line 5, column 13)']);
    expect(problems(base('    a:\n      on-success: [b]\n    b:\n      join: one\n'))).toEqual([]);
    expect(task(wf(base('    a:\n      on-success: [b]\n    b:\n      join: one\n')), 'b').join).toBe(1);
  });

  it('limits task names', () => {
    const long = 'x'.repeat(256);
    expect(problems(base(`    ${long}: {}\n`))).toEqual([`workflow "w": task name "${'x'.repeat(20)}…" is 256 characters long; the limit is 255 (line 4, column 5)`]);
    const joinName = 'j'.repeat(209);
    expect(problems(base(`    a:\n      on-success: [${joinName}]\n    ${joinName}:\n      join: all\n`))).toEqual([
      `workflow "w", task "${joinName}": a task with join must have a name of at most 208 characters (this one has 209) (line 6, column 5)`,
    ]);
    expect(problems(base('    with-dash_1: {}\n'))).toEqual([]);
  });

  it('checks task input forms and refuses a parameter given inline and in input', () => {
    expect(toJs(task(wf(base('    t:\n      action: std.echo\n      input: <% $.params %>\n')), 't').input)).toBe('<% $.params %>');
    expect(problems(base('    t:\n      action: std.echo\n      input: params\n'))).toEqual([
      'workflow "w", task "t": input must be a map of parameters or an expression yielding one, not the text "params" (line 6, column 14)',
    ]);
    expect(problems(base('    t:\n      action: std.echo output=1\n      input:\n        output: 2\n'))).toEqual([
      'workflow "w", task "t": parameter "output" is given both inline in action and in input; keep one (line 7, column 9)',
    ]);
  });

  it('reads with-items JSON lists and refuses duplicate bindings', () => {
    expect(task(wf(base('    t:\n      with-items: x in [1, "a", 2.0]\n')), 't').withItems).toMatchObject([{ variable: 'x' }]);
    expect(toJs(task(wf(base('    t:\n      with-items: x in [1, "a"]\n')), 't').withItems?.[0]?.collection ?? null)).toEqual([1, 'a']);
    expect(problems(base('    t:\n      with-items: [x in <% $.a %>, x in <% $.b %>]\n'))).toEqual([
      'workflow "w", task "t": with-items binds "x" twice (line 5, column 36)',
    ]);
    expect(problems(base('    t:\n      with-items: x in [1, 2\n'))).toEqual([
      'workflow "w", task "t": with-items "x in [1, 2" is not a binding; use "x in <% $.list %>", "x in {{ _.list }}" or "x in [1, 2]" (line 5, column 19)',
    ]);
  });

  it('refuses names that look like UUIDs in any spelling', () => {
    for (const name of ['{0A1B2C3D-1111-2222-3333-444455556666}', '0a1b2c3d111122223333444455556666', 'urn:uuid:0a1b2c3d-1111-2222-3333-444455556666']) {
      expect(problems(`version: '2.0'\n'${name}':\n  tasks:\n    t: {}\n`)[0]).toContain('looks like a UUID');
    }
  });

  it('accepts version as 2.0, "2", or missing, and refuses others', () => {
    for (const v of ["'2.0'", '2.0', '2', "'2'", '"2.00"']) expect(problems(`version: ${v}\nw:\n  tasks:\n    t: {}\n`)).toEqual([]);
    expect(problems('w:\n  tasks:\n    t: {}\n')).toEqual([]);
    expect(problems('version: 1.0\nw:\n  tasks:\n    t: {}\n')).toEqual(["version must be '2.0' (Mistral Workflow Language v2), not the number 1.0 (line 1, column 10)"]);
  });

  it('reads PyYAML booleans the way Mistral does (yes/on are booleans, y/n are text)', () => {
    const w = wf("version: '2.0'\nw:\n  input:\n    - y\n    - n: yes\n  tasks:\n    t:\n      keep-result: off\n");
    expect(w.input).toEqual([
      { name: 'y', hasDefault: false, default: null },
      { name: 'n', hasDefault: true, default: true },
    ]);
    expect(task(w, 't').keepResult).toBe(false);
  });
});

describe('task-defaults (digest §4.3)', () => {
  const text = [
    "version: '2.0'",
    'w:',
    '  task-defaults:',
    '    on-error: [handler]',
    '    on-complete: [audit, fail msg="done"]',
    '    retry: count=2 delay=1',
    '    timeout: 30',
    '    safe-rerun: true',
    '  tasks:',
    '    a:',
    '      timeout: 5',
    '      on-success: [b]',
    '    b:',
    '      on-error:',
    '        publish:',
    '          branch: {failed: true}',
    '      on-complete: [audit]',
    '    handler:',
    '      safe-rerun: false',
    '    audit: {}',
    '',
  ].join('\n');

  it('applies defaults only where the task has no value of its own, never to itself', () => {
    const w = wf(text);
    expect(names(w, 'a', 'onError')).toEqual(['handler']);
    expect(names(w, 'a', 'onComplete')).toEqual(['audit', 'fail']);
    expect(names(w, 'handler', 'onError')).toEqual([]);
    expect(names(w, 'audit', 'onComplete')).toEqual(['fail']);
    expect(task(w, 'handler').onError).toBeNull();
    // b's own on-error only publishes, so (as in Mistral) the default targets still apply.
    expect(names(w, 'b', 'onError')).toEqual(['handler']);
    expect(toJs(task(w, 'b').onError?.publishBranch ?? null)).toEqual({ failed: true });
    expect(names(w, 'b', 'onComplete')).toEqual(['audit']);
  });

  it('merges policies per policy and takes safe-rerun from the task first', () => {
    const w = wf(text);
    expect(task(w, 'a').policies).toMatchObject({ timeout: 5, retry: { count: 2, delay: 1 } });
    expect(task(w, 'b').policies).toMatchObject({ timeout: 30, retry: { count: 2, delay: 1 } });
    expect(task(w, 'a').safeRerun).toBe(true);
    expect(task(w, 'handler').safeRerun).toBe(false);
  });

  it('counts default transitions as inbound, so start tasks are computed after applying them', () => {
    const w = wf(text);
    expect(w.startTasks).toEqual(['a']);
    expect(w.inbound.get('handler')).toEqual(['a', 'b', 'audit']);
    expect(w.inbound.get('audit')).toEqual(['a', 'b', 'handler']);
  });

  it('unions requires in reverse workflows, removing the task itself', () => {
    const w = wf("version: '2.0'\nw:\n  type: reverse\n  task-defaults:\n    requires: [init]\n  tasks:\n    init: {}\n    a:\n      requires: b\n    b: {}\n");
    expect(task(w, 'a').requires).toEqual(['b', 'init']);
    expect(task(w, 'init').requires).toEqual([]);
  });

  it('reports unknown default targets once, and refuses publish in default clauses', () => {
    expect(problems("version: '2.0'\nw:\n  task-defaults:\n    on-error:\n      next: [nowhere]\n      publish: {branch: {x: 1}}\n  tasks:\n    a: {}\n    b: {}\n")).toEqual([
      'workflow "w", task-defaults: on-error refers to unknown task "nowhere" (line 5, column 14)',
      'workflow "w", task-defaults: on-error: publish in task-defaults is ignored by Mistral; publish from the tasks themselves (line 6, column 7)',
    ]);
  });
});

describe('documents and definitions', () => {
  it('keeps the raw text for a single workflow and re-dumps each of several', () => {
    const single = "version: '2.0'\n# keep me\nw:\n  tasks:\n    t: {}\n";
    expect(wf(single).definition).toBe(single);
    const r = parseWorkflows("version: 2.0\na:\n  tasks:\n    t: {action: std.noop}\nb:\n  tasks:\n    u: {}\n");
    if (!r.ok) throw new Error('unexpected');
    expect(r.value.map((w) => w.definition)).toEqual(['version: 2.0\na:\n  tasks:\n    t: { action: std.noop }\n', 'version: 2.0\nb:\n  tasks:\n    u: {}\n']);
  });

  it('names workbook members <workbook>.<name> and leaves references as written', () => {
    const r = parseWorkbook("version: '2.0'\nname: wb\ntags: [x]\nworkflows:\n  version: '2.0'\n  a:\n    tasks:\n      t:\n        workflow: b\n  b:\n    tasks:\n      u:\n        action: act\nactions:\n  act:\n    base: std.echo output=1\n    base-input: {delay: 0}\n");
    if (!r.ok) throw new Error(r.problems[0]?.message);
    expect(r.value.tags).toEqual(['x']);
    expect(r.value.workflows.map((w) => [w.name, w.workbook, [...w.tasks.values()][0]?.target])).toEqual([
      ['wb.a', 'wb', 'b'],
      ['wb.b', 'wb', 'act'],
    ]);
    expect(r.value.actions.map((a) => [a.name, a.base, toJs(a.baseInput)])).toEqual([['wb.act', 'std.echo', { output: 1, delay: 0 }]]);
  });

  it('tells which kind a document is when it is uploaded as the wrong one', () => {
    const wb = "version: '2.0'\nname: wb\nworkflows:\n  a:\n    tasks:\n      t: {}\n";
    const r = parseWorkflows(wb);
    expect(r.ok ? [] : r.problems.map((p) => p.message)).toEqual(['this document is a workbook (it has name and workflows/actions); upload it as a workbook (line 1, column 1)']);
    const a = parseActions("version: '2.0'\nx:\n  bass: std.echo\n");
    expect(a.ok ? [] : a.problems.map((p) => p.message)).toEqual([
      'action "x": has no base; an ad-hoc action needs "base: <action name>" (line 2, column 1)',
      'action "x": unknown attribute "bass" (did you mean "base"?) (line 3, column 3)',
    ]);
  });

  it('refuses empty and non-map documents', () => {
    expect(problems('')).toEqual(['the document is empty (line 1, column 1)']);
    expect(problems('# nothing\n')).toEqual(['the document is empty (line 1, column 1)']);
    expect(problems('- a\n- b\n')).toEqual(['the document must be a map with version and one key per workflow, not a list (line 1, column 1)']);
    expect(problems("version: '2.0'\n")).toEqual(['the document defines no workflow (line 1, column 1)']);
  });
});
