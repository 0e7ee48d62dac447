/**
 * Every migration, listed explicitly: a bundle or a compiled build cannot scan a folder, and the
 * list makes the order reviewable. Names sort in the order they must run.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './0001-initial.js';
import * as analyticsIndexes from './0002-analytics-indexes.js';
import * as analyticsRollups from './0003-analytics-rollups.js';
import * as taskQueues from './0004-task-queues.js';
import * as events from './0005-events.js';
import * as executionTreeIndexes from './0006-execution-tree-indexes.js';

export const migrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001-initial': initial,
  '0002-analytics-indexes': analyticsIndexes,
  '0003-analytics-rollups': analyticsRollups,
  '0004-task-queues': taskQueues,
  '0005-events': events,
  '0006-execution-tree-indexes': executionTreeIndexes,
});

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
};
