/**
 * Creating, reading, listing and deleting cron triggers on both stores, with the checks Mistral
 * makes at creation.
 */
import { expect, it } from 'vitest';
import { createEngine, EngineError, type ConvectionEngine } from '../../index.js';
import { describeEachStore } from '../../store/testing/each-store.js';
import type { CreateCronTriggerRequest } from './cron-service.js';
import { CRON_WORKFLOWS, inputMap } from './testing/cron-fixtures.js';

const PROJECT = 'p1';
const OTHER = 'p2';

async function refusal(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw error;
  }
  throw new Error('expected an EngineError');
}

describeEachStore('cron service', (ctx) => {
  async function withEngine<T>(fn: (e: ConvectionEngine) => Promise<T>): Promise<T> {
    // No loop: these tests only look at what is stored.
    const engine = await createEngine(await ctx.openStore(), { pollMs: 50, autoStart: false });
    try {
      await engine.definitions.saveWorkflows(CRON_WORKFLOWS, { projectId: PROJECT });
      return await fn(engine);
    } finally {
      await engine.close();
    }
  }

  const base: CreateCronTriggerRequest = { name: 'hourly', projectId: PROJECT, workflowName: 'greet', workflowInput: inputMap({ name: 'Ada' }), pattern: '0 * * * *' };

  it('stores a pattern trigger due at its next match', async () => {
    await withEngine(async (e) => {
      const before = Date.now();
      const t = await e.cron.create({ ...base, workflowParams: inputMap({ env: { region: 'r1' } }), remainingExecutions: 3 });
      expect(t).toMatchObject({ name: 'hourly', projectId: PROJECT, scope: 'private', pattern: '0 * * * *', workflowName: 'greet', firstExecutionTime: null, remainingExecutions: 3 });
      expect(Object.fromEntries(t.workflowInput)).toEqual({ name: 'Ada' });
      expect(t.workflowParams.has('env')).toBe(true);
      expect(t.nextExecutionTime % 3_600_000).toBe(0);
      expect(t.nextExecutionTime).toBeGreaterThan(before);
      expect(t.nextExecutionTime).toBeLessThanOrEqual(before + 3_600_000);
      const row = await e.store.db.selectFrom('workflow_definitions').select('id').where('name', '=', 'greet').executeTakeFirstOrThrow();
      expect(t.workflowId).toBe(row.id);
    });
  });

  it('takes Mistral time text and the workflow id; a one-shot trigger runs once', async () => {
    await withEngine(async (e) => {
      const wf = await e.store.db.selectFrom('workflow_definitions').select('id').where('name', '=', 'greet').executeTakeFirstOrThrow();
      const t = await e.cron.create({ name: 'once', projectId: PROJECT, workflowId: wf.id, workflowInput: inputMap({ name: 'Bo' }), firstExecutionTime: '2099-05-06 07:08' });
      expect(t).toMatchObject({ pattern: null, firstExecutionTime: Date.UTC(2099, 4, 6, 7, 8), nextExecutionTime: Date.UTC(2099, 4, 6, 7, 8), remainingExecutions: 1, workflowName: 'greet' });
    });
  });

  it.each<[string, Partial<CreateCronTriggerRequest>, string, RegExp | string]>([
    ['unknown workflow name', { workflowName: 'nope' }, 'not-found', 'Workflow not found [workflow_name=nope, namespace=]'],
    ['unknown workflow id', { workflowName: undefined, workflowId: '00000000-0000-7000-8000-000000000000' }, 'not-found', 'Workflow not found [id=00000000-0000-7000-8000-000000000000]'],
    ['another project’s private workflow', { projectId: OTHER }, 'not-found', 'Workflow not found [workflow_name=greet, namespace=]'],
    ['no workflow at all', { workflowName: undefined }, 'invalid-input', 'Workflow ID or workflow name must be provided'],
    ['missing input', { workflowInput: undefined }, 'invalid-input', "Invalid input [name=greet, class=DirectWorkflowSpec, missing=['name'], unexpected=[]]"],
    ['unexpected input', { workflowInput: inputMap({ name: 'x', nam: 'y' }) }, 'invalid-input', "Invalid input [name=greet, class=DirectWorkflowSpec, missing=[], unexpected=['nam']]"],
    ['reverse workflow without task_name', { workflowName: 'backwards', workflowInput: undefined }, 'invalid-input', /needs params.task_name/],
    ['neither pattern nor first time', { pattern: undefined }, 'invalid-input', 'Pattern or first_execution_time must be specified.'],
    ['first time in the past', { firstExecutionTime: Date.now() - 1_000 }, 'invalid-input', 'first_execution_time must be at least 1 minute in the future.'],
    ['first time 30 s ahead', { firstExecutionTime: Date.now() + 30_000 }, 'invalid-input', 'first_execution_time must be at least 1 minute in the future.'],
    ['first time text in the past', { firstExecutionTime: '2001-01-01 00:00' }, 'invalid-input', 'first_execution_time must be at least 1 minute in the future.'],
    ['first time text unreadable', { firstExecutionTime: 'soon' }, 'invalid-input', /^Invalid first_execution_time \[value=soon\]/],
    ['count above one without a pattern', { pattern: null, firstExecutionTime: Date.now() + 3_600_000, remainingExecutions: 2 }, 'invalid-input', 'Pattern must be provided if count is superior to 1.'],
    ['count zero', { remainingExecutions: 0 }, 'invalid-input', 'remaining_executions must be a positive integer [remaining_executions=0]'],
    ['bad pattern', { pattern: '* * *' }, 'invalid-input', /^Invalid cron pattern \[pattern=\* \* \*\]: expected 5 fields/],
    ['empty name', { name: ' ' }, 'invalid-input', 'Cron trigger name must not be empty'],
  ])('refuses %s', async (_what, patch, code, message) => {
    await withEngine(async (e) => {
      const error = await refusal(e.cron.create({ ...base, ...patch }));
      expect(error.code).toBe(code);
      if (typeof message === 'string') expect(error.message).toBe(message);
      else expect(error.message).toMatch(message);
      const left = await e.store.db.selectFrom('cron_triggers').select('id').execute();
      expect(left).toEqual([]);
    });
  });

  it('409 on a taken name and on an identical trigger, whatever the input key order', async () => {
    await withEngine(async (e) => {
      await e.cron.create({ ...base, workflowInput: inputMap({ name: 'Ada', greeting: 'Hi' }) });
      const sameName = await refusal(e.cron.create({ ...base, pattern: '5 * * * *' }));
      expect(sameName.code).toBe('conflict');
      expect(sameName.message).toBe(`Duplicate entry for cron trigger [name=hourly, project_id=${PROJECT}]`);
      const twin = await refusal(e.cron.create({ ...base, name: 'twin', workflowInput: inputMap({ greeting: 'Hi', name: 'Ada' }) }));
      expect(twin.code).toBe('conflict');
      expect(twin.message).toMatch(/^Duplicate entry for cron trigger: it would fire the same as cron trigger hourly/);
      // Any difference (input, pattern, count) makes it another trigger.
      await e.cron.create({ ...base, name: 'other-input', workflowInput: inputMap({ name: 'Bo', greeting: 'Hi' }) });
      await e.cron.create({ ...base, name: 'other-count', workflowInput: inputMap({ name: 'Ada', greeting: 'Hi' }), remainingExecutions: 5 });
      // The same name is free in another project.
      await e.definitions.saveWorkflows(CRON_WORKFLOWS, { projectId: OTHER });
      await e.cron.create({ ...base, projectId: OTHER, workflowInput: inputMap({ name: 'Ada', greeting: 'Hi' }) });
      const all = await e.cron.list({ projectId: PROJECT, allProjects: true }, { limit: 100 });
      expect(all.items.map((t) => `${t.projectId}/${t.name}`).sort()).toEqual([`${PROJECT}/hourly`, `${PROJECT}/other-count`, `${PROJECT}/other-input`, `${OTHER}/hourly`]);
    });
  });

  it('get by id or name, list per project with pages, delete', async () => {
    await withEngine(async (e) => {
      await e.definitions.saveWorkflows(CRON_WORKFLOWS, { projectId: OTHER });
      const a = await e.cron.create({ ...base, name: 'a' });
      const b = await e.cron.create({ ...base, name: 'b', pattern: '1 * * * *' });
      const c = await e.cron.create({ ...base, name: 'c', pattern: '2 * * * *' });
      await e.cron.create({ ...base, name: 'theirs', projectId: OTHER });

      expect((await e.cron.get(a.id, { projectId: PROJECT })).name).toBe('a');
      expect((await e.cron.get('b', { projectId: PROJECT })).id).toBe(b.id);
      expect((await refusal(e.cron.get('theirs', { projectId: PROJECT }))).code).toBe('not-found');
      expect((await refusal(e.cron.get(a.id, { projectId: OTHER }))).message).toBe(`Cron trigger not found [identifier=${a.id}]`);

      const first = await e.cron.list({ projectId: PROJECT }, { limit: 2 });
      expect(first.items.map((t) => t.name)).toEqual(['a', 'b']);
      expect(first.next).toBeDefined();
      const second = await e.cron.list({ projectId: PROJECT }, { limit: 2, after: first.next });
      expect(second.items.map((t) => t.name)).toEqual(['c']);
      expect(second.next).toBeUndefined();
      expect((await e.cron.list({ projectId: PROJECT }, { limit: 10 }, { name: 'b' })).items.map((t) => t.id)).toEqual([b.id]);
      expect((await e.cron.list({ projectId: OTHER }, { limit: 10 })).items.map((t) => t.name)).toEqual(['theirs']);

      expect((await refusal(e.cron.delete('a', { projectId: OTHER }))).code).toBe('not-found');
      await e.cron.delete('a', { projectId: PROJECT });
      await e.cron.delete(c.id, { projectId: PROJECT });
      expect((await refusal(e.cron.delete('a', { projectId: PROJECT }))).code).toBe('not-found');
      expect((await e.cron.list({ projectId: PROJECT }, { limit: 10 })).items.map((t) => t.name)).toEqual(['b']);
    });
  });
});
