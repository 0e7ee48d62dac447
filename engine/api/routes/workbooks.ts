/** `/v2/workbooks` (API digest §1): a workbook is identified by its name, in `namespace`. */
import type { FastifyPluginAsync } from 'fastify';
import { visibleTo } from '../../store/repositories/visibility.js';
import { findWorkbook } from '../../store/repositories/workbooks.js';
import type { Workbook } from '../../store/schema.js';
import type { AuthContext } from '../auth/auth-context.js';
import { ApiErrors } from '../errors.js';
import { fetchPage, hostUrl, listBody, parseFields, parseListQuery } from '../list-query.js';
import { createDecision, enforce, listViewer, readViewer, writeDecision } from '../policy.js';
import { definitionText, namespaceOf, queryParams, rejectUnknown, scopeOf } from '../request-input.js';
import type { ResourceOptions } from '../route-options.js';
import { pickFields } from '../serialize.js';
import { responseSchema, validationSchema } from '../schemas/wire.js';
import { workbookList, workbookListSchema, workbookSchema, workbookWire } from '../schemas/workbooks.js';
import { validationResult } from '../validation-result.js';

const one = responseSchema(workbookSchema);

export const workbookRoutes: FastifyPluginAsync<ResourceOptions> = async (app, { engine }) => {
  const db = engine.store.db;

  const find = async (name: string, namespace: string, auth: AuthContext): Promise<Workbook> => {
    const row = await findWorkbook(db, { name, namespace, viewer: readViewer(auth) });
    if (row === undefined) throw new ApiErrors.NotFound(`Workbook not found [workbook_name=${name}, namespace=${namespace}]`);
    return row;
  };

  app.get('/', { schema: { response: { 200: responseSchema(workbookListSchema) } } }, async (request) => {
    const query = parseListQuery(request.query, workbookList);
    const base = db.selectFrom('workbooks').selectAll().where(visibleTo(listViewer(request.auth, { allProjects: false })));
    return listBody(hostUrl(request), workbookList, query, await fetchPage(base, workbookList, query));
  });

  app.get<{ Params: { name: string } }>('/:name', { schema: { response: { 200: one } } }, async (request) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['namespace', 'fields']);
    const row = await find(request.params.name, namespaceOf(params), request.auth);
    return pickFields(workbookWire(row), parseFields(params.get('fields'), workbookList.fields));
  });

  app.post('/', { config: { faultBody: 'pecan' }, schema: { response: { 201: one } } }, async (request, reply) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['namespace', 'scope', 'skip_validation']);
    const scope = scopeOf(params.get('scope')) ?? 'private';
    enforce(createDecision(request.auth, scope), { notFound: '', forbidden: 'Only admins may create public workbooks' });
    const text = definitionText(request.body);
    const row = await engine.definitions.createWorkbook(text, { projectId: request.auth.projectId, namespace: namespaceOf(params), scope });
    return reply.code(201).send(workbookWire(row));
  });

  app.put('/', { config: { faultBody: 'pecan' }, schema: { response: { 200: one } } }, async (request) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['namespace', 'scope', 'skip_validation']);
    const scope = scopeOf(params.get('scope'));
    if (scope === 'public') enforce(createDecision(request.auth, scope), { notFound: '', forbidden: 'Only admins may make workbooks public' });
    const text = definitionText(request.body);
    const row = await engine.definitions.updateWorkbook(text, { projectId: request.auth.projectId, namespace: namespaceOf(params), scope });
    return workbookWire(row);
  });

  app.delete<{ Params: { name: string } }>('/:name', async (request, reply) => {
    const params = queryParams(request.query);
    rejectUnknown(params, ['namespace']);
    const row = await find(request.params.name, namespaceOf(params), request.auth);
    enforce(writeDecision(request.auth, row), {
      notFound: `Workbook not found [workbook_name=${request.params.name}]`,
      forbidden: 'Can not delete workbook of other users.',
    });
    await engine.definitions.deleteWorkbook(row);
    return reply.code(204).send();
  });

  app.post(
    '/validate',
    { config: { readOnlyAllowed: true }, schema: { response: { 200: responseSchema(validationSchema) } } },
    async (request) => validationResult(engine, 'workbook', request.body),
  );
};
