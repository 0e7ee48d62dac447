/**
 * Consumes oslo.messaging notifications from RabbitMQ and publishes each as an event in the
 * project it names. Every engine process consumes from one shared, durable queue bound to the
 * configured exchanges and routing keys, so each notification is taken by one process; a message
 * is acknowledged only after its event is stored, and a redelivery (after a crash before the ack)
 * maps to the same event id, so it is stored once.
 *
 * The connection is re-established with exponential backoff whenever it drops (broker restart,
 * network), until `stop()`.
 */
import { randomUUID } from 'node:crypto';
import amqp from 'amqplib';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import type { EventService } from '../runtime/events/event-service.js';
import { notificationEventId } from '../runtime/events/derived-id.js';
import { redactUrl, type NotificationsConfig } from './config.js';
import { parseNotification } from './oslo-envelope.js';

export interface NotificationConsumerOptions {
  /** What went wrong (dropped message, lost connection); the server logs it. Defaults to stderr. */
  readonly onProblem?: (message: string) => void;
  /** Called after each (re)connection, with the connection count so far. */
  readonly onConnected?: (connections: number) => void;
}

const PREFETCH = 50;
/** A message whose event could not be stored is handed back after this, not at once (no hot loop). */
const REQUEUE_DELAY_MS = 1_000;

export class NotificationConsumer {
  private connection: ChannelModel | null = null;
  private channel: Channel | null = null;
  private running = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private delay: number;
  private connections = 0;
  private readonly report: (message: string) => void;
  private dropCount = 0;
  /** The latest problems (at most 20), newest last: what an operator or a test looks at. */
  readonly recentProblems: string[] = [];
  private readonly onConnected: (connections: number) => void;
  private connecting: Promise<void> | null = null;
  /** How this process's connection shows in the broker's connection list. */
  readonly connectionName = `convection-notifications-${process.pid}-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly config: NotificationsConfig,
    private readonly events: EventService,
    options: NotificationConsumerOptions = {},
  ) {
    this.delay = config.reconnectMs ?? 500;
    this.report = options.onProblem ?? ((m) => process.stderr.write(`convection notifications: ${m}\n`));
    this.onConnected = options.onConnected ?? (() => undefined);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.connectSoon(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    await this.connecting?.catch(() => undefined);
    const connection = this.connection;
    this.connection = null;
    this.channel = null;
    await connection?.close().catch(() => undefined);
  }

  /** Messages dropped because they could never become an event. */
  get droppedCount(): number {
    return this.dropCount;
  }

  private onProblem(message: string): void {
    this.recentProblems.push(message);
    if (this.recentProblems.length > 20) this.recentProblems.shift();
    this.report(message);
  }

  /** Connections made so far (1 after the first; more after reconnects). */
  get connectionCount(): number {
    return this.connections;
  }

  private connectSoon(ms: number): void {
    if (!this.running || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connecting = this.connect().finally(() => {
        this.connecting = null;
      });
    }, ms);
  }

  private async connect(): Promise<void> {
    let connection: ChannelModel | null = null;
    try {
      connection = await amqp.connect(this.config.url, { clientProperties: { connection_name: this.connectionName } });
      connection.on('error', () => undefined);
      connection.on('close', () => this.lost(connection, 'the connection to RabbitMQ closed'));
      const channel = await connection.createChannel();
      channel.on('error', () => undefined);
      // A channel closed by the broker alone (e.g. a deleted queue) would stop consumption silently.
      channel.on('close', () => {
        if (this.channel === channel) void connection?.close().catch(() => undefined);
      });
      await channel.prefetch(PREFETCH);
      await channel.assertQueue(this.config.queue, { durable: true });
      for (const exchange of this.config.exchanges) {
        // oslo.messaging declares control exchanges as non-durable topic exchanges.
        await channel.assertExchange(exchange, 'topic', { durable: false });
        for (const topic of this.config.topics) await channel.bindQueue(this.config.queue, exchange, topic);
      }
      if (!this.running) {
        await connection.close().catch(() => undefined);
        return;
      }
      await channel.consume(this.config.queue, (msg) => {
        if (msg !== null) void this.handle(channel, msg);
      });
      this.connection = connection;
      this.channel = channel;
      this.delay = this.config.reconnectMs ?? 500;
      this.connections++;
      this.onConnected(this.connections);
    } catch (error) {
      this.onProblem(`cannot consume from ${redactUrl(this.config.url)}: ${error instanceof Error ? error.message : String(error)}; retrying in ${this.delay} ms`);
      await connection?.close().catch(() => undefined);
      this.backoff();
    }
  }

  private lost(connection: ChannelModel | null, why: string): void {
    if (this.connection !== connection || connection === null) return;
    this.connection = null;
    this.channel = null;
    if (!this.running) return;
    this.onProblem(`${why}; reconnecting`);
    this.backoff();
  }

  private backoff(): void {
    const wait = this.delay;
    this.delay = Math.min(this.delay * 2, this.config.maxReconnectMs ?? 30_000);
    this.connectSoon(wait);
  }

  private async handle(channel: Channel, msg: ConsumeMessage): Promise<void> {
    const parsed = parseNotification(msg.content.toString('utf8'), { correlationPath: this.config.correlationPath });
    if (!parsed.ok) {
      // A message that can never become an event would be redelivered forever: drop it, say why.
      this.dropCount++;
      this.onProblem(`dropped a message from exchange ${msg.fields.exchange} (${msg.fields.routingKey}): ${parsed.error}`);
      channel.ack(msg);
      return;
    }
    const n = parsed.event;
    try {
      await this.events.publish({
        ...(n.messageId === null ? {} : { id: notificationEventId(n.messageId) }),
        projectId: n.projectId,
        type: n.type,
        payload: n.payload,
        correlationKey: n.correlationKey,
        source: 'notification',
        exchange: msg.fields.exchange,
        topic: msg.fields.routingKey,
        publisherId: n.publisherId,
      });
      channel.ack(msg);
    } catch (error) {
      this.onProblem(`could not store notification ${n.type}: ${error instanceof Error ? error.message : String(error)}; it will be redelivered`);
      setTimeout(() => {
        try {
          channel.nack(msg, false, true);
        } catch {
          // The channel closed meanwhile: the broker redelivers unacknowledged messages anyway.
        }
      }, REQUEUE_DELAY_MS).unref();
    }
  }
}
