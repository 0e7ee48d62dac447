/** Workbooks on the wire (API digest §1). */
import { z } from 'zod';
import type { Workbook } from '../../store/schema.js';
import { enumFilter, sortColumns, tagsFilter, textFilter, timeFilter } from '../list-query.js';
import type { ListResource } from '../list-query.js';
import { wireTags, wireTime } from '../serialize.js';
import type { WireObject } from '../serialize.js';
import { itemSchema, listSchema, scopeSchema, tagsSchema, wireTimeSchema } from './wire.js';

export const workbookSchema = itemSchema({
  id: z.string(),
  name: z.string(),
  namespace: z.string(),
  definition: z.string(),
  tags: tagsSchema,
  scope: scopeSchema,
  project_id: z.string(),
  created_at: wireTimeSchema,
  updated_at: wireTimeSchema,
});

export const workbookListSchema = listSchema('workbooks', workbookSchema);

export function workbookWire(row: Workbook): WireObject {
  return {
    id: row.id,
    name: row.name,
    namespace: row.namespace,
    definition: row.definition,
    tags: wireTags(row.tags_json),
    scope: row.scope,
    project_id: row.project_id,
    created_at: wireTime(row.created_at),
    updated_at: wireTime(row.updated_at),
  };
}

export const workbookList: ListResource<Workbook> = {
  collection: 'workbooks',
  fields: Object.keys(workbookSchema.shape),
  filters: {
    name: textFilter('name'),
    definition: textFilter('definition'),
    tags: tagsFilter(),
    scope: enumFilter('scope', ['private', 'public']),
    created_at: timeFilter('created_at'),
    updated_at: timeFilter('updated_at'),
    namespace: textFilter('namespace'),
  },
  sortKeys: sortColumns(['id', 'name', 'namespace', 'definition', 'scope', 'project_id', 'created_at', 'updated_at']),
  serialize: workbookWire,
};
