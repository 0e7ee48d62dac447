/**
 * Actions on the wire (API digest §3): the built-in actions of the registry and the stored ad-hoc
 * ones, listed together.
 */
import { z } from 'zod';
import type { ActionSummary } from '../../actions/registry.js';
import type { Scope } from '../../store/schema.js';
import { booleanFilter, enumFilter, sortColumns, tagsFilter, textFilter, timeFilter } from '../list-query.js';
import type { ListResource } from '../list-query.js';
import { wireTags, wireTime } from '../serialize.js';
import type { WireObject } from '../serialize.js';
import { itemSchema, listSchema, scopeSchema, tagsSchema, wireTimeSchema } from './wire.js';

export const actionSchema = itemSchema({
  /** A UUID for ad-hoc actions; the name for built-in ones. */
  id: z.string(),
  name: z.string(),
  namespace: z.string(),
  is_system: z.boolean(),
  /** Parameter text, e.g. `output, delay=0`. */
  input: z.string(),
  description: z.string().nullable(),
  tags: tagsSchema,
  definition: z.string().nullable(),
  scope: scopeSchema,
  project_id: z.string().nullable(),
  created_at: wireTimeSchema,
  updated_at: wireTimeSchema,
});

export const actionListSchema = listSchema('actions', actionSchema);

/** A listed action: a stored ad-hoc action row, or a built-in action shaped like one. */
export interface ActionRow {
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  /** Null for built-in actions, which belong to no project. */
  readonly project_id: string | null;
  readonly scope: Scope;
  readonly definition: string | null;
  readonly description: string | null;
  readonly input: string;
  readonly tags_json: string;
  readonly is_system: boolean;
  readonly created_at: number | null;
  readonly updated_at: number | null;
}

export function systemActionRow(action: ActionSummary): ActionRow {
  return {
    id: action.name,
    name: action.name,
    namespace: '',
    project_id: null,
    scope: 'public',
    definition: null,
    description: action.description,
    input: action.input,
    tags_json: '[]',
    is_system: true,
    created_at: null,
    updated_at: null,
  };
}

export function actionWire(row: ActionRow): WireObject {
  return {
    id: row.id,
    name: row.name,
    namespace: row.namespace,
    is_system: row.is_system,
    input: row.input,
    description: row.description,
    tags: wireTags(row.tags_json),
    definition: row.definition,
    scope: row.scope,
    project_id: row.project_id,
    created_at: wireTime(row.created_at),
    updated_at: wireTime(row.updated_at),
  };
}

export const actionList: ListResource<ActionRow> = {
  collection: 'actions',
  fields: Object.keys(actionSchema.shape),
  filters: {
    name: textFilter('name'),
    scope: enumFilter('scope', ['private', 'public']),
    tags: tagsFilter(),
    created_at: timeFilter('created_at'),
    updated_at: timeFilter('updated_at'),
    description: textFilter('description'),
    definition: textFilter('definition'),
    is_system: booleanFilter('is_system'),
    input: textFilter('input'),
    namespace: textFilter('namespace'),
  },
  sortKeys: sortColumns(
    ['id', 'name', 'namespace', 'scope', 'project_id', 'description', 'definition', 'input', 'is_system', 'created_at', 'updated_at'],
    ['project_id', 'description', 'definition', 'created_at', 'updated_at'],
  ),
  defaultSortKeys: ['name'],
  // Mistral pages actions by name; the id (the name, for built-ins) is unambiguous across namespaces.
  markerColumns: ['id', 'name'],
  serialize: actionWire,
};
