/**
 * Project scoping for the runtime resources (executions, tasks, action executions). They have no
 * `scope` column: each is private to the project that started it (API digest §0.3), so reads of
 * another project's object answer 404, exactly like an id that does not exist.
 */
import { sql } from 'kysely';
import type { Expression, SqlBool } from 'kysely';
import type { Viewer } from '../../store/repositories/visibility.js';
import { getActionExecution } from '../../store/repositories/action-executions.js';
import { getWorkflowExecution } from '../../store/repositories/executions.js';
import { getTaskExecution } from '../../store/repositories/tasks.js';
import type { ActionExecution, StoreDb, TaskExecution, WorkflowExecution } from '../../store/schema.js';
import type { AuthContext } from '../auth/auth-context.js';
import { ApiErrors } from '../errors.js';
import type { ListQuery } from '../list-query.js';
import { enforce, listViewer, readDecision, writeDecision } from '../policy.js';
import { boolParam } from '../request-input.js';

/** The rows of the viewer's project, or every project's for an admin listing all of them. */
export function ownedBy(viewer: Viewer): Expression<SqlBool> {
  if (viewer.allProjects === true) return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`${sql.ref('project_id')} = ${viewer.projectId}`;
}

/**
 * The list viewer of a resource with Mistral's `<resource>:list:all_projects` rule: both
 * `all_projects=true` and a `project_id` filter need admin (403 otherwise).
 */
export function adminListViewer(auth: AuthContext, query: ListQuery): Viewer {
  const projectFilter = query.filters.some((f) => f.field === 'project_id');
  if (projectFilter && !auth.isAdmin) throw new ApiErrors.Forbidden('Only admins may filter on project_id');
  const raw = query.parameters.get('all_projects');
  const allProjects = raw !== undefined && raw !== '' && boolParam(query.parameters, 'all_projects', false);
  return listViewer(auth, { allProjects, projectFilter });
}

export function executionNotFound(id: string): string {
  return `Execution not found [id=${id}]`;
}

export async function readableExecution(db: StoreDb, id: string, auth: AuthContext): Promise<WorkflowExecution> {
  const row = await getWorkflowExecution(db, id);
  if (row === undefined || readDecision(auth, row) === 'not-found') throw new ApiErrors.NotFound(executionNotFound(id));
  return row;
}

export async function writableExecution(db: StoreDb, id: string, auth: AuthContext): Promise<WorkflowExecution> {
  const row = await readableExecution(db, id, auth);
  enforce(writeDecision(auth, row), { notFound: executionNotFound(id), forbidden: 'Can not change executions of other projects.' });
  return row;
}

export async function readableTask(db: StoreDb, id: string, auth: AuthContext): Promise<TaskExecution> {
  const row = await getTaskExecution(db, id);
  if (row === undefined || readDecision(auth, row) === 'not-found') throw new ApiErrors.NotFound(`Task execution not found [id=${id}]`);
  return row;
}

export async function readableActionExecution(db: StoreDb, id: string, auth: AuthContext): Promise<ActionExecution> {
  const row = await getActionExecution(db, id);
  if (row === undefined || readDecision(auth, row) === 'not-found') throw new ApiErrors.NotFound(`Action execution not found [id=${id}]`);
  return row;
}
