import { describe, expect, it } from 'vitest';
import { FilterValueError, executionFilterParams, sinceInstant } from './execution-filters';

const NOW = Date.parse('2026-11-27T12:00:00Z');

describe('execution filters → engine parameters', () => {
  it('maps state groups and exact states', () => {
    expect(executionFilterParams({ state: 'running' }, NOW)).toEqual({ state: 'in:RUNNING,IDLE' });
    expect(executionFilterParams({ state: 'failed' }, NOW)).toEqual({ state: 'ERROR' });
    expect(executionFilterParams({ state: 'paused' }, NOW)).toEqual({ state: 'PAUSED' });
    expect(executionFilterParams({ state: 'idle' }, NOW)).toEqual({ state: 'IDLE' });
    expect(() => executionFilterParams({ state: 'RUNNING_DELAYED' }, NOW)).toThrow(/Unknown state/);
    expect(() => executionFilterParams({ state: 'exploded' }, NOW)).toThrow(FilterValueError);
  });

  it('turns a time range into created_at >= instant', () => {
    expect(executionFilterParams({ since: '24h' }, NOW)).toEqual({ created_at: 'gte:2026-11-26T12:00:00.000Z' });
    expect(sinceInstant('2026-11-01', NOW)).toBe('2026-11-01T00:00:00.000Z');
    expect(() => sinceInstant('last tuesday', NOW)).toThrow(/not a time/);
  });

  it('searches text in the chosen field, workflow name by default', () => {
    expect(executionFilterParams({ q: 'disk full', field: 'state_info' }, NOW)).toEqual({ state_info: 'has:disk full' });
    expect(executionFilterParams({ q: 'hel' }, NOW)).toEqual({ workflow_name: 'has:hel' });
    expect(executionFilterParams({ q: 'x', field: 'project_id' }, NOW)).toEqual({ workflow_name: 'has:x' });
  });

  it('lets the exact workflow filter win over a name search, quoting the name as an equality', () => {
    expect(executionFilterParams({ workflow: 'in:odd', q: 'hel' }, NOW)).toEqual({ workflow_name: 'eq:in:odd' });
    expect(executionFilterParams({ workflow: 'hello', q: 'boom', field: 'output' }, NOW)).toEqual({
      workflow_name: 'eq:hello',
      output: 'has:boom',
    });
  });
});
