import { beforeEach, expect, it } from 'vitest';
import { clearEventTables } from '../../runtime/events/test-support.js';
import type { NewPublishedEvent } from '../schema.js';
import { describeEachStore } from '../testing/each-store.js';
import { claimPendingEvents, insertFiring, insertPublishedEvent, markEventProcessed, purgeProcessedEvents } from './events-published.js';

function event(id: string, createdAt: number, state: 'PENDING' | 'PROCESSED' = 'PENDING'): NewPublishedEvent {
  return { id, project_id: 'p', type: 't', payload_json: '{}', correlation_key: null, source: 'api', exchange: null, topic: null, publisher_id: null, state, claimed_by: null, claimed_until: null, attempts: 0, created_at: createdAt, processed_at: null };
}

describeEachStore('published events repository', (ctx) => {
  beforeEach(() => clearEventTables(ctx.store));

  it('stores an id once and hands each pending event to one claimer at a time', async () => {
    expect(await insertPublishedEvent(ctx.store.db, event('e1', 1))).toBe(true);
    expect(await insertPublishedEvent(ctx.store.db, event('e1', 2))).toBe(false);
    for (let i = 2; i <= 20; i++) await insertPublishedEvent(ctx.store.db, event(`e${i}`, i));
    const other = await ctx.openStore();
    const [a, b] = await Promise.all([
      claimPendingEvents(ctx.store, { owner: 'a', limit: 15, leaseMs: 60_000, now: 100 }),
      claimPendingEvents(other, { owner: 'b', limit: 15, leaseMs: 60_000, now: 100 }),
    ]);
    const ids = [...a, ...b].map((e) => e.id);
    expect(new Set(ids).size).toBe(20);
    expect(ids).toHaveLength(20);
    // Another owner cannot complete a claim it does not hold; an expired claim is claimable again.
    const first = a[0] ?? b[0];
    const holder = a.length > 0 ? 'a' : 'b';
    expect(await markEventProcessed(ctx.store.db, { id: first?.id ?? '', owner: 'nobody', now: 100 })).toBe(false);
    const retaken = await claimPendingEvents(ctx.store, { owner: 'c', limit: 50, leaseMs: 1_000, now: 60_101 });
    expect(retaken).toHaveLength(20);
    expect(await markEventProcessed(ctx.store.db, { id: first?.id ?? '', owner: holder, now: 60_102 })).toBe(false);
    expect(await markEventProcessed(ctx.store.db, { id: first?.id ?? '', owner: 'c', now: 60_102 })).toBe(true);
  });

  it('purges processed events older than the retention, with their firings, and keeps pending ones', async () => {
    await insertPublishedEvent(ctx.store.db, event('old', 10, 'PROCESSED'));
    await insertPublishedEvent(ctx.store.db, event('old-pending', 10));
    await insertPublishedEvent(ctx.store.db, event('new', 1_000, 'PROCESSED'));
    await insertFiring(ctx.store.db, { event_id: 'old', trigger_id: 't', project_id: 'p', state: 'STARTED', execution_id: 'x', state_info: null, created_at: 10 });
    expect(await purgeProcessedEvents(ctx.store.db, 500)).toBe(1);
    const left = await ctx.store.db.selectFrom('published_events').select('id').orderBy('id').execute();
    expect(left.map((r) => r.id)).toEqual(['new', 'old-pending']);
    expect(await ctx.store.db.selectFrom('event_trigger_firings').select('event_id').execute()).toEqual([]);
  });
});
