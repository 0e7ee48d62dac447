/**
 * `/v2/workflows/{id}/members` (API digest §2.1): an owner shares a private workflow with another
 * project, which accepts or rejects. Needs authentication (with noauth every caller is the same
 * project, so sharing means nothing), and a workflow id, not a name, as Mistral.
 */
import type { FastifyPluginAsync } from 'fastify';
import { deleteMember, getMember, insertMember, updateMemberStatus } from '../../store/repositories/members.js';
import type { MemberKey } from '../../store/repositories/members.js';
import { getWorkflowDefinition } from '../../store/repositories/workflow-definitions.js';
import { isUniqueViolation } from '../../store/dialect.js';
import { newId } from '../../runtime/ids.js';
import type { ResourceMember } from '../../store/schema.js';
import { ApiErrors } from '../errors.js';
import {
  enforce,
  memberDeleteDecision,
  memberReadDecision,
  memberStatusDecision,
  readViewer,
  writeDecision,
} from '../policy.js';
import { parseBody, queryParams, rejectUnknown } from '../request-input.js';
import { isUuid } from '../route-options.js';
import type { ResourceOptions } from '../route-options.js';
import { memberCreateSchema, memberListSchema, memberSchema, memberUpdateSchema, memberWire } from '../schemas/members.js';
import { responseSchema } from '../schemas/wire.js';

interface WorkflowParams {
  readonly workflowId: string;
}
interface MemberParams extends WorkflowParams {
  readonly memberId: string;
}

const one = responseSchema(memberSchema);

export const memberRoutes: FastifyPluginAsync<ResourceOptions> = async (app, { engine, authMode }) => {
  const db = engine.store.db;

  app.addHook('onRequest', async (request) => {
    if (authMode === 'noauth') {
      throw new ApiErrors.BadRequest('Resource sharing feature can only be supported with authentication enabled.');
    }
    const { workflowId } = request.params as WorkflowParams;
    if (!isUuid(workflowId)) throw new ApiErrors.BadRequest('Only support UUID as resource identifier in resource sharing feature.');
    rejectUnknown(queryParams(request.query), []);
  });

  const key = (params: MemberParams): MemberKey => ({ resourceId: params.workflowId, resourceType: 'workflow', memberId: params.memberId });
  const notFound = (params: MemberParams) =>
    new ApiErrors.NotFound(`Resource member not found [resource_id=${params.workflowId}, member_id=${params.memberId}]`);
  const found = async (params: MemberParams): Promise<ResourceMember> => {
    const member = await getMember(db, key(params));
    if (member === undefined) throw notFound(params);
    return member;
  };

  app.get<{ Params: WorkflowParams }>('/', { schema: { response: { 200: responseSchema(memberListSchema) } } }, async (request) => {
    const project = request.auth.projectId;
    // The owner sees every member; a member project sees only its own membership.
    const rows = await db
      .selectFrom('resource_members')
      .selectAll()
      .where('resource_id', '=', request.params.workflowId)
      .where('resource_type', '=', 'workflow')
      .where((eb) => eb.or([eb('project_id', '=', project), eb('member_id', '=', project)]))
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return { members: rows.map(memberWire) };
  });

  app.get<{ Params: MemberParams }>('/:memberId', { schema: { response: { 200: one } } }, async (request) => {
    const member = await found(request.params);
    enforce(memberReadDecision(request.auth, member), { notFound: notFound(request.params).message });
    return memberWire(member);
  });

  app.post<{ Params: WorkflowParams }>('/', { schema: { response: { 201: one } } }, async (request, reply) => {
    const body = parseBody(memberCreateSchema, request.body);
    const workflow = await getWorkflowDefinition(db, request.params.workflowId, readViewer(request.auth));
    if (workflow === undefined) throw new ApiErrors.NotFound(`Workflow not found [workflow_identifier=${request.params.workflowId}]`);
    enforce(writeDecision(request.auth, workflow, undefined, true), {
      notFound: `Workflow not found [workflow_identifier=${request.params.workflowId}]`,
      forbidden: 'Only the owner of a workflow may share it',
    });
    if (workflow.scope !== 'private') throw new ApiErrors.BadRequest('Only private resource could be shared.');
    const now = Date.now();
    try {
      const member = await insertMember(db, {
        id: newId(),
        resource_id: workflow.id,
        resource_type: 'workflow',
        project_id: workflow.project_id,
        member_id: body.member_id,
        status: 'pending',
        created_at: now,
        updated_at: now,
      });
      return await reply.code(201).send(memberWire(member));
    } catch (e) {
      if (isUniqueViolation(e)) {
        throw new ApiErrors.Conflict(`Duplicate entry for ResourceMember ['resource_id', 'resource_type', 'member_id']: ${workflow.id}, workflow, ${body.member_id}`);
      }
      throw e;
    }
  });

  app.put<{ Params: MemberParams }>('/:memberId', { schema: { response: { 200: one } } }, async (request) => {
    const body = parseBody(memberUpdateSchema, request.body);
    const member = await found(request.params);
    enforce(memberStatusDecision(request.auth, member), { notFound: notFound(request.params).message });
    const updated = await updateMemberStatus(db, { ...key(request.params), status: body.status, updatedAt: Date.now() });
    if (updated === undefined) throw notFound(request.params);
    return memberWire(updated);
  });

  app.delete<{ Params: MemberParams }>('/:memberId', async (request, reply) => {
    const member = await found(request.params);
    enforce(memberDeleteDecision(request.auth, member), { notFound: notFound(request.params).message });
    await deleteMember(db, key(request.params));
    return reply.code(204).send();
  });
};
