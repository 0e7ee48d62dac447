/**
 * Resource sharing (API digest §2.1): an owner project invites a member project, which accepts or
 * rejects. Accepted members can read the resource (see visibility.ts).
 */
import type { EpochMs, MemberStatus, NewResourceMember, ResourceMember, StoreDb } from '../schema.js';

export interface MemberKey {
  readonly resourceId: string;
  readonly resourceType: 'workflow';
  readonly memberId: string;
}

/** Fails as a unique violation when the project is already a member. */
export function insertMember(db: StoreDb, row: NewResourceMember): Promise<ResourceMember> {
  return db.insertInto('resource_members').values(row).returningAll().executeTakeFirstOrThrow();
}

export function getMember(db: StoreDb, key: MemberKey): Promise<ResourceMember | undefined> {
  return db
    .selectFrom('resource_members')
    .selectAll()
    .where('resource_id', '=', key.resourceId)
    .where('resource_type', '=', key.resourceType)
    .where('member_id', '=', key.memberId)
    .executeTakeFirst();
}

export function listMembers(
  db: StoreDb,
  resource: { readonly resourceId: string; readonly resourceType: 'workflow' },
): Promise<ResourceMember[]> {
  return db
    .selectFrom('resource_members')
    .selectAll()
    .where('resource_id', '=', resource.resourceId)
    .where('resource_type', '=', resource.resourceType)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function updateMemberStatus(
  db: StoreDb,
  key: MemberKey & { readonly status: MemberStatus; readonly updatedAt: EpochMs },
): Promise<ResourceMember | undefined> {
  return db
    .updateTable('resource_members')
    .set({ status: key.status, updated_at: key.updatedAt })
    .where('resource_id', '=', key.resourceId)
    .where('resource_type', '=', key.resourceType)
    .where('member_id', '=', key.memberId)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteMember(db: StoreDb, key: MemberKey): Promise<boolean> {
  const result = await db
    .deleteFrom('resource_members')
    .where('resource_id', '=', key.resourceId)
    .where('resource_type', '=', key.resourceType)
    .where('member_id', '=', key.memberId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Removes every membership of a resource (when the resource itself is deleted). */
export async function deleteMembersOf(
  db: StoreDb,
  resource: { readonly resourceId: string; readonly resourceType: 'workflow' },
): Promise<number> {
  const result = await db
    .deleteFrom('resource_members')
    .where('resource_id', '=', resource.resourceId)
    .where('resource_type', '=', resource.resourceType)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
