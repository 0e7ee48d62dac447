import { describe, expect, it } from 'vitest';
import type { Execution } from '@/lib/engine-client/wire';
import { applyExecutionEvent, isExecutionEvent } from './live-executions';

const row = (id: string, state: string): Execution => ({ id, workflow_name: 'wf', state, state_info: null, updated_at: '2026-11-27 10:00:00' });

describe('live execution rows', () => {
  const page = { executions: [row('a', 'RUNNING'), row('b', 'RUNNING')] };

  it('updates the row of the event and nothing else', () => {
    const event = { entity_type: 'workflow', entity_id: 'b', state: 'ERROR', state_info: 'boom', time: '2026-11-27 10:00:05' };
    const { page: next, hit } = applyExecutionEvent(page, event);
    expect(hit).toBe(true);
    expect(next?.executions?.[1]).toMatchObject({ id: 'b', state: 'ERROR', state_info: 'boom', updated_at: '2026-11-27 10:00:05' });
    expect(next?.executions?.[0]).toBe(page.executions[0]);
  });

  it('keeps the same page when the execution is not on it', () => {
    const { page: next, hit } = applyExecutionEvent(page, { entity_type: 'workflow', entity_id: 'z', state: 'SUCCESS', state_info: null, time: '' });
    expect(hit).toBe(false);
    expect(next).toBe(page);
  });

  it('accepts only workflow events', () => {
    expect(isExecutionEvent({ entity_type: 'task', entity_id: 'x', state: 'RUNNING' })).toBe(false);
    expect(isExecutionEvent({ entity_type: 'workflow', entity_id: 'x', state: 'RUNNING' })).toBe(true);
    expect(isExecutionEvent(null)).toBe(false);
  });
});
