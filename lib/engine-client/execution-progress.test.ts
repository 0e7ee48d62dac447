import { describe, expect, it } from 'vitest';
import { ExecutionProgress } from './execution-progress.js';
import type { StreamEvent, Task } from './wire.js';

const event = (id: number, task: string, name: string, state: string, time: string): StreamEvent => ({
  id,
  execution_id: 'e1',
  root_execution_id: 'e1',
  entity_type: 'task',
  entity_id: task,
  name,
  state,
  state_info: null,
  time,
});

describe('ExecutionProgress', () => {
  it('counts tasks done, the current task and durations from events, a rerun starting the clock again', () => {
    const p = new ExecutionProgress();
    p.apply(event(1, 't1', 'fetch', 'RUNNING', '2026-11-27 10:00:00'));
    p.apply(event(2, 't1', 'fetch', 'SUCCESS', '2026-11-27 10:00:02'));
    p.apply(event(3, 't2', 'deploy', 'RUNNING', '2026-11-27 10:00:02'));
    expect({ done: p.done, total: p.total, current: p.current?.name }).toEqual({ done: 1, total: 2, current: 'deploy' });
    p.apply(event(4, 't2', 'deploy', 'ERROR', '2026-11-27 10:00:05'));
    expect(p.current?.name).toBe('deploy');
    expect(p.failed.map((t) => t.name)).toEqual(['deploy']);
    p.apply(event(5, 't2', 'deploy', 'RUNNING', '2026-11-27 10:01:00'));
    expect(p.tasks.get('t2')).toMatchObject({ state: 'RUNNING', startedAt: Date.parse('2026-11-27T10:01:00Z'), finishedAt: null });
  });

  it('takes with-items totals from the task list and sums them', () => {
    const p = new ExecutionProgress();
    const task = (id: string, state: string, count: number): Task => ({
      id,
      name: id,
      workflow_execution_id: 'e1',
      state,
      runtime_context: JSON.stringify({ with_items: { count, capacity: 0, concurrency: 0 } }),
    });
    p.load([task('a', 'SUCCESS', 3), task('b', 'RUNNING', 10)]);
    p.setItems('b', 4, 10);
    expect(p.items).toEqual({ done: 7, total: 13 });
  });
});
