/**
 * The persistence layer: open a store, then call the repositories with `store.db` or with the
 * transaction `store.transaction` hands you.
 */
export * from './schema.js';
export * from './errors.js';
export { dialectOf, isForeignKeyViolation, isRetryable, isUniqueViolation, parseStoreUrl } from './dialect.js';
export type { Dialect, DialectName, StoreTarget } from './dialect.js';
export { openStore } from './open-store.js';
export type { OpenStoreOptions, Store } from './open-store.js';
export * from './repositories/pagination.js';
export * from './repositories/visibility.js';
export * from './repositories/workflow-definitions.js';
export * from './repositories/workbooks.js';
export * from './repositories/action-definitions.js';
export * from './repositories/environments.js';
export * from './repositories/members.js';
export * from './repositories/executions.js';
export * from './repositories/tasks.js';
export * from './repositories/action-executions.js';
export * from './repositories/jobs.js';
export * from './repositories/events.js';
export * from './repositories/cron-triggers.js';
export * from './repositories/event-triggers.js';
