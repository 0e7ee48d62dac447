/**
 * Event triggers: start a workflow for each event of their project matching (exchange, topic,
 * event). Unique per (exchange, topic, event, workflow, project).
 */
import type { EventTrigger, EventTriggerUpdate, NewEventTrigger, StoreDb } from '../schema.js';
import { keysetPage, toPage } from './pagination.js';
import type { Page, PageRequest } from './pagination.js';
import { visibleTo } from './visibility.js';
import type { Viewer } from './visibility.js';

export interface EventTriggerFilter {
  readonly viewer: Viewer;
  readonly workflowId?: string;
  readonly exchange?: string;
  readonly topic?: string;
  readonly event?: string;
}

export function insertEventTrigger(db: StoreDb, row: NewEventTrigger): Promise<EventTrigger> {
  return db.insertInto('event_triggers').values(row).returningAll().executeTakeFirstOrThrow();
}

export function getEventTrigger(db: StoreDb, id: string, viewer?: Viewer): Promise<EventTrigger | undefined> {
  let q = db.selectFrom('event_triggers').selectAll().where('id', '=', id);
  if (viewer !== undefined) q = q.where(visibleTo(viewer));
  return q.executeTakeFirst();
}

export async function listEventTriggers(
  db: StoreDb,
  filter: EventTriggerFilter,
  page: PageRequest,
): Promise<Page<EventTrigger>> {
  let q = db.selectFrom('event_triggers').selectAll().where(visibleTo(filter.viewer));
  if (filter.workflowId !== undefined) q = q.where('workflow_id', '=', filter.workflowId);
  if (filter.exchange !== undefined) q = q.where('exchange', '=', filter.exchange);
  if (filter.topic !== undefined) q = q.where('topic', '=', filter.topic);
  if (filter.event !== undefined) q = q.where('event', '=', filter.event);
  return toPage(await keysetPage(q, page).execute(), page);
}

/** Every trigger, in any project, that a notification with this routing fires. */
export function findEventTriggersFor(
  db: StoreDb,
  routing: { readonly exchange: string; readonly topic: string; readonly event: string },
): Promise<EventTrigger[]> {
  return db
    .selectFrom('event_triggers')
    .selectAll()
    .where('exchange', '=', routing.exchange)
    .where('topic', '=', routing.topic)
    .where('event', '=', routing.event)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * The triggers of `projectId` listening for events of this type, oldest first. Triggers fire only
 * for events of their own project, public or not. The caller checks exchange and topic.
 */
export function findEventTriggersForEvent(db: StoreDb, event: { readonly projectId: string; readonly type: string }): Promise<EventTrigger[]> {
  return db
    .selectFrom('event_triggers')
    .selectAll()
    .where('project_id', '=', event.projectId)
    .where('event', '=', event.type)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Whether any event trigger starts this workflow (a workflow in use cannot be deleted). */
export async function workflowHasEventTriggers(db: StoreDb, workflowId: string): Promise<boolean> {
  const row = await db.selectFrom('event_triggers').select('id').where('workflow_id', '=', workflowId).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** exchange, topic and event are immutable (the schema types forbid them here). */
export function updateEventTrigger(db: StoreDb, id: string, patch: EventTriggerUpdate): Promise<EventTrigger | undefined> {
  return db.updateTable('event_triggers').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function deleteEventTrigger(db: StoreDb, id: string): Promise<boolean> {
  const result = await db.deleteFrom('event_triggers').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
