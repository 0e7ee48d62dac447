/** Workflow sharing memberships on the wire (API digest §2.1). */
import { z } from 'zod';
import type { ResourceMember } from '../../store/schema.js';
import { wireTime } from '../serialize.js';
import type { WireObject } from '../serialize.js';
import { itemSchema, listSchema, wireTimeSchema } from './wire.js';

export const memberSchema = itemSchema({
  id: z.string(),
  resource_id: z.string(),
  resource_type: z.string(),
  /** The owner's project. */
  project_id: z.string(),
  member_id: z.string(),
  status: z.enum(['pending', 'accepted', 'rejected']),
  created_at: wireTimeSchema,
  updated_at: wireTimeSchema,
});

export const memberListSchema = listSchema('members', memberSchema);

export const memberCreateSchema = z.object({ member_id: z.string().min(1, 'Member id must be provided.') }).passthrough();
export const memberUpdateSchema = z
  .object({ status: z.enum(['pending', 'accepted', 'rejected'], { message: 'Status must be one of pending, accepted, rejected.' }) })
  .passthrough();

export function memberWire(row: ResourceMember): WireObject {
  return {
    id: row.id,
    resource_id: row.resource_id,
    resource_type: row.resource_type,
    project_id: row.project_id,
    member_id: row.member_id,
    status: row.status,
    created_at: wireTime(row.created_at),
    updated_at: wireTime(row.updated_at),
  };
}
