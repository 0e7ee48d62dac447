import { describe, expect, it } from 'vitest';
import { NODE_HEIGHT, NODE_WIDTH, layoutKey, shapeKey } from './graph-keys';
import { buildGraph } from './graph-model';
import { graphSeed } from './graph-seed';
import { knownLayout, knownShape, seedGraph } from './layout-client';
import type { ExecutionReport, ReportTask } from './live-tree';
import { runsOf, treeFromReport } from './live-tree';
import { reportTask } from './testing/report-fixtures';
import { workflowShape } from './workflow-shape';

const DEFINITION = `version: '2.0'
wf:
  tasks:
    a:
      action: std.noop
      on-success: [b, c]
    b:
      action: std.noop
    c:
      action: std.noop
`;

const task = (id: string, name: string, state: string): ReportTask => reportTask({ id, name, state });

const report = (tasks: ReportTask[]): ExecutionReport => ({
  statistics: {},
  root_workflow_execution: { id: 'ex1', name: 'wf', state: 'RUNNING', state_info: null, task_executions: tasks },
});

describe('graphSeed (the server lays the graph out ahead of the page)', () => {
  it('gives the shape and a position for every node under the keys the browser computes', () => {
    const r = report([task('t1', 'a', 'SUCCESS'), task('t2', 'zombie', 'ERROR')]);
    const seed = graphSeed(DEFINITION, 'wf', 'ex1', r);
    if (seed === undefined) throw new Error('no seed');
    // The browser builds the same graph from the same report (a task the definition lacks included).
    const browserGraph = buildGraph(workflowShape(DEFINITION, 'wf'), runsOf(treeFromReport(r), 'ex1'));
    expect(seed.layoutKey).toBe(layoutKey(browserGraph));
    expect(seed.shapeKey).toBe(shapeKey(DEFINITION, 'wf'));
    expect(Object.keys(seed.positions).sort()).toEqual(['a', 'b', 'c', 'zombie']);
    // Laid out left to right without overlaps.
    expect(seed.positions['b']!.x).toBeGreaterThanOrEqual(seed.positions['a']!.x + NODE_WIDTH);
    expect(Math.abs(seed.positions['b']!.y - seed.positions['c']!.y)).toBeGreaterThanOrEqual(NODE_HEIGHT);
  });

  it('keys change with the definition text and the node set, not with states', () => {
    const running = graphSeed(DEFINITION, 'wf', 'ex1', report([task('t1', 'a', 'RUNNING')]));
    const done = graphSeed(DEFINITION, 'wf', 'ex1', report([task('t1', 'a', 'SUCCESS')]));
    expect(done?.layoutKey).toBe(running?.layoutKey);
    const edited = graphSeed(DEFINITION.replace('on-success: [b, c]', 'on-success: [b]'), 'wf', 'ex1', report([]));
    expect(edited?.shapeKey).not.toBe(running?.shapeKey);
    expect(edited?.layoutKey).not.toBe(running?.layoutKey);
  });

  it('never serves one definition for another of the same name and length', () => {
    // "Aa" and "BB" are equal under a multiply-by-31 hash (31·65+97 = 31·66+66).
    const one = DEFINITION.replace('    c:', '    Aa:').replace('[b, c]', '[b, Aa]');
    const other = DEFINITION.replace('    c:', '    BB:').replace('[b, c]', '[b, BB]');
    expect(one.length).toBe(other.length);
    expect(shapeKey(one, 'wf')).not.toBe(shapeKey(other, 'wf'));
    expect(graphSeed(one, 'wf', 'ex1', report([]))?.shape.tasks.map((t) => t.name)).toEqual(['a', 'b', 'Aa']);
    const seed = graphSeed(other, 'wf', 'ex1', report([]));
    expect(seed?.shape.tasks.map((t) => t.name)).toEqual(['a', 'b', 'BB']);
    expect(Object.keys(seed?.positions ?? {}).sort()).toEqual(['BB', 'a', 'b']);
  });

  it('gives nothing for a definition it cannot read (the browser shows the problem)', () => {
    expect(graphSeed('wf: [unclosed', 'wf', 'ex1', report([]))).toBeUndefined();
  });

  it('seeds the browser caches, which then answer synchronously', () => {
    const text = DEFINITION.replace('wf:', 'seeded:');
    expect(knownShape(text, 'seeded')).toBeUndefined();
    const seed = graphSeed(text, 'seeded', 'ex1', report([]));
    if (seed === undefined) throw new Error('no seed');
    expect(knownLayout(seed.layoutKey)).toBeUndefined();
    seedGraph(seed);
    expect(knownShape(text, 'seeded')).toEqual(seed.shape);
    expect(knownLayout(seed.layoutKey)).toEqual({ positions: seed.positions, refined: false });
  });
});
