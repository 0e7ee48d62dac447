/** Environments on the wire (API digest §8). */
import { z } from 'zod';
import type { Environment } from '../../store/schema.js';
import { enumFilter, jsonFilter, sortColumns, textFilter, timeFilter } from '../list-query.js';
import type { ListResource } from '../list-query.js';
import { wireTime } from '../serialize.js';
import type { WireObject } from '../serialize.js';
import { itemSchema, jsonTextSchema, listSchema, scopeSchema, wireTimeSchema } from './wire.js';

export const environmentSchema = itemSchema({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  /** JSON text of an object. */
  variables: jsonTextSchema,
  scope: scopeSchema,
  project_id: z.string(),
  created_at: wireTimeSchema,
  updated_at: wireTimeSchema,
});

export const environmentListSchema = listSchema('environments', environmentSchema);

/** What POST and PUT accept (only these keys, as Mistral); `variables` is an object or its JSON text. */
export const environmentBodySchema = z
  .object({
    name: z.string().min(1).max(255),
    description: z.string().nullable().optional(),
    // Checked by serialize.ts from the codec's parse, which keeps floats and key order.
    variables: z.unknown().optional(),
    scope: z.string().optional(),
  })
  .strict();

export function environmentWire(row: Environment): WireObject {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    variables: row.variables_json,
    scope: row.scope,
    project_id: row.project_id,
    created_at: wireTime(row.created_at),
    updated_at: wireTime(row.updated_at),
  };
}

export const environmentList: ListResource<Environment> = {
  collection: 'environments',
  fields: Object.keys(environmentSchema.shape),
  filters: {
    name: textFilter('name'),
    description: textFilter('description'),
    variables: jsonFilter('variables_json'),
    scope: enumFilter('scope', ['private', 'public']),
    created_at: timeFilter('created_at'),
    updated_at: timeFilter('updated_at'),
  },
  sortKeys: {
    ...sortColumns(['id', 'name', 'scope', 'project_id', 'created_at', 'updated_at']),
    description: { column: 'description', nullable: true },
  },
  serialize: environmentWire,
};
