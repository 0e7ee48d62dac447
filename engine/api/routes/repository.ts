/**
 * `/v2/repository`: the catalog of ready-made flows (workflows/catalog/), and their installation
 * into the caller's project. An install stores the flow's workflows as private workflows of the
 * caller's project in the namespace asked for. Installing again is idempotent: workflows already
 * there with the same definition are left alone (200, `unchanged`); a same-named workflow with a
 * different definition is a conflict (409, nothing stored), so an install never overwrites work.
 */
import type { FastifyPluginAsync } from 'fastify';
import { parseWorkflows } from '../../language/parse-document.js';
import type { WorkflowDefinition } from '../../store/schema.js';
import { loadCatalog, type CatalogEntry } from '../../../workflows/catalog.js';
import { ApiErrors } from '../errors.js';
import { parseBody, queryParams, rejectUnknown } from '../request-input.js';
import type { ResourceOptions } from '../route-options.js';
import { installBodySchema, repositoryEntryWire, repositoryItemWire } from '../schemas/repository.js';
import { workflowWire } from '../schemas/workflows.js';

interface Installed {
  readonly status: 'created' | 'unchanged';
  readonly row: WorkflowDefinition;
}

export const repositoryRoutes: FastifyPluginAsync<ResourceOptions> = async (app, { engine }) => {
  const db = engine.store.db;
  // The catalog ships with the code: read once, and a broken file stops the server at start.
  const catalog = new Map(loadCatalog().map((e) => [e.name, e]));

  const entryOf = (name: string): CatalogEntry => {
    const entry = catalog.get(name);
    if (entry === undefined) throw new ApiErrors.NotFound(`Repository flow not found [name=${name}]`);
    return entry;
  };

  app.get('/', async (request) => {
    rejectUnknown(queryParams(request.query), []);
    return { flows: [...catalog.values()].map(repositoryItemWire) };
  });

  app.get<{ Params: { name: string } }>('/:name', async (request) => {
    rejectUnknown(queryParams(request.query), []);
    return repositoryEntryWire(entryOf(request.params.name));
  });

  app.post<{ Params: { name: string } }>('/:name/install', async (request, reply) => {
    rejectUnknown(queryParams(request.query), []);
    const entry = entryOf(request.params.name);
    const namespace = parseBody(installBodySchema, request.body ?? {}).namespace ?? '';
    const projectId = request.auth.projectId;
    const parsed = parseWorkflows(entry.definition);
    if (!parsed.ok) throw new Error(`catalog flow ${entry.name} no longer parses`);

    const existing = await db
      .selectFrom('workflow_definitions')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('namespace', '=', namespace)
      .where('name', 'in', entry.workflows)
      .execute();
    const byName = new Map(existing.map((r) => [r.name, r]));
    const differing = parsed.value.filter((spec) => byName.has(spec.name) && byName.get(spec.name)?.definition !== spec.definition);
    if (differing.length > 0) {
      throw new ApiErrors.Conflict(
        `Cannot install ${entry.name} into namespace '${namespace}': workflow${differing.length === 1 ? '' : 's'} ${differing.map((s) => s.name).join(', ')} already exist${differing.length === 1 ? 's' : ''} there with a different definition. Delete ${differing.length === 1 ? 'it' : 'them'} or install into another namespace.`,
      );
    }

    const installed: Installed[] = [];
    for (const spec of parsed.value) {
      const present = byName.get(spec.name);
      if (present !== undefined) {
        installed.push({ status: 'unchanged', row: present });
        continue;
      }
      const [row] = await engine.definitions.createWorkflows(spec.definition, { projectId, namespace, scope: 'private' });
      if (row === undefined) throw new Error(`creating ${spec.name} stored nothing`);
      installed.push({ status: 'created', row });
    }
    const created = installed.some((i) => i.status === 'created');
    return reply.code(created ? 201 : 200).send({
      name: entry.name,
      namespace,
      project_id: projectId,
      workflows: installed.map((i) => ({ status: i.status, ...workflowWire(i.row) })),
    });
  });
};
