/**
 * Who may do what (API digest §0.3): the only place routes ask. Every function is pure over the
 * caller's {@link AuthContext} and the stored object, so the rules read (and are tested) as a table.
 *
 * - Reads see the caller's project, `public` objects and workflows shared with the caller's project
 *   (accepted members); the store's `visibleTo` is the same rule in SQL.
 * - Admins may list every project with `all_projects=true` (others: 403), or by filtering on a
 *   `project_id`.
 * - Writes only touch the caller's own project. Another project's object answers 404 when the caller
 *   cannot even see it (existence never leaks) and 403 when it is visible (public or shared).
 * - Readers (`readOnly`) get 403 on every write; making an object `public` needs admin.
 */
import type { AuthContext } from './auth/auth-context.js';
import type { Viewer } from '../store/repositories/visibility.js';
import type { ResourceMember, Scope } from '../store/schema.js';
import { ApiErrors } from './errors.js';

export type Decision = 'allow' | 'forbidden' | 'not-found';

/**
 * What the rules need of a stored object. System actions have no project; objects without a
 * scope (executions, tasks, action executions) are private to their project.
 */
export interface Owned {
  readonly project_id: string | null;
  readonly scope?: Scope;
}

export interface ListScope {
  /** `all_projects=true` was asked for. */
  readonly allProjects: boolean;
  /** A `project_id` filter was given (an admin filtering on it sees that project's private objects). */
  readonly projectFilter?: boolean;
}

/** May the caller change anything at all (any POST/PUT/DELETE)? */
export function mayWrite(auth: AuthContext): boolean {
  return !auth.readOnly;
}

/** The caller's view for lists; throws 403 when a non-admin asks for all projects. */
export function listViewer(auth: AuthContext, scope: ListScope): Viewer {
  if (scope.allProjects && !auth.isAdmin) throw new ApiErrors.Forbidden('Only admins may list all projects (all_projects)');
  return { projectId: auth.projectId, allProjects: auth.isAdmin && (scope.allProjects || scope.projectFilter === true) };
}

/** The caller's view for reading one object. */
export function readViewer(auth: AuthContext): Viewer {
  return { projectId: auth.projectId };
}

/** Reading one object; `shared` = the object is a workflow shared with the caller's project. */
export function readDecision(auth: AuthContext, object: Owned, shared = false): Decision {
  if (object.project_id === null || object.scope === 'public') return 'allow';
  if (object.project_id === auth.projectId || shared) return 'allow';
  return 'not-found';
}

/** Creating an object with `scope`. */
export function createDecision(auth: AuthContext, scope: Scope): Decision {
  if (auth.readOnly) return 'forbidden';
  if (scope === 'public' && !auth.isAdmin) return 'forbidden';
  return 'allow';
}

/** Changing or deleting `object`, optionally setting its scope to `newScope`. */
export function writeDecision(auth: AuthContext, object: Owned, newScope?: Scope, shared = false): Decision {
  if (readDecision(auth, object, shared) === 'not-found') return 'not-found';
  if (auth.readOnly) return 'forbidden';
  if (object.project_id !== auth.projectId) return 'forbidden';
  if (newScope === 'public' && object.scope !== 'public' && !auth.isAdmin) return 'forbidden';
  return 'allow';
}

/** Seeing a membership: the resource's owner sees all, a member project its own. */
export function memberReadDecision(auth: AuthContext, member: ResourceMember): Decision {
  return member.project_id === auth.projectId || member.member_id === auth.projectId ? 'allow' : 'not-found';
}

/** Accepting or rejecting a share is the member project's call, never the owner's. */
export function memberStatusDecision(auth: AuthContext, member: ResourceMember): Decision {
  if (memberReadDecision(auth, member) === 'not-found' || member.member_id !== auth.projectId) return 'not-found';
  return auth.readOnly ? 'forbidden' : 'allow';
}

/** Either side may end a share. */
export function memberDeleteDecision(auth: AuthContext, member: ResourceMember): Decision {
  if (memberReadDecision(auth, member) === 'not-found') return 'not-found';
  return auth.readOnly ? 'forbidden' : 'allow';
}

/** Throws the API error a refusal answers with. */
export function enforce(decision: Decision, messages: { readonly notFound: string; readonly forbidden?: string }): void {
  if (decision === 'not-found') throw new ApiErrors.NotFound(messages.notFound);
  if (decision === 'forbidden') throw new ApiErrors.Forbidden(messages.forbidden ?? 'Operation not allowed for this project or role');
}
