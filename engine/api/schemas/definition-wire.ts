/**
 * The fields workbooks and workflow definitions share on the wire: each kind's own fields stand
 * between a common head (id, name, namespace) and tail (tags, scope, project, times), in Mistral's
 * order, which `fields=` and the serializer both follow.
 */
import { z } from 'zod';
import type { Scope } from '../../store/schema.js';
import { wireTags, wireTime } from '../serialize.js';
import type { WireObject } from '../serialize.js';
import { itemSchema, scopeSchema, tagsSchema, wireTimeSchema } from './wire.js';

/** The stored columns the shared fields are read from. */
export interface StoredDefinitionRow {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly tags_json: string;
  readonly scope: Scope;
  readonly project_id: string;
  readonly created_at: number;
  readonly updated_at: number;
}

export function definitionSchema<S extends z.ZodRawShape>(own: S) {
  return itemSchema({
    id: z.string(),
    name: z.string(),
    namespace: z.string(),
    ...own,
    tags: tagsSchema,
    scope: scopeSchema,
    project_id: z.string(),
    created_at: wireTimeSchema,
    updated_at: wireTimeSchema,
  });
}

export function definitionWire(row: StoredDefinitionRow, own: WireObject): WireObject {
  return {
    id: row.id,
    name: row.name,
    namespace: row.namespace,
    ...own,
    tags: wireTags(row.tags_json),
    scope: row.scope,
    project_id: row.project_id,
    created_at: wireTime(row.created_at),
    updated_at: wireTime(row.updated_at),
  };
}
