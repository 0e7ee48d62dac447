/**
 * The programmatic engine API: what the REST API, the CLI and tests call.
 *
 * ```ts
 * const engine = await openEngine('sqlite:./.convection/convection.db');
 * await engine.definitions.saveWorkflows(yamlText, { projectId: 'demo' });
 * const ex = await engine.executions.start({ workflow: 'greet', projectId: 'demo', input });
 * await engine.executions.waitForSettled(ex.id);
 * await engine.close();
 * ```
 */
import { createStandardRegistry } from './actions/registry.js';
import type { ActionsConfigInput } from './actions/config.js';
import type { ActionRegistry } from './actions/registry.js';
import { openStore, type OpenStoreOptions, type Store } from './store/open-store.js';
import { DefinitionCatalog } from './runtime/definition-catalog.js';
import { Engine, type EngineOptions } from './runtime/engine.js';
import { DefinitionService } from './runtime/service/definitions.js';
import { DEFAULT_EXECUTION_LIMITS, ExecutionService, type ExecutionLimits } from './runtime/service/executions.js';
import { CronService, type CronServiceOptions } from './runtime/cron/cron-service.js';
import { createQueueAction } from './actions/queue/queue-action.js';
import { QueueService, type QueueServiceOptions } from './runtime/queues/queue-service.js';
import { createWaitForEventAction } from './actions/std/wait-for-event.js';
import { EventService, type EventServiceOptions } from './runtime/events/event-service.js';
import { EventWaits } from './runtime/events/event-waits.js';
import { notificationsConfigFromEnv, type NotificationsConfig } from './notifications/config.js';
import { NotificationConsumer } from './notifications/consumer.js';

export { EngineError } from './runtime/errors.js';
export type { EngineNotification } from './runtime/engine.js';
export type { ExecutionSummary, StartRequest, TaskSummary } from './runtime/service/executions.js';
export type { CreateCronTriggerRequest, CronTriggerInfo, CronTriggerList } from './runtime/cron/cron-service.js';

export interface OpenEngineOptions extends EngineOptions {
  readonly storeOptions?: OpenStoreOptions;
  readonly actions?: ActionsConfigInput;
  readonly limits?: ExecutionLimits;
  /** Start polling for timers and recovered work right away (default true). */
  readonly autoStart?: boolean;
  /** Cron triggers: poll interval (default 1 s), lease, clock (defaults to `clock`), error hook. */
  readonly cron?: CronServiceOptions;
  /** Worker task queues: lease sweep interval, poll re-check interval, clock (defaults to `clock`). */
  readonly queues?: QueueServiceOptions;
  /** Published events: processor poll interval, lease, limits, error hook. */
  readonly events?: EventServiceOptions;
  /**
   * OpenStack notifications (RabbitMQ) to consume as events. `openEngine` reads them from
   * `CONVECTION_NOTIFICATIONS_URL` & co. when not given; null turns them off.
   */
  readonly notifications?: NotificationsConfig | null;
}

export interface ConvectionEngine {
  readonly store: Store;
  readonly engine: Engine;
  readonly registry: ActionRegistry;
  readonly catalog: DefinitionCatalog;
  readonly definitions: DefinitionService;
  readonly executions: ExecutionService;
  readonly cron: CronService;
  /** Task queues for external workers (`convection.queue`). */
  readonly queues: QueueService;
  readonly events: EventService;
  /** The RabbitMQ consumer, when notifications are configured. */
  readonly notifications: NotificationConsumer | null;
  close(): Promise<void>;
}

/** The store URL from `DATABASE_URL`, or the embedded SQLite file. */
export function defaultStoreUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env['DATABASE_URL'] ?? 'sqlite:./.convection/convection.db';
}

export async function openEngine(url: string = defaultStoreUrl(), options: OpenEngineOptions = {}): Promise<ConvectionEngine> {
  // An in-memory store (`convection run`) must not take notifications off the shared queue.
  const notifications = options.notifications !== undefined || url === 'sqlite::memory:' ? (options.notifications ?? null) : notificationsConfigFromEnv(process.env);
  return createEngine(await openStore(url, options.storeOptions), { ...options, notifications });
}

/** An engine over a store the caller opened; closing the engine closes the store. */
export async function createEngine(store: Store, options: OpenEngineOptions = {}): Promise<ConvectionEngine> {
  const registry = createStandardRegistry(options.actions);
  // The queue service needs the engine, which needs the registry: the action reaches it once running.
  registry.register(createQueueAction({ enqueue: (id, queue, input) => queues.enqueue(id, queue, input) }));
  const waits = new EventWaits(store, options.clock ?? Date.now);
  registry.register(createWaitForEventAction(waits));
  const catalog = new DefinitionCatalog(registry);
  const definitions = new DefinitionService(store, catalog);
  await definitions.loadCatalog();
  const engine = new Engine(store, registry, catalog, options);
  const limits = options.limits ?? DEFAULT_EXECUTION_LIMITS;
  const executions = new ExecutionService(store, engine, catalog, limits);
  const cron = new CronService(store, catalog, executions, { owner: engine.owner, limits, clock: options.clock ?? Date.now, ...options.cron });
  const queues = new QueueService(store, engine, { engineClock: options.clock ?? Date.now, ...options.queues });
  const events = new EventService(store, executions, waits, { owner: engine.owner, clock: options.clock ?? Date.now, ...options.events });
  const notifications = options.notifications ? new NotificationConsumer(options.notifications, events) : null;
  if (options.autoStart !== false) {
    engine.start();
    cron.runner.start();
    queues.start();
    events.processor.start();
    notifications?.start();
  }
  return {
    store,
    engine,
    registry,
    catalog,
    definitions,
    executions,
    cron,
    queues,
    events,
    notifications,
    close: async () => {
      await notifications?.stop();
      await events.processor.stop();
      await cron.runner.stop();
      await queues.stop();
      await engine.stop();
      await store.close();
    },
  };
}
