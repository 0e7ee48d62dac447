/** Cron triggers on the wire (API digest §7). */
import { z } from 'zod';
import type { CronTrigger } from '../../store/schema.js';
import { enumFilter, integerFilter, textFilter, timeFilter } from '../list-query.js';
import type { ListResource } from '../list-query.js';
import { wireTime } from '../serialize.js';
import type { WireObject } from '../serialize.js';
import { triggerOwnerFilters, triggerOwnerSortKeys, triggerScopeBodyShape, triggerTimesShape, triggerTimesWire, triggerWorkflowBodyShape, triggerWorkflowFilters, triggerWorkflowShape, triggerWorkflowWire } from './trigger-wire.js';
import { itemSchema, listSchema, scopeSchema, wireTimeSchema } from './wire.js';

export const cronTriggerSchema = itemSchema({
  id: z.string(),
  name: z.string(),
  workflow_name: z.string(),
  ...triggerWorkflowShape,
  project_id: z.string(),
  scope: scopeSchema,
  pattern: z.string().nullable(),
  remaining_executions: z.number().int().nullable(),
  first_execution_time: wireTimeSchema,
  next_execution_time: wireTimeSchema,
  ...triggerTimesShape,
});

export const cronTriggerListSchema = listSchema('cron_triggers', cronTriggerSchema);

/**
 * POST: the CronTrigger resource's attributes (read-only ones ignored). python-mistralclient
 * sends `pattern`, `first_execution_time` and `remaining_executions` as null when not given.
 */
export const cronTriggerBodySchema = z
  .object({
    name: z.string().min(1).max(255),
    workflow_name: z.string().nullable().optional(),
    ...triggerWorkflowBodyShape,
    ...triggerScopeBodyShape,
    pattern: z.string().nullable().optional(),
    remaining_executions: z.number().int().min(1).nullable().optional(),
    first_execution_time: z.string().nullable().optional(),
    next_execution_time: z.unknown().optional(),
  })
  .strict();

export function cronTriggerWire(row: CronTrigger): WireObject {
  return {
    id: row.id,
    name: row.name,
    workflow_name: row.workflow_name,
    ...triggerWorkflowWire(row),
    project_id: row.project_id,
    scope: row.scope,
    pattern: row.pattern,
    remaining_executions: row.remaining_executions,
    first_execution_time: wireTime(row.first_execution_time),
    next_execution_time: wireTime(row.next_execution_time),
    ...triggerTimesWire(row),
  };
}

export const cronTriggerList: ListResource<CronTrigger> = {
  collection: 'cron_triggers',
  fields: Object.keys(cronTriggerSchema.shape),
  filters: {
    name: textFilter('name'),
    workflow_name: textFilter('workflow_name'),
    ...triggerWorkflowFilters,
    scope: enumFilter('scope', ['private', 'public']),
    pattern: textFilter('pattern'),
    remaining_executions: integerFilter('remaining_executions'),
    first_execution_time: timeFilter('first_execution_time'),
    next_execution_time: timeFilter('next_execution_time'),
    ...triggerOwnerFilters,
  },
  sortKeys: {
    id: { column: 'id' },
    name: { column: 'name' },
    workflow_name: { column: 'workflow_name' },
    workflow_id: { column: 'workflow_id' },
    scope: { column: 'scope' },
    pattern: { column: 'pattern', nullable: true },
    remaining_executions: { column: 'remaining_executions', nullable: true },
    first_execution_time: { column: 'first_execution_time', nullable: true },
    next_execution_time: { column: 'next_execution_time' },
    ...triggerOwnerSortKeys,
  },
  parameters: ['all_projects'],
  serialize: cronTriggerWire,
};
