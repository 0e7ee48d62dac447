import { request as httpRequest } from 'node:http';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeAll, expect, it } from 'vitest';
import { appendEvents, readEvents } from '../../store/repositories/events.js';
import { describeEachStore } from '../../store/testing/each-store.js';
import { MEMBER, OTHER, useApi } from '../testing/api-harness.js';
import type { Caller } from '../testing/api-harness.js';

const WORKFLOWS = `version: '2.0'
slow:
  tasks:
    first:
      action: std.noop
      wait-before: 1
      on-success: [second]
    second:
      action: std.echo output="done"
quick:
  tasks:
    only:
      action: std.noop
`;

interface SseEvent {
  readonly id: number | undefined;
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/** A real HTTP client reading an event stream as it arrives. */
class SseClient {
  readonly events: SseEvent[] = [];
  readonly comments: string[] = [];
  body = '';
  ended = false;
  private buffer = '';
  private readonly waiters = new Set<() => void>();

  private constructor(
    readonly status: number,
    private readonly req: ClientRequest,
    response: IncomingMessage,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      this.body += chunk;
      this.buffer += chunk;
      let at: number;
      while ((at = this.buffer.indexOf('\n\n')) >= 0) {
        this.parse(this.buffer.slice(0, at));
        this.buffer = this.buffer.slice(at + 2);
      }
      this.notify();
    });
    const finish = (): void => {
      this.ended = true;
      this.notify();
    };
    response.on('end', finish);
    response.on('close', finish);
    response.on('error', finish);
  }

  static open(port: number, path: string, as: Caller, headers: Record<string, string> = {}): Promise<SseClient> {
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path,
          agent: false,
          headers: { accept: 'text/event-stream', 'x-test-project': as.project, 'x-test-roles': as.roles.join(','), ...headers },
        },
        (res) => resolve(new SseClient(res.statusCode ?? 0, req, res)),
      );
      req.on('error', reject);
      req.end();
    });
  }

  private parse(block: string): void {
    let id: number | undefined;
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) this.comments.push(line.slice(1).trim());
      else if (line.startsWith('id: ')) id = Number(line.slice(4));
      else if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length > 0) this.events.push({ id, event, data: JSON.parse(data.join('\n')) as Record<string, unknown> });
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  /** Resolves once `ready()` holds (checked on every chunk). */
  until(ready: () => boolean, timeoutMs = 15_000, what = 'stream condition'): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (ready()) done(null);
        else if (this.ended) done(new Error(`stream ended before ${what}: ${this.body.slice(0, 2000)}`));
      };
      const timer = setTimeout(() => done(new Error(`timed out waiting for ${what}: ${this.body.slice(-2000)}`)), timeoutMs);
      const done = (error: Error | null): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
        if (error === null) resolve();
        else reject(error);
      };
      this.waiters.add(check);
    });
  }

  close(): void {
    this.req.destroy();
  }
}

describeEachStore('REST event streams (SSE)', (ctx) => {
  const api = useApi(ctx);
  let port = 0;

  beforeAll(async () => {
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    port = (api.app.server.address() as AddressInfo).port;
  });

  async function start(workflow: string, as: Caller = MEMBER): Promise<string> {
    const up = await api.request('POST', '/v2/workflows', { yaml: WORKFLOWS, as });
    expect([201, 409], up.body).toContain(up.statusCode);
    const res = await api.request('POST', '/v2/executions', { json: { workflow_name: workflow }, as });
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { id: string }).id;
  }

  async function history(id: string): Promise<{ id: number; entity_type: string; state: string }[]> {
    return readEvents(api.engine.store.db, { rootExecutionId: id, limit: 10_000 });
  }

  it('streams a snapshot, then every transition in id order, and ends after the final state', async () => {
    const id = await start('slow');
    const client = await SseClient.open(port, `/v2/executions/${id}/events`, MEMBER);
    expect(client.status).toBe(200);
    await client.until(() => client.ended, 20_000, 'the end of the stream');

    const [snapshot, ...rest] = client.events;
    expect(snapshot?.event).toBe('snapshot');
    const snapshotExecution = snapshot?.data['execution'] as { id: string; state: string };
    expect(snapshotExecution.id).toBe(id);
    // wait-before keeps it running: the stream saw it live, not only as history.
    expect(snapshotExecution.state).toBe('RUNNING');
    expect(rest.at(-1)?.event).toBe('end');
    const streamed = rest.slice(0, -1);
    const stored = await history(id);
    expect(streamed.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    expect(streamed.map((e) => `${e.event}:${String(e.data['state'])}`)).toEqual(stored.map((e) => `${e.entity_type}:${e.state}`));
    const last = streamed.filter((e) => e.event === 'workflow' && e.data['entity_id'] === id).at(-1);
    expect(last?.data['state']).toBe('SUCCESS');
    expect(streamed.some((e) => e.event === 'task' && e.data['name'] === 'second')).toBe(true);
    expect(streamed[0]?.data).toMatchObject({ execution_id: id, entity_type: 'workflow', name: 'slow' });
  });

  it('resumes after Last-Event-ID with exactly the missed events and no snapshot', async () => {
    const id = await start('slow');
    const first = await SseClient.open(port, `/v2/executions/${id}/events`, MEMBER);
    await first.until(() => first.events.filter((e) => e.id !== undefined).length >= 2, 10_000, 'two events');
    first.close();
    const seen = first.events.filter((e) => e.id !== undefined).at(-1)?.id ?? 0;
    await api.engine.executions.waitForSettled(id, 10_000);

    const second = await SseClient.open(port, `/v2/executions/${id}/events`, MEMBER, { 'last-event-id': String(seen) });
    await second.until(() => second.ended, 10_000, 'the end of the resumed stream');
    expect(second.events.some((e) => e.event === 'snapshot')).toBe(false);
    const stored = (await history(id)).filter((e) => e.id > seen);
    expect(stored.length).toBeGreaterThan(0);
    expect(second.events.slice(0, -1).map((e) => e.id)).toEqual(stored.map((e) => e.id));
    expect(second.events.at(-1)?.event).toBe('end');

    const byQuery = await SseClient.open(port, `/v2/executions/${id}/events?last_event_id=${seen}`, MEMBER);
    await byQuery.until(() => byQuery.ended, 10_000, 'the end of the query-resumed stream');
    expect(byQuery.events.slice(0, -1).map((e) => e.id)).toEqual(stored.map((e) => e.id));

    const bad = await SseClient.open(port, `/v2/executions/${id}/events`, MEMBER, { 'last-event-id': 'soon' });
    await bad.until(() => bad.ended);
    expect(bad.status).toBe(400);
  });

  it("hides another project's execution: 404 on its stream, absent from /v2/events", async () => {
    const feed = await SseClient.open(port, '/v2/events', MEMBER);
    expect(feed.status).toBe(200);
    await feed.until(() => feed.comments.includes('connected'));

    const foreign = await start('quick', OTHER);
    const denied = await SseClient.open(port, `/v2/executions/${foreign}/events`, MEMBER);
    await denied.until(() => denied.ended);
    expect(denied.status).toBe(404);
    expect(denied.body).toContain('Execution not found');
    await api.engine.executions.waitForSettled(foreign, 10_000);

    const own = await start('quick', MEMBER);
    await feed.until(() => feed.events.some((e) => e.data['entity_id'] === own && e.data['state'] === 'SUCCESS'), 10_000, 'own execution success');
    feed.close();
    expect(feed.events.some((e) => e.data['execution_id'] === foreign || e.data['root_execution_id'] === foreign)).toBe(false);
    expect(feed.events.every((e) => e.data['project_id'] === MEMBER.project)).toBe(true);
    const ids = feed.events.map((e) => e.id ?? 0);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    // Resume on the global feed replays from the stored history too, still scoped.
    const replay = await SseClient.open(port, '/v2/events?workflow=quick', MEMBER, { 'last-event-id': '0' });
    await replay.until(() => replay.events.some((e) => e.data['entity_id'] === own && e.data['state'] === 'SUCCESS'), 10_000, 'replayed success');
    replay.close();
    expect(replay.events.some((e) => e.data['execution_id'] === foreign)).toBe(false);

    const notAdmin = await SseClient.open(port, '/v2/events?all_projects=true', MEMBER);
    await notAdmin.until(() => notAdmin.ended);
    expect(notAdmin.status).toBe(403);
  });

  it('picks up events written by another process (no notification) through the poll', async () => {
    const feed = await SseClient.open(port, '/v2/events', MEMBER);
    await feed.until(() => feed.comments.includes('connected'));
    const foreignId = 'written-elsewhere';
    // Appended straight to the table, as another engine sharing the database would: nobody here is notified.
    const [eventId] = await appendEvents(api.engine.store.db, [
      {
        root_execution_id: foreignId,
        execution_id: foreignId,
        project_id: MEMBER.project,
        entity_type: 'workflow',
        entity_id: foreignId,
        name: 'elsewhere',
        state: 'RUNNING',
        state_info: null,
        payload_json: null,
        created_at: Date.now(),
      },
    ]);
    await feed.until(() => feed.events.some((e) => e.id === eventId), 5_000, 'the polled event');
    feed.close();
    expect(feed.events.find((e) => e.id === eventId)?.data).toMatchObject({ execution_id: foreignId, state: 'RUNNING', name: 'elsewhere' });
  });

  it('refuses more than 100 concurrent streams per caller with 429', async () => {
    const caller: Caller = { project: 'capped', roles: ['member'] };
    const open: SseClient[] = [];
    for (let i = 0; i < 100; i++) open.push(await SseClient.open(port, '/v2/events', caller));
    expect(open.every((c) => c.status === 200)).toBe(true);
    const refused = await SseClient.open(port, '/v2/events', caller);
    await refused.until(() => refused.ended);
    expect(refused.status).toBe(429);
    expect(refused.body).toContain('Too many open event streams');
    // Another caller is not affected.
    const other = await SseClient.open(port, '/v2/events', { project: 'uncapped', roles: ['member'] });
    expect(other.status).toBe(200);
    other.close();

    open.pop()?.close();
    let again: SseClient | undefined;
    for (let attempt = 0; attempt < 100 && again?.status !== 200; attempt++) {
      again?.close();
      await new Promise((r) => setTimeout(r, 20));
      again = await SseClient.open(port, '/v2/events', caller);
    }
    expect(again?.status).toBe(200);
    again?.close();
    for (const c of open) c.close();
  });

  it('delivers a new execution to 1,000 concurrent /v2/events streams', { timeout: 90_000 }, async () => {
    const clients: SseClient[] = [];
    // One admin per project: each is its own caller, so the per-caller cap does not apply.
    for (let batch = 0; batch < 10; batch++) {
      const opened = await Promise.all(
        Array.from({ length: 100 }, (_, i) =>
          SseClient.open(port, '/v2/events?all_projects=true&workflow=quick', { project: `fan-${batch * 100 + i}`, roles: ['admin'] }),
        ),
      );
      clients.push(...opened);
    }
    expect(clients.every((c) => c.status === 200)).toBe(true);
    await Promise.all(clients.map((c) => c.until(() => c.comments.includes('connected'))));

    const id = await start('quick');
    const succeeded = (c: SseClient): boolean => c.events.some((e) => e.data['entity_id'] === id && e.data['state'] === 'SUCCESS');
    await Promise.all(clients.map((c) => c.until(() => succeeded(c), 60_000, 'the new execution on every stream')));
    const stored = await history(id);
    for (const c of clients) expect(c.events.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    for (const c of clients) c.close();
  });
});

describeEachStore('REST event streams configured through buildApp', (ctx) => {
  const api = useApi(ctx, { streams: { maxStreamsPerCaller: 2, heartbeatMs: 50 } });
  let port = 0;

  beforeAll(async () => {
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    port = (api.app.server.address() as AddressInfo).port;
  });

  it('applies the stream cap and heartbeat it was given', async () => {
    const open = [await SseClient.open(port, '/v2/events', MEMBER), await SseClient.open(port, '/v2/events', MEMBER)];
    expect(open.map((c) => c.status)).toEqual([200, 200]);
    const refused = await SseClient.open(port, '/v2/events', MEMBER);
    await refused.until(() => refused.ended);
    expect(refused.status).toBe(429);
    expect(refused.body).toContain('at most 2 per user and project');
    const first = open[0];
    await first?.until(() => first.body.includes(': heartbeat'));
    expect(first?.body).toContain(': heartbeat');
    for (const c of open) c.close();
  });
});
