import { describe, expect, it } from 'vitest';
import { buildGraph } from './graph-model';
import type { TaskRun } from './graph-model';
import { workflowShape } from './workflow-shape';

const shape = workflowShape(
  `version: '2.0'
wf:
  tasks:
    a:
      action: std.noop
      on-success: [b]
      on-error: [handle, fail]
    b:
      with-items: x in <% $.xs %>
      action: std.echo output=<% $.x %>
      on-complete: [a]
    handle:
      workflow: cleanup
`,
  'wf',
);

const run = (over: Partial<TaskRun> & Pick<TaskRun, 'id' | 'name' | 'state'>): TaskRun => ({
  stateInfo: null,
  createdAt: 1,
  subExecutionIds: [],
  ...over,
});

describe('buildGraph', () => {
  it('draws every task of the definition, faded until it runs, with labelled edges', () => {
    const g = buildGraph(shape, []);
    expect(g.nodes.map((n) => [n.id, n.state, n.faded])).toEqual([
      ['a', undefined, true],
      ['b', undefined, true],
      ['handle', undefined, true],
    ]);
    expect(g.edges.map((e) => [e.source, e.target, e.label, e.visited])).toEqual([
      ['a', 'b', 'on-success', false],
      ['a', 'handle', 'on-error', false],
      ['b', 'a', 'on-complete', false],
    ]);
    // Engine commands are not tasks: they are listed on the node instead.
    expect(g.nodes[0]!.commands).toEqual(['on-error → fail']);
  });

  it('colours a node by its latest run and counts the runs of a loop', () => {
    const g = buildGraph(shape, [
      run({ id: 't2', name: 'a', state: 'ERROR', stateInfo: 'boom', createdAt: 20 }),
      run({ id: 't1', name: 'a', state: 'SUCCESS', createdAt: 10 }),
      run({ id: 't3', name: 'b', state: 'RUNNING', createdAt: 15, items: { done: 3, total: 10 } }),
    ]);
    const [a, b, handle] = g.nodes;
    expect(a).toMatchObject({ state: 'ERROR', stateInfo: 'boom', taskId: 't2', runCount: 2, faded: false });
    expect(b).toMatchObject({ state: 'RUNNING', withItems: true, items: { done: 3, total: 10 }, faded: false });
    expect(handle!.faded).toBe(true);
    expect(g.edges.find((e) => e.source === 'a' && e.target === 'b')!.visited).toBe(true);
  });

  it('keeps a sub-workflow task expandable through the executions it started', () => {
    const g = buildGraph(shape, [run({ id: 't9', name: 'handle', state: 'RUNNING', subExecutionIds: ['sub-1'] })]);
    expect(g.nodes[2]).toMatchObject({ kind: 'workflow', runs: 'cleanup', subExecutionIds: ['sub-1'] });
  });

  it('shows a task that ran but is no longer in the definition', () => {
    const g = buildGraph(shape, [run({ id: 'x', name: 'removed', state: 'SUCCESS' })]);
    expect(g.nodes.at(-1)).toMatchObject({ id: 'removed', unknown: true, state: 'SUCCESS' });
  });

  it('scales the heat overlay to the slowest task', () => {
    const g = buildGraph(shape, [], { heat: new Map([['a', 50], ['b', 200]]) });
    expect(g.nodes.map((n) => n.heat)).toEqual([0.25, 1, undefined]);
    expect(g.nodes[1]!.avgMs).toBe(200);
  });

  it('draws requires edges of a reverse workflow from the prerequisite to the task', () => {
    const reverse = workflowShape(`version: '2.0'\nr:\n  type: reverse\n  tasks:\n    x: {action: std.noop}\n    y: {action: std.noop, requires: [x]}\n`, 'r');
    expect(buildGraph(reverse, []).edges).toEqual([{ id: 'x→y:requires', source: 'x', target: 'y', kind: 'requires', label: 'requires', visited: false }]);
  });
});
