import { expect, it } from 'vitest';
import { describeEachStore } from '../testing/each-store.js';
import { T0, newJob } from '../testing/fixtures.js';
import type { Store } from '../open-store.js';
import {
  cancelJobs,
  claimDueJobs,
  completeJob,
  enqueueJobs,
  getJob,
  listJobs,
  nextJobDueAt,
  releaseJob,
  renewJobLease,
  rescheduleJob,
} from './jobs.js';

describeEachStore('jobs', (ctx) => {
  const claim = (owner: string, now: number, limit = 10, store: Store = ctx.store) =>
    claimDueJobs(store, { owner, limit, leaseMs: 1000, now });

  it('claims only due jobs, earliest first, under a lease', async () => {
    const [late, early, future] = [newJob({ due_at: T0 + 5 }), newJob({ due_at: T0 + 1 }), newJob({ due_at: T0 + 500 })];
    await enqueueJobs(ctx.store.db, [late, early, future]);
    const claimed = await claim('w1', T0 + 10);
    expect(claimed.map((j) => j.id)).toEqual([early.id, late.id]);
    expect(claimed[0]).toMatchObject({ claimed_by: 'w1', claimed_until: T0 + 1010, attempts: 1 });
    expect(await claim('w2', T0 + 10)).toEqual([]);
  });

  it('hands an expired claim to another worker (crash recovery)', async () => {
    const job = newJob();
    await enqueueJobs(ctx.store.db, [job]);
    await claim('w1', T0);
    expect(await claim('w2', T0 + 999)).toEqual([]);
    const [reclaimed] = await claim('w2', T0 + 1000);
    expect(reclaimed).toMatchObject({ id: job.id, claimed_by: 'w2', attempts: 2 });
    // The first worker lost the claim, so it can neither finish nor extend the job.
    expect(await completeJob(ctx.store.db, job.id, 'w1')).toBe(false);
    expect(await renewJobLease(ctx.store.db, { id: job.id, owner: 'w1', until: T0 + 5000 })).toBe(false);
    expect(await completeJob(ctx.store.db, job.id, 'w2')).toBe(true);
    expect(await getJob(ctx.store.db, job.id)).toBeUndefined();
  });

  it('never gives the same job to two concurrent claimers on separate connections', async () => {
    const other = await ctx.openStore({ transactionAttempts: 50 });
    const mine = await ctx.openStore({ transactionAttempts: 50 });
    const jobs = Array.from({ length: 60 }, (_, i) => newJob({ due_at: T0 + i }));
    await enqueueJobs(ctx.store.db, jobs);
    const drain = async (store: Store, owner: string) => {
      const got: string[] = [];
      for (;;) {
        const batch = await claim(owner, T0 + 100, 4, store);
        if (batch.length === 0) return got;
        for (const job of batch) {
          got.push(job.id);
          await store.transaction((tx) => completeJob(tx, job.id, owner));
        }
      }
    };
    const [a, b] = await Promise.all([drain(mine, 'a'), drain(other, 'b')]);
    expect(a.length + b.length).toBe(60);
    expect(new Set([...a, ...b]).size).toBe(60);
    expect(await listJobs(ctx.store.db, {})).toEqual([]);
  });

  it('releases a job for immediate reuse and reschedules one with its error', async () => {
    const [a, b] = [newJob(), newJob()];
    await enqueueJobs(ctx.store.db, [a, b]);
    await claim('w1', T0);
    expect(await releaseJob(ctx.store.db, a.id, 'w2')).toBe(false);
    expect(await releaseJob(ctx.store.db, a.id, 'w1')).toBe(true);
    expect(await rescheduleJob(ctx.store.db, { id: b.id, owner: 'w1', dueAt: T0 + 60, lastError: 'timeout' })).toBe(true);
    expect((await claim('w2', T0 + 1)).map((j) => j.id)).toEqual([a.id]);
    const [retried] = await claim('w2', T0 + 60);
    expect(retried).toMatchObject({ id: b.id, attempts: 2, last_error: 'timeout' });
  });

  it('claims only the requested kinds', async () => {
    const [timer, run] = [newJob({ kind: 'timer' }), newJob({ kind: 'run_action' })];
    await enqueueJobs(ctx.store.db, [timer, run]);
    const claimed = await claimDueJobs(ctx.store, { owner: 'w', limit: 10, leaseMs: 10, now: T0, kinds: ['run_action'] });
    expect(claimed.map((j) => j.id)).toEqual([run.id]);
    expect(await claimDueJobs(ctx.store, { owner: 'w', limit: 10, leaseMs: 10, now: T0, kinds: [] })).toEqual([]);
  });

  it('cancels the pending jobs of an execution', async () => {
    await enqueueJobs(ctx.store.db, [
      newJob({ root_execution_id: 'r1' }),
      newJob({ root_execution_id: 'r1', entity_id: 'task-1' }),
      newJob({ root_execution_id: 'r2' }),
    ]);
    expect(await cancelJobs(ctx.store.db, { rootExecutionId: 'r1', entityId: 'task-1' })).toBe(1);
    expect(await cancelJobs(ctx.store.db, { rootExecutionId: 'r1' })).toBe(1);
    expect(await cancelJobs(ctx.store.db, {})).toBe(0);
    expect((await listJobs(ctx.store.db, {})).map((j) => j.root_execution_id)).toEqual(['r2']);
  });

  it('reports when the next job becomes claimable, counting leases', async () => {
    expect(await nextJobDueAt(ctx.store.db)).toBeUndefined();
    await enqueueJobs(ctx.store.db, [newJob({ due_at: T0 }), newJob({ due_at: T0 + 3000 })]);
    expect(await nextJobDueAt(ctx.store.db)).toBe(T0);
    await claim('w', T0, 1);
    expect(await nextJobDueAt(ctx.store.db)).toBe(T0 + 1000);
  });

  it('enqueues nothing when the surrounding transaction rolls back', async () => {
    const job = newJob();
    await expect(
      ctx.store.transaction(async (tx) => {
        await enqueueJobs(tx, [job]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await getJob(ctx.store.db, job.id)).toBeUndefined();
  });
});
