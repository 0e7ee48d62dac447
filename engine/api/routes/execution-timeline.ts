/**
 * `GET /v2/executions/{id}/timeline`: when each task of an execution was scheduled (created),
 * started and finished, for the dashboard's Gantt chart and `convection` CLI. A root execution's
 * timeline covers its sub-workflows' tasks too (they run inside its bars); a sub-execution's
 * covers its own tasks. Times are epoch ms, which a chart needs, next to the wire strings.
 */
import type { FastifyPluginAsync } from 'fastify';
import { queryParams, rejectUnknown } from '../request-input.js';
import type { ResourceOptions } from '../route-options.js';
import { wireTime } from '../serialize.js';
import { readableExecution } from './runtime-scope.js';
import { retryCountOf } from '../analytics/critical-path.js';

const ms = (v: number | string | null): number | null => (v === null ? null : Number(v));

export const executionTimelineRoutes: FastifyPluginAsync<ResourceOptions> = async (app, { engine }) => {
  const db = engine.store.db;

  app.get<{ Params: { id: string } }>('/:id/timeline', async (request) => {
    rejectUnknown(queryParams(request.query), []);
    const ex = await readableExecution(db, request.params.id, request.auth);
    const isRoot = ex.task_execution_id === null;
    const rows = await db
      .selectFrom('task_executions')
      .select(['id', 'name', 'workflow_execution_id', 'workflow_name', 'state', 'created_at', 'started_at', 'finished_at', 'runtime_context_json'])
      .where(isRoot ? 'root_execution_id' : 'workflow_execution_id', '=', ex.id)
      .execute();
    // Sorted here: the dialects disagree on where a null started_at sorts, and bars must not jump.
    rows.sort(
      (a, b) =>
        Number(a.created_at) - Number(b.created_at) ||
        (ms(a.started_at) ?? Infinity) - (ms(b.started_at) ?? Infinity) ||
        a.id.localeCompare(b.id),
    );
    const exStart = ms(ex.started_at) ?? ms(ex.created_at);
    const exEnd = ms(ex.finished_at);
    return {
      execution: {
        id: ex.id,
        workflow_name: ex.workflow_name,
        state: ex.state,
        scheduled_at_ms: ms(ex.created_at),
        started_at_ms: exStart,
        finished_at_ms: exEnd,
        duration_ms: exEnd === null || exStart === null ? null : exEnd - exStart,
        created_at: wireTime(ms(ex.created_at)),
        started_at: wireTime(ms(ex.started_at)),
        finished_at: wireTime(exEnd),
      },
      tasks: rows.map((t) => {
        const scheduled = Number(t.created_at);
        const started = ms(t.started_at);
        const finished = ms(t.finished_at);
        return {
          id: t.id,
          name: t.name,
          workflow_execution_id: t.workflow_execution_id,
          workflow_name: t.workflow_name,
          state: t.state,
          scheduled_at_ms: scheduled,
          started_at_ms: started,
          finished_at_ms: finished,
          wait_ms: started === null ? null : started - scheduled,
          duration_ms: started === null || finished === null ? null : finished - started,
          retry_count: retryCountOf(t.runtime_context_json),
          created_at: wireTime(scheduled),
          started_at: wireTime(started),
          finished_at: wireTime(finished),
        };
      }),
    };
  });
};
