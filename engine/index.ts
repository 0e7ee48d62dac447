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
}

export interface ConvectionEngine {
  readonly store: Store;
  readonly engine: Engine;
  readonly registry: ActionRegistry;
  readonly catalog: DefinitionCatalog;
  readonly definitions: DefinitionService;
  readonly executions: ExecutionService;
  readonly cron: CronService;
  close(): Promise<void>;
}

/** The store URL from `DATABASE_URL`, or the embedded SQLite file. */
export function defaultStoreUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env['DATABASE_URL'] ?? 'sqlite:./.convection/convection.db';
}

export async function openEngine(url: string = defaultStoreUrl(), options: OpenEngineOptions = {}): Promise<ConvectionEngine> {
  return createEngine(await openStore(url, options.storeOptions), options);
}

/** An engine over a store the caller opened; closing the engine closes the store. */
export async function createEngine(store: Store, options: OpenEngineOptions = {}): Promise<ConvectionEngine> {
  const registry = createStandardRegistry(options.actions);
  const catalog = new DefinitionCatalog(registry);
  const definitions = new DefinitionService(store, catalog);
  await definitions.loadCatalog();
  const engine = new Engine(store, registry, catalog, options);
  const limits = options.limits ?? DEFAULT_EXECUTION_LIMITS;
  const executions = new ExecutionService(store, engine, catalog, limits);
  const cron = new CronService(store, catalog, executions, { owner: engine.owner, limits, clock: options.clock ?? Date.now, ...options.cron });
  if (options.autoStart !== false) {
    engine.start();
    cron.runner.start();
  }
  return {
    store,
    engine,
    registry,
    catalog,
    definitions,
    executions,
    cron,
    close: async () => {
      await cron.runner.stop();
      await engine.stop();
      await store.close();
    },
  };
}
