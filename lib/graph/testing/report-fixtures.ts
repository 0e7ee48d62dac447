/** Report rows for the graph tests: a task of `GET /v2/executions/{id}/report` with quiet defaults. */
import type { ReportTask } from '../live-tree';

export function reportTask(over: Partial<ReportTask> & Pick<ReportTask, 'id' | 'name' | 'state'>): ReportTask {
  return {
    type: 'ACTION',
    state_info: null,
    created_at: '2026-11-27 10:00:00.000000',
    started_at: null,
    finished_at: null,
    duration: null,
    retry_count: 0,
    action_executions: [],
    workflow_executions: [],
    ...over,
  };
}
