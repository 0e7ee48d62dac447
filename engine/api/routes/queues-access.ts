/**
 * Who may touch a queued action execution, and its completion through `PUT /v2/action_executions`.
 *
 * Workers see only their project's queues; admins may poll every project's (`all_projects=true`),
 * so an admin may also complete another project's queued action execution. Either way the lease
 * is the capability: a queued action execution completes only with the id of the lease its worker
 * holds, sent in the `X-Convection-Lease-Id` header; anything else answers 409 and changes nothing.
 */
import type { FastifyRequest } from 'fastify';
import type { ConvectionEngine } from '../../index.js';
import type { Completion } from '../../runtime/queues/queue-service.js';
import { getActionExecution } from '../../store/repositories/action-executions.js';
import type { ActionExecution, StoreDb } from '../../store/schema.js';
import type { AuthContext } from '../auth/auth-context.js';
import { ApiErrors } from '../errors.js';
import { enforce, writeDecision } from '../policy.js';
import { readableActionExecution } from './runtime-scope.js';

export const LEASE_HEADER = 'x-convection-lease-id';

/** The action execution the caller may complete or heartbeat (404/403 otherwise). */
export async function workableActionExecution(db: StoreDb, id: string, auth: AuthContext): Promise<ActionExecution> {
  if (auth.isAdmin) {
    const row = await getActionExecution(db, id);
    if (row !== undefined && row.queue_name !== null) return row;
  }
  const row = await readableActionExecution(db, id, auth);
  enforce(writeDecision(auth, row), { notFound: `Action execution not found [id=${row.id}]` });
  return row;
}

/** Completes a queued action execution with the lease its worker presents. */
export async function completeQueued(engine: ConvectionEngine, row: ActionExecution, request: FastifyRequest, completion: Completion): Promise<void> {
  const raw = request.headers[LEASE_HEADER];
  const leaseId = typeof raw === 'string' ? raw.trim() : '';
  if (leaseId === '') {
    throw new ApiErrors.Conflict(`Action execution ${row.id} is handled by the workers of queue ${row.queue_name ?? ''}: complete it with their lease in the X-Convection-Lease-Id header`);
  }
  await engine.queues.complete(row, leaseId, completion);
}
