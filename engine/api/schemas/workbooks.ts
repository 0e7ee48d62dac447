/** Workbooks on the wire (API digest §1). */
import { z } from 'zod';
import type { Workbook } from '../../store/schema.js';
import { enumFilter, sortColumns, tagsFilter, textFilter, timeFilter } from '../list-query.js';
import type { ListResource } from '../list-query.js';
import type { WireObject } from '../serialize.js';
import { definitionSchema, definitionWire } from './definition-wire.js';
import { listSchema } from './wire.js';

export const workbookSchema = definitionSchema({
  definition: z.string(),
});

export const workbookListSchema = listSchema('workbooks', workbookSchema);

export function workbookWire(row: Workbook): WireObject {
  return definitionWire(row, { definition: row.definition });
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
