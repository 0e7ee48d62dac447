/**
 * The Prometheus series of one app. Each app gets its own registry: tests build many apps in one
 * process, and prom-client's global registry would refuse the second registration.
 *
 * Counters and durations come from engine notifications, so they count what this process saw
 * finish since it started (Prometheus' `rate()` copes with restarts). Queue depth, timer lag and
 * store latency are read from the database at scrape time, so they hold across processes.
 */
import { sql } from 'kysely';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ConvectionEngine, EngineNotification } from '../../index.js';

const FINAL_STATES = new Set(['SUCCESS', 'ERROR', 'CANCELLED']);

/** Seconds, from sub-second actions to hour-long workflows. */
const DURATION_BUCKETS = [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/**
 * Entities started but not yet finished, remembered for their duration. Bounded because an engine
 * stopped mid-run never reports the end of what it started; the oldest entries go first.
 */
export const DEFAULT_TRACKED_ENTITIES = 50_000;

/** A Map that forgets its oldest entries past `limit` (Map iterates in insertion order). */
class BoundedMap<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  has(key: string): boolean {
    return this.map.has(key);
  }
  set(key: string, value: V): void {
    this.map.set(key, value);
    while (this.map.size > this.limit) {
      const oldest = this.map.keys().next();
      if (oldest.done === true) break;
      this.map.delete(oldest.value);
    }
  }
  delete(key: string): void {
    this.map.delete(key);
  }
  get size(): number {
    return this.map.size;
  }
}

export interface MetricsOptions {
  /** @default DEFAULT_TRACKED_ENTITIES */
  readonly trackedEntities?: number;
  /** Node's process metrics (event-loop lag, heap, GC). @default true */
  readonly defaultMetrics?: boolean;
}

export interface ConvectionMetrics {
  readonly registry: Registry;
  /** Stops listening to the engine (the app's onClose). */
  close(): void;
  /** Entities whose start is remembered, for tests of the bound. */
  readonly trackedCount: number;
}

function isRetryDelay(n: EngineNotification): boolean {
  return n.entityType === 'task' && n.state === 'DELAYED' && (n.stateInfo ?? '').startsWith("Delayed by 'retry' policy");
}

export function createMetrics(engine: ConvectionEngine, options: MetricsOptions = {}): ConvectionMetrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'convection_' });
  const db = engine.store.db;

  // Every series registers with this app's registry only (see above).
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter<L>({ name, help, labelNames, registers: [registry] });
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[] = DURATION_BUCKETS) =>
    new Histogram<L>({ name, help, labelNames, buckets, registers: [registry] });
  const gauge = (name: string, help: string, read: () => Promise<number>) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        this.set(await read());
      },
    });

  const byWorkflowAndState = ['workflow', 'state'] as const;
  const workflowsFinished = counter('convection_workflow_executions_finished_total', 'Workflow executions (roots and sub-workflows) that reached a final state, by workflow and state', byWorkflowAndState);
  const tasksFinished = counter('convection_task_executions_finished_total', 'Task executions that reached a final state, by workflow and state', byWorkflowAndState);
  const retries = counter('convection_task_retries_total', "Task attempts delayed by a 'retry' policy, by workflow", ['workflow']);
  const workflowDuration = histogram('convection_workflow_execution_duration_seconds', 'Workflow executions from RUNNING to a final state, by workflow and state', byWorkflowAndState);
  const taskDuration = histogram(
    'convection_task_execution_duration_seconds',
    'Tasks from first RUNNING to a final state (retries and waits included), by workflow and state',
    byWorkflowAndState,
  );
  const actionDuration = histogram('convection_action_execution_duration_seconds', 'Action runs from RUNNING to a final state, by action and state', ['action', 'state']);
  const storeLatency = histogram('convection_store_query_duration_seconds', 'Duration of the queries a scrape runs against the store', ['query'], [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5]);

  // One query feeds both gauges; the second collect reuses the first's answer within a scrape.
  let snapshot: Promise<{ depth: number; lagSeconds: number }> | undefined;
  const readJobs = (): Promise<{ depth: number; lagSeconds: number }> => {
    snapshot ??= (async () => {
      const now = Date.now();
      const stop = storeLatency.startTimer({ query: 'jobs' });
      try {
        const row = await db
          .selectFrom('jobs')
          .select([
            sql<number | string>`count(*)`.as('depth'),
            // Timer lag: how long the oldest due, unclaimed (or lease-expired) job has waited.
            sql<number | string | null>`min(case when ${sql.ref('due_at')} <= ${now} and (${sql.ref('claimed_until')} is null or ${sql.ref('claimed_until')} < ${now}) then ${sql.ref('due_at')} end)`.as('oldest_due'),
          ])
          .executeTakeFirstOrThrow();
        const oldest = row.oldest_due === null ? null : Number(row.oldest_due);
        return { depth: Number(row.depth), lagSeconds: oldest === null ? 0 : Math.max(0, now - oldest) / 1000 };
      } finally {
        stop();
      }
    })().finally(() => {
      setImmediate(() => (snapshot = undefined));
    });
    return snapshot;
  };
  gauge('convection_jobs_queued', 'Jobs (action runs, timers, deliveries) in the queue, claimed or not', async () => (await readJobs()).depth);
  gauge('convection_timer_lag_seconds', 'Age of the oldest job that is due but not being worked on (0 when none)', async () => (await readJobs()).lagSeconds);

  const started = new BoundedMap<number>(options.trackedEntities ?? DEFAULT_TRACKED_ENTITIES);
  // Task notifications carry the task's name only; the workflow's comes from its execution's.
  const workflowOf = new BoundedMap<string>(options.trackedEntities ?? DEFAULT_TRACKED_ENTITIES);

  const seconds = (n: EngineNotification): number | undefined => {
    const at = started.get(n.entityId);
    started.delete(n.entityId);
    return at === undefined ? undefined : Math.max(0, n.at - at) / 1000;
  };

  const listener = (n: EngineNotification): void => {
    if (n.entityType === 'workflow') workflowOf.set(n.executionId, n.name);
    const workflow = n.entityType === 'workflow' ? n.name : (workflowOf.get(n.executionId) ?? '');
    if (isRetryDelay(n)) retries.inc({ workflow });
    if (!FINAL_STATES.has(n.state)) {
      // The first RUNNING counts: a task's duration includes its retries and policy waits.
      if (n.state === 'RUNNING' && !started.has(n.entityId)) started.set(n.entityId, n.at);
      return;
    }
    const duration = seconds(n);
    if (n.entityType === 'workflow') {
      workflowsFinished.inc({ workflow, state: n.state });
      if (duration !== undefined) workflowDuration.observe({ workflow, state: n.state }, duration);
    } else if (n.entityType === 'task') {
      tasksFinished.inc({ workflow, state: n.state });
      if (duration !== undefined) taskDuration.observe({ workflow, state: n.state }, duration);
    } else if (duration !== undefined) {
      actionDuration.observe({ action: n.name, state: n.state }, duration);
    }
  };
  const unsubscribe = engine.engine.subscribe(listener);

  return {
    registry,
    close: () => {
      unsubscribe();
    },
    get trackedCount() {
      return started.size;
    },
  };
}
