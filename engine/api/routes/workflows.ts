/**
 * `/v2/workflows` (API digest §2): YAML uploads in, JSON out. Lookups take a name (in `namespace`)
 * or an id; the sharing sub-resource lives in members.ts.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Viewer } from '../../store/repositories/visibility.js';
import { visibleTo } from '../../store/repositories/visibility.js';
import { findWorkflowDefinition, getWorkflowDefinition } from '../../store/repositories/workflow-definitions.js';
import type { StoreDb, WorkflowDefinition } from '../../store/schema.js';
import { ApiErrors } from '../errors.js';
import { fetchPage, hostUrl, listBody, parseFields, parseListQuery } from '../list-query.js';
import { createDecision, enforce, listViewer, readViewer, writeDecision } from '../policy.js';
import { boolParam, definitionText, namespaceOf, queryParams, rejectUnknown, scopeOf } from '../request-input.js';
import { isUuid } from '../route-options.js';
import type { ResourceOptions } from '../route-options.js';
import { pickFields } from '../serialize.js';
import { responseSchema, validationSchema } from '../schemas/wire.js';
import { workflowList, workflowListSchema, workflowSchema, workflowWire } from '../schemas/workflows.js';
import { validationResult } from '../validation-result.js';

/** By id (UUID-shaped identifiers) or by name in `namespace`, among what `viewer` may read. */
export async function findWorkflow(db: StoreDb, identifier: string, namespace: string, viewer: Viewer): Promise<WorkflowDefinition> {
  const row = isUuid(identifier)
    ? ((await getWorkflowDefinition(db, identifier, viewer)) ?? (await findWorkflowDefinition(db, { name: identifier, namespace, viewer })))
    : await findWorkflowDefinition(db, { name: identifier, namespace, viewer });
  if (row === undefined) throw new ApiErrors.NotFound(`Workflow not found [workflow_identifier=${identifier}, namespace=${namespace}]`);
  return row;
}

const one = { 200: responseSchema(workflowSchema) };
const many = responseSchema(workflowListSchema);

export const workflowRoutes: FastifyPluginAsync<ResourceOptions> = async (app, { engine }) => {
  const db = engine.store.db;

  app.get('/', { schema: { response: { 200: many } } }, async (request) => {
    const query = parseListQuery(request.query, workflowList);
    const viewer = listViewer(request.auth, {
      allProjects: boolParam(query.parameters, 'all_projects', false),
      projectFilter: query.filters.some((f) => f.field === 'project_id'),
    });
    const base = db.selectFrom('workflow_definitions').selectAll().where(visibleTo(viewer, 'workflow'));
    return listBody(hostUrl(request), workflowList, query, await fetchPage(base, workflowList, query));
  });

  app.get<{ Params: { identifier: string } }>('/:identifier', { schema: { response: one } }, async (request) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['namespace', 'fields']);
    const row = await findWorkflow(db, request.params.identifier, namespaceOf(params), readViewer(request.auth));
    return pickFields(workflowWire(row), parseFields(params.get('fields'), workflowList.fields));
  });

  app.post('/', { config: { faultBody: 'pecan' }, schema: { response: { 201: many } } }, async (request, reply) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['namespace', 'scope', 'skip_validation']);
    const scope = scopeOf(params.get('scope')) ?? 'private';
    enforce(createDecision(request.auth, scope), { notFound: '', forbidden: 'Only admins may create public workflows' });
    const text = definitionText(request.body);
    const rows = await engine.definitions.createWorkflows(text, { projectId: request.auth.projectId, namespace: namespaceOf(params), scope });
    return reply.code(201).send({ workflows: rows.map(workflowWire) });
  });

  app.put('/', { config: { faultBody: 'pecan' }, schema: { response: { 200: many } } }, async (request) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['namespace', 'scope', 'skip_validation']);
    const scope = scopeOf(params.get('scope'));
    if (scope === 'public') enforce(createDecision(request.auth, scope), { notFound: '', forbidden: 'Only admins may make workflows public' });
    const text = definitionText(request.body);
    const rows = await engine.definitions.updateWorkflows(text, { projectId: request.auth.projectId, namespace: namespaceOf(params), scope });
    return { workflows: rows.map(workflowWire) };
  });

  app.put<{ Params: { identifier: string } }>(
    '/:identifier',
    { config: { faultBody: 'pecan' }, schema: { response: one } },
    async (request) => {
      const params = queryParams(request.query);
      rejectUnknown(params, ['namespace', 'scope', 'skip_validation']);
      const scope = scopeOf(params.get('scope'));
      const row = await findWorkflow(db, request.params.identifier, namespaceOf(params), readViewer(request.auth));
      // Found through visibleTo: a private row of another project is one shared with the caller.
      enforce(writeDecision(request.auth, row, scope, true), {
        notFound: `Workflow not found [workflow_identifier=${request.params.identifier}]`,
        forbidden: 'Can not update workflow of other tenants, nor make it public without the admin role',
      });
      const text = definitionText(request.body);
      const [updated] = await engine.definitions.updateWorkflows(text, { projectId: request.auth.projectId, namespace: row.namespace, scope }, row.id);
      if (updated === undefined) throw new ApiErrors.NotFound(`Workflow not found [workflow_identifier=${row.id}]`);
      return workflowWire(updated);
    },
  );

  app.delete<{ Params: { identifier: string } }>('/:identifier', async (request, reply) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['namespace']);
    const row = await findWorkflow(db, request.params.identifier, namespaceOf(params), readViewer(request.auth));
    enforce(writeDecision(request.auth, row, undefined, true), {
      notFound: `Workflow not found [workflow_identifier=${request.params.identifier}]`,
      forbidden: 'Can not delete workflow of other users.',
    });
    await engine.definitions.deleteWorkflow(row);
    return reply.code(204).send();
  });

  app.post(
    '/validate',
    { config: { readOnlyAllowed: true }, schema: { response: { 200: responseSchema(validationSchema) } } },
    async (request) => validationResult(engine, 'workflows', request.body),
  );
};
