import { describe, expect, it } from 'vitest';
import { DefinitionShapeError, workflowShape } from './workflow-shape';

const DIRECT = `
version: '2.0'
deploy:
  task-defaults:
    on-error: [notify]
  tasks:
    create_vm:
      action: nova.servers_create name=<% $.name %>
      on-success:
        - wait_vm: <% $.fast %>
        - configure
      on-error: fail msg="no vm"
    wait_vm:
      action: std.sleep seconds=1
      on-complete: configure
    configure:
      with-items: host in <% $.hosts %>
      workflow: configure_host(host=<% $.host %>)
      join: all
      on-success:
        publish:
          done: true
        next: [succeed]
    notify:
      action: <% $.notifier %>
`;

describe('workflowShape', () => {
  it('reads a direct workflow: transitions with guards, engine commands, with-items, sub-workflows, joins', () => {
    const shape = workflowShape(DIRECT, 'deploy');
    expect(shape.type).toBe('direct');
    expect(shape.tasks.map((t) => t.name)).toEqual(['create_vm', 'wait_vm', 'configure', 'notify']);
    const [create, wait, configure] = shape.tasks;
    expect(create!.runs).toBe('nova.servers_create');
    expect(create!.transitions).toEqual([
      { kind: 'on-success', target: 'wait_vm', condition: '<% $.fast %>' },
      { kind: 'on-success', target: 'configure' },
      { kind: 'on-error', target: 'fail' },
    ]);
    // task-defaults fill in what a task does not say itself.
    expect(wait!.transitions).toEqual([
      { kind: 'on-error', target: 'notify' },
      { kind: 'on-complete', target: 'configure' },
    ]);
    expect(configure).toMatchObject({ kind: 'workflow', runs: 'configure_host', withItems: true, join: 'all' });
    // An action chosen by an expression is shown as the expression.
    expect(shape.tasks[3]!.runs).toBe('<% $.notifier %>');
    expect(configure!.transitions).toContainEqual({ kind: 'on-success', target: 'succeed' });
  });

  it('reads a reverse workflow from its requires', () => {
    const shape = workflowShape(
      `version: '2.0'\nbuild:\n  type: reverse\n  tasks:\n    fetch: {action: std.noop}\n    compile:\n      action: std.noop\n      requires: fetch\n    test:\n      action: std.noop\n      requires: [compile, fetch]\n`,
      'build',
    );
    expect(shape.type).toBe('reverse');
    expect(shape.tasks.map((t) => [t.name, t.requires])).toEqual([
      ['fetch', []],
      ['compile', ['fetch']],
      ['test', ['compile', 'fetch']],
    ]);
  });

  it('finds a workbook member by its short name and picks the named workflow of a list', () => {
    const text = `version: '2.0'\nfirst:\n  tasks: {a: {action: std.noop}}\nsecond:\n  tasks: {b: {action: std.noop}}\n`;
    expect(workflowShape(text, 'second').tasks[0]!.name).toBe('b');
    expect(workflowShape(text, 'my_book.second').tasks[0]!.name).toBe('b');
  });

  it('names the workflow when the text is not a definition', () => {
    expect(() => workflowShape('a: [', 'broken')).toThrow(DefinitionShapeError);
    expect(() => workflowShape('just text', 'broken')).toThrow(/broken is not a YAML mapping/);
    expect(() => workflowShape("version: '2.0'\n", 'empty')).toThrow(/empty holds no workflow/);
  });
});
