/**
 * OpenStack notifications from the real RabbitMQ (127.0.0.1:5672, or CONVECTION_TEST_AMQP_URL),
 * published with amqplib in oslo.messaging's format, become events that fire event triggers.
 * Each suite uses its own exchange and queue, so parallel runs and other users do not interfere.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import amqp from 'amqplib';
import type { Channel, ChannelModel } from 'amqplib';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createEngine, type ConvectionEngine } from '../index.js';
import { clearEventTables, processed, until } from '../runtime/events/test-support.js';
import { describeEachStore } from '../store/testing/each-store.js';
import { notificationsConfigFromEnv } from './config.js';
import { parseNotification } from './oslo-envelope.js';

const AMQP_URL = process.env['CONVECTION_TEST_AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672/';
const run = promisify(execFile);

const WORKFLOW = `version: '2.0'
on_boot:
  input: [server, host]
  output:
    server: <% $.server %>
  tasks:
    t:
      action: std.noop
`;

function oslo(message: Record<string, unknown>): Buffer {
  return Buffer.from(JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': JSON.stringify(message) }));
}

function notification(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    message_id: randomUUID(),
    publisher_id: 'compute.host-1',
    event_type: 'compute.instance.create.end',
    priority: 'INFO',
    timestamp: '2026-11-27 15:00:00.000000',
    payload: { instance_id: `i-${randomUUID().slice(0, 6)}`, host: 'host-1', state: 'active' },
    _context_project_id: 'p1',
    _context_user_id: 'u1',
    ...overrides,
  };
}

/** Closes our connection from the broker's side, as a broker restart would. */
async function closeFromBroker(connectionName: string): Promise<void> {
  const { stdout } = await run('rabbitmqctl', ['list_connections', 'pid', 'client_properties', '--no-table-headers', '--quiet']);
  const line = stdout.split('\n').find((l) => l.includes(`{"connection_name","${connectionName}"}`));
  if (line === undefined) throw new Error(`connection ${connectionName} not found in the broker`);
  await run('rabbitmqctl', ['close_connection', line.split('\t')[0] ?? '', 'test: simulated broker restart']);
}

describeEachStore('OpenStack notifications from RabbitMQ', (ctx) => {
  const exchange = `convection-test-${randomUUID().slice(0, 8)}`;
  const queue = `convection-test-${randomUUID().slice(0, 8)}`;
  let engine: ConvectionEngine;
  let publisher: ChannelModel;
  let channel: Channel;
  let workflowId = '';

  beforeAll(async () => {
    engine = await createEngine(await ctx.openStore(), {
      pollMs: 50,
      notifications: { url: AMQP_URL, exchanges: [exchange], topics: ['notifications.info'], queue, correlationPath: 'instance_id', reconnectMs: 100, maxReconnectMs: 1_000 },
    });
    publisher = await amqp.connect(AMQP_URL);
    channel = await publisher.createChannel();
  });

  afterAll(async () => {
    await channel?.deleteQueue(queue).catch(() => undefined);
    await channel?.deleteExchange(exchange).catch(() => undefined);
    await publisher?.close();
    await engine?.close();
  });

  beforeEach(async () => {
    await clearEventTables(ctx.store);
    await engine.definitions.loadCatalog();
    const [saved] = await engine.definitions.createWorkflows(WORKFLOW, { projectId: 'p1' });
    workflowId = saved?.id ?? '';
    await engine.store.db
      .insertInto('event_triggers')
      .values({
        id: randomUUID(),
        name: 'on-create',
        project_id: 'p1',
        scope: 'private',
        exchange,
        topic: 'notifications',
        event: 'compute.instance.create.end',
        workflow_id: workflowId,
        workflow_input_json: '{"server": "<% $.payload.instance_id %>", "host": "{{ _.publisher_id }}"}',
        workflow_params_json: '{}',
        security_context_json: null,
        created_at: Date.now(),
        updated_at: Date.now(),
      })
      .execute();
    await until('the consumer to be connected', async () => ((engine.notifications?.connectionCount ?? 0) > 0 ? true : undefined));
  });

  async function executionFor(instanceId: string): Promise<string> {
    return until(`an execution for ${instanceId}`, async () => {
      const row = await engine.store.db.selectFrom('workflow_executions').select('id').where('input_json', 'like', `%${instanceId}%`).executeTakeFirst();
      return row?.id;
    });
  }

  it('turns an oslo notification into an event that fires the trigger of its project', async () => {
    const message = notification();
    const instance = (message['payload'] as { instance_id: string }).instance_id;
    channel.publish(exchange, 'notifications.info', oslo(message), { contentType: 'application/json' });
    const executionId = await executionFor(instance);
    const execution = await engine.executions.waitForSettled(executionId);
    expect(execution.state).toBe('SUCCESS');
    expect(Object.fromEntries(execution.input)).toEqual({ server: instance, host: 'compute.host-1' });
    const [event] = await engine.store.db.selectFrom('published_events').selectAll().execute();
    expect(event).toMatchObject({ project_id: 'p1', type: 'compute.instance.create.end', source: 'notification', exchange, topic: 'notifications.info', publisher_id: 'compute.host-1', correlation_key: instance });
    // A redelivery (same message id) is the same event: stored once, processed once.
    const again = parseNotification(oslo(message).toString(), { correlationPath: null });
    expect(again.ok).toBe(true);
    const { created } = await engine.events.publish({ id: event?.id ?? '', projectId: 'p1', type: 'compute.instance.create.end', payload: null, source: 'notification' });
    expect(created).toBe(false);
  });

  it('drops a notification that names no project, and one that is not oslo JSON, saying why', async () => {
    const message = notification({ _context_project_id: null, payload: { instance_id: 'orphan' } });
    const consumer = engine.notifications;
    if (consumer === null) throw new Error('notifications are configured in this suite');
    const before = consumer.droppedCount;
    channel.publish(exchange, 'notifications.info', oslo(message));
    channel.publish(exchange, 'notifications.info', Buffer.from('not json'));
    await until('both messages to be dropped', async () => (consumer.droppedCount >= before + 2 ? true : undefined));
    expect(consumer.recentProblems.slice(-2).sort()).toEqual([
      `dropped a message from exchange ${exchange} (notifications.info): notification compute.instance.create.end names no project (_context_project_id)`,
      `dropped a message from exchange ${exchange} (notifications.info): the message body is not JSON`,
    ]);
    expect(await engine.store.db.selectFrom('published_events').select('id').execute()).toEqual([]);
  });

  it('reconnects after the broker drops the connection and keeps consuming', async () => {
    const consumer = engine.notifications;
    if (consumer === null) throw new Error('notifications are configured in this suite');
    const before = consumer.connectionCount;
    await closeFromBroker(consumer.connectionName);
    await until('the consumer to reconnect', async () => (consumer.connectionCount > before ? true : undefined));
    const message = notification();
    channel.publish(exchange, 'notifications.info', oslo(message));
    const executionId = await executionFor((message['payload'] as { instance_id: string }).instance_id);
    expect((await engine.executions.waitForSettled(executionId)).state).toBe('SUCCESS');
  }, 60_000);
});

it('reads its configuration from the environment', () => {
  expect(notificationsConfigFromEnv({})).toBeNull();
  expect(notificationsConfigFromEnv({ CONVECTION_NOTIFICATIONS_URL: 'amqp://guest:guest@127.0.0.1:5672/', CONVECTION_NOTIFICATIONS_EXCHANGES: 'nova, cinder', CONVECTION_NOTIFICATIONS_CORRELATION: 'instance_id' })).toEqual({
    url: 'amqp://guest:guest@127.0.0.1:5672/',
    exchanges: ['nova', 'cinder'],
    topics: ['notifications.info'],
    queue: 'convection-notifications',
    correlationPath: 'instance_id',
  });
  expect(() => notificationsConfigFromEnv({ CONVECTION_NOTIFICATIONS_URL: 'http://x' })).toThrow(/amqp:\/\//);
});
