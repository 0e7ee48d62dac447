/**
 * The client of Convection's workflow API v2, shared by the CLI and the dashboard: settings from
 * OS_* variables and flags, Keystone login and catalog lookup, typed calls, and live event streams.
 * Only `fetch` and web streams are used, so it runs in Node and in browsers.
 */
export { connect, connectWith } from './connect.js';
export type { ConnectOptions } from './connect.js';
export { EngineClient, streamEvent } from './engine-client.js';
export type { CreateCronTrigger, CreateEnvironment, DefinitionOptions, JsonObjectField, ListOptions, StartExecution, Window } from './engine-client.js';
export { ClientError, isClientError } from './errors.js';
export type { ClientErrorCode } from './errors.js';
export { parseFrame, readEventStream, splitFrames } from './event-stream.js';
export type { EventStreamOptions, SseFrame } from './event-stream.js';
export { passwordLogin, tokenSession, workflowEndpoint } from './keystone.js';
export type { Catalog, KeystoneSession } from './keystone.js';
export { DEFAULT_ENDPOINT, normalizeAuthUrl, normalizeEndpoint, resolveSettings, WORKFLOW_SERVICE_TYPE } from './settings.js';
export type { ConnectionFlags, ConnectionSettings, Credentials, EndpointInterface, Environment as ClientEnvironment } from './settings.js';
export { ApiTransport, faultMessage } from './transport.js';
export type { Query, SendOptions } from './transport.js';
export * from './wire.js';
export { ExecutionProgress, FINAL_TASK_STATES, taskDuration, taskProgress } from './execution-progress.js';
export type { TaskProgress } from './execution-progress.js';
