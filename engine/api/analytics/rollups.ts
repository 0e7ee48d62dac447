/**
 * Stored hourly rollups. An hour is sealed once it is over by {@link SEAL_GRACE_MS}: its partials
 * are computed from the raw rows and stored with the watermark (`analytics_state.sealed_until`)
 * in one transaction. The watermark only moves forward, under a compare-and-set, so replicas
 * sharing a database seal each hour once. Hours without finished executions are skipped in one
 * step.
 *
 * An execution whose end time falls into an hour already sealed (a clock far behind, rows
 * imported into the past) is not in the rollups; with the grace below that cannot happen to the
 * engine's own writes, which stamp the time they commit.
 */
import type { Store } from '../../store/open-store.js';
import type { StoreDb } from '../../store/schema.js';
import { decodeHistogram, encodeHistogram } from './histogram.js';
import { HOUR_MS, hourOf, taskHours, workflowHours } from './hour-partials.js';
import type { HourFilter, HourRange, TaskHour, WorkflowHour } from './hour-partials.js';

export const SEAL_GRACE_MS = 2 * 60_000;
const STATE_ID = 1;

class WatermarkMoved extends Error {}

const num = (v: number | string | bigint): number => Number(v);
const numOrNull = (v: number | string | bigint | null): number | null => (v === null ? null : Number(v));

/** Where sealed rollups end: every hour before it is in the rollup tables. */
export async function sealedUntil(db: StoreDb): Promise<number> {
  const row = await db.selectFrom('analytics_state').select('sealed_until').where('id', '=', STATE_ID).executeTakeFirst();
  return row === undefined ? 0 : num(row.sealed_until);
}

async function nextFinishedHour(db: StoreDb, from: number, before: number): Promise<number | null> {
  const row = await db
    .selectFrom('workflow_executions')
    .select((eb) => eb.fn.min('finished_at').as('first'))
    .where('finished_at', '>=', from)
    .where('finished_at', '<', before)
    .executeTakeFirst();
  return row?.first === null || row?.first === undefined ? null : hourOf(Number(row.first));
}

async function advance(tx: StoreDb, from: number, to: number): Promise<void> {
  await tx.insertInto('analytics_state').values({ id: STATE_ID, sealed_until: 0 }).onConflict((oc) => oc.column('id').doNothing()).execute();
  const moved = await tx.updateTable('analytics_state').set({ sealed_until: to }).where('id', '=', STATE_ID).where('sealed_until', '=', from).executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw new WatermarkMoved();
}

/** Rows per INSERT: well under SQLite's bound-parameter limit at 13 columns a row. */
const INSERT_CHUNK = 500;

async function insertChunked<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insert(rows.slice(i, i + INSERT_CHUNK));
}

async function storeHour(tx: StoreDb, hour: number): Promise<void> {
  const range = { from: hour, to: hour + HOUR_MS };
  const all: HourFilter = { projectId: null };
  const { tasks, runs } = await taskHours(tx, range, all);
  const workflows = await workflowHours(tx, range, all, runs);
  await insertChunked(workflows, (chunk) =>
    tx
      .insertInto('analytics_workflow_hours')
      .values(
        chunk.map((w) => ({
          project_id: w.projectId,
          workflow_name: w.workflowName,
          hour_start: w.hourStart,
          root_count: w.rootCount,
          root_success: w.rootSuccess,
          root_error: w.rootError,
          root_cancelled: w.rootCancelled,
          root_duration_sum: w.rootDurationSum,
          root_duration_max: w.rootDurationMax,
          root_durations_json: encodeHistogram(w.rootDurations),
          runs_with_tasks: w.runsWithTasks,
        })),
      )
      .execute(),
  );
  await insertChunked(tasks, (chunk) =>
    tx
      .insertInto('analytics_task_hours')
      .values(
        chunk.map((t) => ({
          project_id: t.projectId,
          workflow_name: t.workflowName,
          task_name: t.taskName,
          hour_start: t.hourStart,
          count: t.count,
          error: t.error,
          run_count: t.runCount,
          run_sum: t.runSum,
          wait_count: t.waitCount,
          wait_sum: t.waitSum,
          retries: t.retries,
          critical: t.critical,
          run_durations_json: encodeHistogram(t.runDurations),
        })),
      )
      .execute(),
  );
}

/**
 * Seals every finished hour up to `now - grace`. Returns how many hours were rolled up. Safe to
 * run from several processes at once: a sealer that loses the race re-reads the watermark.
 */
export async function sealHours(store: Store, now: number): Promise<number> {
  const db = store.db;
  const cutoff = hourOf(now - SEAL_GRACE_MS);
  let sealed = 0;
  for (;;) {
    const from = await sealedUntil(db);
    if (from >= cutoff) return sealed;
    const hour = await nextFinishedHour(db, from, cutoff);
    try {
      await store.transaction(async (tx) => {
        // The watermark moves first: it locks the state row, so racing sealers wait here.
        await advance(tx, from, hour === null ? cutoff : hour + HOUR_MS);
        if (hour !== null) await storeHour(tx, hour);
      });
    } catch (e) {
      if (!(e instanceof WatermarkMoved)) throw e;
      continue;
    }
    if (hour === null) return sealed;
    sealed += 1;
  }
}

/** The stored rollups of the hours in `range` (which must lie before the watermark). */
export async function storedWorkflowHours(db: StoreDb, range: HourRange, filter: HourFilter): Promise<WorkflowHour[]> {
  let q = db.selectFrom('analytics_workflow_hours').selectAll().where('hour_start', '>=', range.from).where('hour_start', '<', range.to);
  if (filter.projectId !== null) q = q.where('project_id', '=', filter.projectId);
  if (filter.workflowName !== undefined) q = q.where('workflow_name', '=', filter.workflowName);
  const rows = await q.execute();
  return rows.map((r) => ({
    projectId: r.project_id,
    workflowName: r.workflow_name,
    hourStart: num(r.hour_start),
    rootCount: num(r.root_count),
    rootSuccess: num(r.root_success),
    rootError: num(r.root_error),
    rootCancelled: num(r.root_cancelled),
    rootDurationSum: num(r.root_duration_sum),
    rootDurationMax: numOrNull(r.root_duration_max),
    rootDurations: decodeHistogram(r.root_durations_json),
    runsWithTasks: num(r.runs_with_tasks),
  }));
}

export async function storedTaskHours(db: StoreDb, range: HourRange, filter: HourFilter & { readonly workflowName: string }): Promise<TaskHour[]> {
  let q = db
    .selectFrom('analytics_task_hours')
    .selectAll()
    .where('workflow_name', '=', filter.workflowName)
    .where('hour_start', '>=', range.from)
    .where('hour_start', '<', range.to);
  if (filter.projectId !== null) q = q.where('project_id', '=', filter.projectId);
  const rows = await q.execute();
  return rows.map((r) => ({
    projectId: r.project_id,
    workflowName: r.workflow_name,
    taskName: r.task_name,
    hourStart: num(r.hour_start),
    count: num(r.count),
    error: num(r.error),
    runCount: num(r.run_count),
    runSum: num(r.run_sum),
    waitCount: num(r.wait_count),
    waitSum: num(r.wait_sum),
    retries: num(r.retries),
    critical: num(r.critical),
    runDurations: decodeHistogram(r.run_durations_json),
  }));
}
