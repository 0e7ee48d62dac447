/** Helpers shared by the event tests: waiting for a state, never for a duration. */
import type { Store } from '../../store/open-store.js';

/** Polls `probe` until it returns a value other than undefined; fails after `timeoutMs` naming `what`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The tables this feature adds; each-store.ts empties only the older ones between tests. */
export async function clearEventTables(store: Store): Promise<void> {
  await store.transaction(async (tx) => {
    for (const table of ['event_waits', 'event_trigger_firings', 'published_events'] as const) await tx.deleteFrom(table).execute();
  });
}

/** Waits until the event is PROCESSED (triggers fired, waits woken). */
export function processed(store: Store, eventId: string): Promise<true> {
  return until(`event ${eventId} to be processed`, async () => {
    const row = await store.db.selectFrom('published_events').select('state').where('id', '=', eventId).executeTakeFirst();
    return row?.state === 'PROCESSED' ? true : undefined;
  });
}
