import { expect, it } from 'vitest';
import { describeEachStore } from '../testing/each-store.js';
import { newEvent } from '../testing/fixtures.js';
import { appendEvents, lastEventId, readEvents, tailEvents } from './events.js';

describeEachStore('execution events', (ctx) => {
  it('assigns increasing ids, in input order within a batch', async () => {
    const first = await appendEvents(ctx.store.db, [newEvent({ name: 'a' }), newEvent({ name: 'b' })]);
    const second = await ctx.store.transaction((tx) => appendEvents(tx, [newEvent({ name: 'c' })]));
    const ids = [...first, ...second];
    expect(ids).toEqual([...ids].sort((x, y) => x - y));
    expect(new Set(ids).size).toBe(3);
    const read = await readEvents(ctx.store.db, { rootExecutionId: 'root-1', limit: 10 });
    expect(read.map((e) => [e.id, e.name])).toEqual([
      [ids[0], 'a'],
      [ids[1], 'b'],
      [ids[2], 'c'],
    ]);
    expect(await lastEventId(ctx.store.db)).toBe(ids[2]);
  });

  it('pages through one execution tree after a given id', async () => {
    const ids = await appendEvents(
      ctx.store.db,
      Array.from({ length: 5 }, (_, i) => newEvent({ name: `e${i}`, root_execution_id: i % 2 === 0 ? 'r1' : 'r2' })),
    );
    const page1 = await readEvents(ctx.store.db, { rootExecutionId: 'r1', limit: 2 });
    expect(page1.map((e) => e.name)).toEqual(['e0', 'e2']);
    const page2 = await readEvents(ctx.store.db, { rootExecutionId: 'r1', afterId: page1[1]?.id ?? 0, limit: 2 });
    expect(page2.map((e) => e.name)).toEqual(['e4']);
    expect(page2[0]?.id).toBe(ids[4]);
  });

  it('tails everything, or one project, after an id', async () => {
    const [a, , c] = await appendEvents(ctx.store.db, [
      newEvent({ project_id: 'p1' }),
      newEvent({ project_id: 'p2' }),
      newEvent({ project_id: 'p1', state: 'SUCCESS', payload_json: '{"x": 1}' }),
    ]);
    expect(await tailEvents(ctx.store.db, { afterId: a ?? 0, limit: 10 })).toHaveLength(2);
    const mine = await tailEvents(ctx.store.db, { afterId: a ?? 0, projectId: 'p1', limit: 10 });
    expect(mine).toMatchObject([{ id: c, state: 'SUCCESS', payload_json: '{"x": 1}' }]);
  });

  it('never lets a later id become visible before an earlier one commits', async () => {
    const other = await ctx.openStore({ transactionAttempts: 100 });
    let appended!: () => void;
    let finish!: () => void;
    const firstAppended = new Promise<void>((r) => (appended = r));
    const mayCommit = new Promise<void>((r) => (finish = r));
    const slow = ctx.store.transaction(async (tx) => {
      const ids = await appendEvents(tx, [newEvent({ name: 'slow' })]);
      appended();
      await mayCommit;
      return ids;
    });
    await firstAppended;
    const fast = other.transaction((tx) => appendEvents(tx, [newEvent({ name: 'fast' })]));
    await new Promise((r) => setTimeout(r, 50));
    // A tailer polling now must not see 'fast' yet: it would skip 'slow' forever.
    expect(await tailEvents(other.db, { afterId: 0, limit: 10 })).toEqual([]);
    finish();
    const [[slowId], [fastId]] = await Promise.all([slow, fast]);
    expect(slowId).toBeLessThan(fastId ?? 0);
    expect((await tailEvents(other.db, { afterId: 0, limit: 10 })).map((e) => e.name)).toEqual(['slow', 'fast']);
  });
});
