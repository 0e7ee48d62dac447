/**
 * The Convection worker SDK (`import { Worker } from 'convection/worker'`): serve a task queue from
 * any process or machine that can reach the API. See worker.ts.
 */
export { Worker } from './worker.js';
export type { Handler, JobContext, WorkerOptions } from './worker.js';
export type { WorkerAuth } from './auth.js';
export type { BackoffOptions } from './backoff.js';
export { QueueHttpError } from './queue-client.js';
export type { LeasedItem } from './queue-client.js';
