import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { isUniqueViolation } from '../dialect.js';
import { describeEachStore } from '../testing/each-store.js';
import { T0, newWorkflowDefinition } from '../testing/fixtures.js';
import type { NewActionDefinition, NewEnvironment, NewWorkbook } from '../schema.js';
import {
  findActionDefinition,
  insertActionDefinitions,
  listActionDefinitions,
  upsertActionDefinitions,
} from './action-definitions.js';
import { deleteEnvironment, findEnvironment, insertEnvironment, updateEnvironment } from './environments.js';
import { deleteMember, insertMember, listMembers, updateMemberStatus } from './members.js';
import { deleteWorkbook, findWorkbook, getWorkbook, insertWorkbook, listWorkbooks } from './workbooks.js';
import {
  deleteWorkflowDefinition,
  findWorkflowDefinition,
  getWorkflowDefinition,
  insertWorkflowDefinitions,
  listWorkbookWorkflows,
  listWorkflowDefinitions,
  updateWorkflowDefinition,
  upsertWorkflowDefinitions,
} from './workflow-definitions.js';

const rejection = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

function action(overrides: Partial<NewActionDefinition> = {}): NewActionDefinition {
  return {
    id: randomUUID(),
    name: 'my.action',
    project_id: 'p1',
    scope: 'private',
    definition: 'base: std.echo',
    spec_json: '{}',
    input: 'output',
    tags_json: '[]',
    created_at: T0,
    updated_at: T0,
    ...overrides,
  };
}

describeEachStore('workflow definitions', (ctx) => {
  it('keeps names unique per namespace and project', async () => {
    const db = ctx.store.db;
    await insertWorkflowDefinitions(db, [newWorkflowDefinition({ name: 'wf' })]);
    expect(isUniqueViolation(await rejection(insertWorkflowDefinitions(db, [newWorkflowDefinition({ name: 'wf' })])))).toBe(
      true,
    );
    await insertWorkflowDefinitions(db, [
      newWorkflowDefinition({ name: 'wf', namespace: 'ns' }),
      newWorkflowDefinition({ name: 'wf', project_id: 'p2' }),
    ]);
    expect((await listWorkflowDefinitions(db, { viewer: { projectId: 'p1' } }, { limit: 10 })).items).toHaveLength(2);
  });

  it('upserts by name, keeping the id and creation time', async () => {
    const [original] = await insertWorkflowDefinitions(ctx.store.db, [newWorkflowDefinition({ workbook_name: 'wb' })]);
    const [replaced] = await upsertWorkflowDefinitions(ctx.store.db, [
      newWorkflowDefinition({ definition: 'v2', checksum: '2', created_at: T0 + 9, updated_at: T0 + 9, workbook_name: 'wb' }),
    ]);
    expect(replaced).toMatchObject({ id: original?.id, created_at: T0, updated_at: T0 + 9, definition: 'v2' });
    expect((await listWorkbookWorkflows(ctx.store.db, { name: 'wb', namespace: '', projectId: 'p1' })).length).toBe(1);
  });

  it('resolves a name to the own project first, then public and accepted shares', async () => {
    const db = ctx.store.db;
    const [theirsPrivate, theirsPublic] = await insertWorkflowDefinitions(db, [
      newWorkflowDefinition({ name: 'private', project_id: 'other' }),
      newWorkflowDefinition({ name: 'shared', project_id: 'other', scope: 'public' }),
    ]);
    const find = (name: string) => findWorkflowDefinition(db, { name, viewer: { projectId: 'p1' } });
    expect(await find('private')).toBeUndefined();
    expect((await find('shared'))?.id).toBe(theirsPublic?.id);
    const [mine] = await insertWorkflowDefinitions(db, [newWorkflowDefinition({ name: 'shared', created_at: T0 + 1 })]);
    expect((await find('shared'))?.id).toBe(mine?.id);

    const member = { resourceId: theirsPrivate?.id ?? '', resourceType: 'workflow' as const, memberId: 'p1' };
    await insertMember(db, {
      id: randomUUID(),
      resource_id: member.resourceId,
      resource_type: 'workflow',
      project_id: 'other',
      member_id: 'p1',
      status: 'pending',
      created_at: T0,
      updated_at: T0,
    });
    expect(await find('private')).toBeUndefined();
    await updateMemberStatus(db, { ...member, status: 'accepted', updatedAt: T0 + 1 });
    expect((await find('private'))?.id).toBe(theirsPrivate?.id);
    expect(await getWorkflowDefinition(db, theirsPrivate?.id ?? '', { projectId: 'p3' })).toBeUndefined();
    expect(await getWorkflowDefinition(db, theirsPrivate?.id ?? '', { projectId: 'p3', allProjects: true })).toBeDefined();
  });

  it('filters lists by namespace and tags', async () => {
    await insertWorkflowDefinitions(ctx.store.db, [
      newWorkflowDefinition({ name: 'a', namespace: 'ns', tags_json: '["x", "y"]' }),
      newWorkflowDefinition({ name: 'b', namespace: 'ns', tags_json: '["x"]' }),
      newWorkflowDefinition({ name: 'c', tags_json: '["x", "y"]' }),
    ]);
    const page = await listWorkflowDefinitions(
      ctx.store.db,
      { viewer: { projectId: 'p1' }, namespace: 'ns', tags: ['y', 'x'] },
      { limit: 10 },
    );
    expect(page.items.map((w) => w.name)).toEqual(['a']);
  });

  it('updates and deletes by id', async () => {
    const [row] = await insertWorkflowDefinitions(ctx.store.db, [newWorkflowDefinition()]);
    const id = row?.id ?? '';
    expect(await updateWorkflowDefinition(ctx.store.db, id, { scope: 'public', updated_at: T0 + 1 })).toMatchObject({
      scope: 'public',
    });
    expect(await deleteWorkflowDefinition(ctx.store.db, id)).toBe(true);
    expect(await deleteWorkflowDefinition(ctx.store.db, id)).toBe(false);
  });
});

describeEachStore('workbooks, actions, environments and members', (ctx) => {
  it('stores workbooks uniquely per namespace and project', async () => {
    const wb: NewWorkbook = {
      id: randomUUID(),
      name: 'wb',
      project_id: 'p1',
      scope: 'private',
      definition: 'name: wb',
      spec_json: '{}',
      tags_json: '[]',
      checksum: '0',
      created_at: T0,
      updated_at: T0,
    };
    await insertWorkbook(ctx.store.db, wb);
    expect(isUniqueViolation(await rejection(insertWorkbook(ctx.store.db, { ...wb, id: randomUUID() })))).toBe(true);
    expect((await findWorkbook(ctx.store.db, { name: 'wb', viewer: { projectId: 'p1' } }))?.namespace).toBe('');
    expect((await listWorkbooks(ctx.store.db, { viewer: { projectId: 'p2' } }, { limit: 5 })).items).toEqual([]);
    expect(await deleteWorkbook(ctx.store.db, wb.id)).toBe(true);
    expect(await getWorkbook(ctx.store.db, wb.id)).toBeUndefined();
  });

  it('stores ad-hoc actions with defaults and upserts them by name', async () => {
    const [inserted] = await insertActionDefinitions(ctx.store.db, [action(), action({ name: 'other', is_system: true })]);
    expect(inserted).toMatchObject({ namespace: '', is_system: false, description: null, workbook_name: null });
    const [updated] = await upsertActionDefinitions(ctx.store.db, [action({ input: 'output, delay=0', updated_at: T0 + 1 })]);
    expect(updated).toMatchObject({ id: inserted?.id, input: 'output, delay=0' });
    expect((await findActionDefinition(ctx.store.db, { name: 'other', viewer: { projectId: 'p1' } }))?.is_system).toBe(true);
    expect((await listActionDefinitions(ctx.store.db, { viewer: { projectId: 'p1' } }, { limit: 5 })).items).toHaveLength(2);
  });

  it('keeps environment names unique per project', async () => {
    const env: NewEnvironment = {
      id: randomUUID(),
      name: 'prod',
      project_id: 'p1',
      scope: 'private',
      description: null,
      variables_json: '{"region": "RegionOne"}',
      created_at: T0,
      updated_at: T0,
    };
    await insertEnvironment(ctx.store.db, env);
    expect(isUniqueViolation(await rejection(insertEnvironment(ctx.store.db, { ...env, id: randomUUID() })))).toBe(true);
    await insertEnvironment(ctx.store.db, { ...env, id: randomUUID(), project_id: 'p2' });
    await updateEnvironment(ctx.store.db, env.id, { variables_json: '{}', updated_at: T0 + 1 });
    expect((await findEnvironment(ctx.store.db, { name: 'prod', viewer: { projectId: 'p1' } }))?.variables_json).toBe('{}');
    expect(await deleteEnvironment(ctx.store.db, env.id)).toBe(true);
  });

  it('adds each member once and removes it', async () => {
    const row = {
      id: randomUUID(),
      resource_id: 'wf-1',
      resource_type: 'workflow' as const,
      project_id: 'owner',
      member_id: 'p1',
      status: 'pending' as const,
      created_at: T0,
      updated_at: T0,
    };
    await insertMember(ctx.store.db, row);
    expect(isUniqueViolation(await rejection(insertMember(ctx.store.db, { ...row, id: randomUUID() })))).toBe(true);
    const key = { resourceId: 'wf-1', resourceType: 'workflow' as const };
    expect((await listMembers(ctx.store.db, key)).map((m) => m.member_id)).toEqual(['p1']);
    expect(await deleteMember(ctx.store.db, { ...key, memberId: 'p1' })).toBe(true);
    expect(await listMembers(ctx.store.db, key)).toEqual([]);
  });
});
