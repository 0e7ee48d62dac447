import { describe, expect, it } from 'vitest';
import { reportTask as task } from './testing/report-fixtures';
import { applyEvent, runsOf, treeFromReport, wireTimeMs } from './live-tree';
import type { ExecutionReport, StreamEvent } from './live-tree';

const report: ExecutionReport = {
  statistics: {},
  root_workflow_execution: {
    id: 'root',
    name: 'wf',
    state: 'RUNNING',
    state_info: null,
    task_executions: [
      task({
        id: 't-items',
        name: 'fan_out',
        state: 'RUNNING',
        action_executions: [
          { id: 'a1', name: 'std.echo', state: 'SUCCESS', state_info: null },
          { id: 'a2', name: 'std.echo', state: 'RUNNING', state_info: null },
        ],
      }),
      task({
        id: 't-sub',
        name: 'child',
        type: 'WORKFLOW',
        state: 'RUNNING',
        workflow_executions: [{ id: 'sub', name: 'cleanup', state: 'RUNNING', state_info: null, task_executions: [task({ id: 't-in-sub', name: 'wipe', state: 'RUNNING' })] }],
      }),
    ],
  },
};

const event = (over: Partial<StreamEvent> & Pick<StreamEvent, 'entity_type' | 'entity_id' | 'state'>): StreamEvent => ({
  execution_id: 'root',
  name: 'x',
  state_info: null,
  time: '2026-11-27 10:00:05.000000',
  ...over,
});

describe('live tree', () => {
  it('reads every level of the report: sub-workflow tasks belong to their own execution', () => {
    const tree = treeFromReport(report, { 't-items': 4 });
    expect(Object.keys(tree.executions)).toEqual(['root', 'sub']);
    expect(runsOf(tree, 'sub').map((r) => r.name)).toEqual(['wipe']);
    const [fanOut, child] = runsOf(tree, 'root');
    expect(fanOut!.items).toEqual({ done: 1, total: 4 });
    expect(child!.subExecutionIds).toEqual(['sub']);
    expect(fanOut!.createdAt).toBe(Date.UTC(2026, 10, 27, 10));
  });

  it('turns a task to its new state from an event, without touching the input', () => {
    const tree = treeFromReport(report);
    const { tree: next, stale } = applyEvent(tree, event({ entity_type: 'task', entity_id: 't-in-sub', execution_id: 'sub', state: 'ERROR', state_info: 'boom' }));
    expect(stale).toBe(false);
    expect(runsOf(next, 'sub')[0]).toMatchObject({ state: 'ERROR', stateInfo: 'boom' });
    expect(runsOf(tree, 'sub')[0]!.state).toBe('RUNNING');
  });

  it('adds a task it has not seen and asks for a fresh report', () => {
    const { tree, stale } = applyEvent(treeFromReport(report), event({ entity_type: 'task', entity_id: 't-new', name: 'later', state: 'RUNNING' }));
    expect(stale).toBe(true);
    expect(runsOf(tree, 'root').map((r) => [r.name, r.state])).toContainEqual(['later', 'RUNNING']);
  });

  it('counts with-items progress from action events', () => {
    const { tree } = applyEvent(treeFromReport(report), event({ entity_type: 'action', entity_id: 'a2', state: 'SUCCESS' }));
    expect(runsOf(tree, 'root')[0]!.items).toEqual({ done: 2, total: 2 });
    expect(applyEvent(tree, event({ entity_type: 'action', entity_id: 'a-unknown', state: 'RUNNING' })).stale).toBe(true);
  });

  it('follows the execution state', () => {
    const { tree } = applyEvent(treeFromReport(report), event({ entity_type: 'workflow', entity_id: 'root', name: 'wf', state: 'SUCCESS' }));
    expect(tree.executions['root']).toMatchObject({ state: 'SUCCESS', workflowName: 'wf' });
  });

  it('reads the wire time formats', () => {
    expect(wireTimeMs('2026-11-27 10:00:00')).toBe(Date.UTC(2026, 10, 27, 10));
    expect(wireTimeMs('2026-11-27T10:00:00.500Z')).toBe(Date.UTC(2026, 10, 27, 10, 0, 0, 500));
    expect(wireTimeMs(null)).toBeNull();
    expect(wireTimeMs('not a time')).toBeNull();
  });
});
