import { describe, expect, it } from 'vitest';
import type { AuthContext } from './auth/auth-context.js';
import { NOAUTH_CONTEXT } from './auth/auth-context.js';
import type { ResourceMember } from '../store/schema.js';
import {
  createDecision,
  listViewer,
  memberDeleteDecision,
  memberReadDecision,
  memberStatusDecision,
  readDecision,
  writeDecision,
} from './policy.js';
import type { Decision, Owned } from './policy.js';

function caller(projectId: string, roles: string[]): AuthContext {
  return {
    ...NOAUTH_CONTEXT,
    projectId,
    roles,
    isAdmin: roles.includes('admin'),
    readOnly: !roles.includes('admin') && !roles.includes('member'),
  };
}

const admin = caller('p1', ['admin']);
const member = caller('p1', ['member']);
const reader = caller('p1', ['reader']);
const otherAdmin = caller('p2', ['admin']);
const other = caller('p2', ['member']);

const own: Owned = { project_id: 'p1', scope: 'private' };
const ownPublic: Owned = { project_id: 'p1', scope: 'public' };
const foreign: Owned = { project_id: 'p9', scope: 'private' };
const foreignPublic: Owned = { project_id: 'p9', scope: 'public' };
const system: Owned = { project_id: null, scope: 'public' };

describe('policy', () => {
  it.each<[string, AuthContext, Owned, boolean, Decision]>([
    ['own private', member, own, false, 'allow'],
    ['own private, reader', reader, own, false, 'allow'],
    ['another project, private', member, foreign, false, 'not-found'],
    ['another project, private, admin', admin, foreign, false, 'not-found'],
    ['another project, private, shared', member, foreign, true, 'allow'],
    ['another project, public', other, foreignPublic, false, 'allow'],
    ['built-in', reader, system, false, 'allow'],
  ])('reads: %s', (_name, auth, object, shared, expected) => {
    expect(readDecision(auth, object, shared)).toBe(expected);
  });

  it.each<[string, AuthContext, Owned, 'private' | 'public' | undefined, boolean, Decision]>([
    ['own', member, own, undefined, false, 'allow'],
    ['own, reader', reader, own, undefined, false, 'forbidden'],
    ['own, made public by a member', member, own, 'public', false, 'forbidden'],
    ['own, made public by an admin', admin, own, 'public', false, 'allow'],
    ['own public, kept public by a member', member, ownPublic, 'public', false, 'allow'],
    ['own public, made private', member, ownPublic, 'private', false, 'allow'],
    ['another project, private: never leaks', member, foreign, undefined, false, 'not-found'],
    ['another project, private, even for readers', reader, foreign, undefined, false, 'not-found'],
    ['another project, private, admin of another project', otherAdmin, foreign, undefined, false, 'not-found'],
    ['another project, public', other, foreignPublic, undefined, false, 'forbidden'],
    ['another project, shared', other, foreign, undefined, true, 'forbidden'],
    ['built-in', admin, system, undefined, false, 'forbidden'],
  ])('writes: %s', (_name, auth, object, scope, shared, expected) => {
    expect(writeDecision(auth, object, scope, shared)).toBe(expected);
  });

  it.each<[string, AuthContext, 'private' | 'public', Decision]>([
    ['private by a member', member, 'private', 'allow'],
    ['private by a reader', reader, 'private', 'forbidden'],
    ['public by a member', member, 'public', 'forbidden'],
    ['public by an admin', admin, 'public', 'allow'],
  ])('creates: %s', (_name, auth, scope, expected) => {
    expect(createDecision(auth, scope)).toBe(expected);
  });

  it.each<[string, AuthContext, boolean, boolean, boolean | 'forbidden']>([
    ['member, own project', member, false, false, false],
    ['member, all_projects', member, true, false, 'forbidden'],
    ['reader, all_projects', reader, true, false, 'forbidden'],
    ['admin, own project', admin, false, false, false],
    ['admin, all_projects', admin, true, false, true],
    ['admin filtering on project_id', admin, false, true, true],
    ['member filtering on project_id', member, false, true, false],
  ])('lists: %s', (_name, auth, allProjects, projectFilter, expected) => {
    const run = () => listViewer(auth, { allProjects, projectFilter });
    if (expected === 'forbidden') expect(run).toThrow(expect.objectContaining({ statusCode: 403 }));
    else expect(run()).toEqual({ projectId: auth.projectId, allProjects: expected });
  });

  const membership: ResourceMember = {
    id: 'm1',
    resource_id: 'wf1',
    resource_type: 'workflow',
    project_id: 'p1',
    member_id: 'p2',
    status: 'pending',
    created_at: 0,
    updated_at: 0,
  };

  it.each<[string, AuthContext, Decision, Decision, Decision]>([
    // caller, read, status change, delete
    ['the owner', member, 'allow', 'not-found', 'allow'],
    ['the member project', other, 'allow', 'allow', 'allow'],
    ['the member project, read-only', caller('p2', ['reader']), 'allow', 'forbidden', 'forbidden'],
    ['a third project', caller('p3', ['admin']), 'not-found', 'not-found', 'not-found'],
  ])('memberships: %s', (_name, auth, read, status, remove) => {
    expect(memberReadDecision(auth, membership)).toBe(read);
    expect(memberStatusDecision(auth, membership)).toBe(status);
    expect(memberDeleteDecision(auth, membership)).toBe(remove);
  });
});
