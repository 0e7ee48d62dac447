/** Task queues on the wire: polls, heartbeats, limits and queue listings (Convection's own API). */
import { z } from 'zod';
import { dumpJson } from '../../language/values/json.js';
import { decode } from '../../runtime/persistence/codec.js';
import type { QueueLimits, QueueStats } from '../../store/repositories/queues.js';
import type { ActionExecution } from '../../store/schema.js';

/** `POST /v2/queues/{name}/poll`. */
export const pollBodySchema = z
  .object({
    /** Most items leased by this poll. */
    batch_size: z.int().min(1).max(100).default(1),
    /** Longest the poll waits for a first item; 0 answers at once. */
    wait_seconds: z.number().min(0).max(60).default(20),
    /** How long each lease lasts without a heartbeat. */
    lease_seconds: z.number().min(1).max(3600).default(30),
    /** Who is polling, recorded on the leases (shown when one expires). */
    worker: z.string().min(1).max(200).optional(),
  })
  .strict();

/** `POST /v2/queues/{name}/heartbeat`; `progress` is any JSON (read through the codec). */
export const heartbeatBodySchema = z
  .object({
    action_execution_id: z.string().min(1),
    lease_id: z.string().min(1),
    lease_seconds: z.number().min(1).max(3600).default(30),
    progress: z.unknown().optional(),
  })
  .strict();

/** `POST /v2/queues/{name}/release`. */
export const releaseBodySchema = z
  .object({
    action_execution_id: z.string().min(1),
    lease_id: z.string().min(1),
  })
  .strict();

/** `PUT /v2/queues/{name}`: null (or absent) lifts a limit. */
export const limitsBodySchema = z
  .object({
    max_concurrency: z.int().min(1).max(1_000_000).nullable().optional(),
    /** Leases granted per second, on average. */
    rate_limit: z.number().positive().max(1_000_000).nullable().optional(),
    /** Leases granted at once after an idle spell (default max(1, rate_limit)). */
    burst: z.int().min(1).max(1_000_000).nullable().optional(),
  })
  .strict();

export function limitsFromBody(body: z.infer<typeof limitsBodySchema>): QueueLimits {
  return { maxConcurrency: body.max_concurrency ?? null, ratePerSecond: body.rate_limit ?? null, burst: body.burst ?? null };
}

export function queueWire(q: QueueStats): Record<string, unknown> {
  return {
    name: q.name,
    project_id: q.projectId,
    depth: q.depth,
    leased: q.leased,
    max_concurrency: q.limits.maxConcurrency,
    rate_limit: q.limits.ratePerSecond,
    burst: q.limits.burst,
  };
}

/** A leased item as a worker receives it: what to run, with what, and the lease to present. */
export function leasedItemWire(row: ActionExecution, leaseSeconds: number): Record<string, unknown> {
  return {
    id: row.id,
    name: row.name,
    queue: row.queue_name,
    project_id: row.project_id,
    input: JSON.parse(dumpJson(decode(row.queue_input_json))) as unknown,
    lease_id: row.lease_id,
    lease_expires_at: row.lease_expires_at === null ? null : new Date(row.lease_expires_at).toISOString(),
    lease_seconds: leaseSeconds,
    attempt: row.attempt,
    workflow_execution_id: row.workflow_execution_id,
    workflow_name: row.workflow_name,
    task_execution_id: row.task_execution_id,
    task_name: row.task_name,
  };
}
