/**
 * Publishing events into a project, and reading them back. Every event is stored PENDING in the
 * same statement that accepts it; the {@link EventProcessor} fires triggers and wakes waits.
 */
import { dumpJson } from '../../language/values/json.js';
import type { Value } from '../../language/values/value.js';
import type { Store } from '../../store/open-store.js';
import { getPublishedEvent, insertPublishedEvent, listFirings } from '../../store/repositories/events-published.js';
import type { EpochMs, EventTriggerFiring, PublishedEvent } from '../../store/schema.js';
import { EngineError } from '../errors.js';
import { newId } from '../ids.js';
import type { ExecutionService } from '../service/executions.js';
import { EventProcessor, type EventProcessorOptions } from './event-processor.js';
import { EventWaits } from './event-waits.js';

export interface PublishRequest {
  readonly projectId: string;
  readonly type: string;
  readonly payload: Value;
  readonly correlationKey?: string | null;
  /** Notifications bring their own id (derived from the message id), so redeliveries collapse. */
  readonly id?: string;
  readonly source?: 'api' | 'notification';
  readonly exchange?: string | null;
  readonly topic?: string | null;
  readonly publisherId?: string | null;
}

export interface EventLimits {
  /** Largest accepted payload, as JSON bytes. */
  readonly maxPayloadBytes: number;
  readonly maxTypeLength: number;
  readonly maxCorrelationKeyLength: number;
}

export const DEFAULT_EVENT_LIMITS: EventLimits = { maxPayloadBytes: 1024 * 1024, maxTypeLength: 255, maxCorrelationKeyLength: 255 };

export interface EventServiceOptions extends EventProcessorOptions {
  readonly limits?: Partial<EventLimits>;
}

export class EventService {
  readonly processor: EventProcessor;
  /** What `std.wait_for_event` registers its waits with. */
  readonly waits: EventWaits;
  private readonly limits: EventLimits;
  private readonly clock: () => EpochMs;

  constructor(
    private readonly store: Store,
    executions: ExecutionService,
    waits: EventWaits,
    options: EventServiceOptions = {},
  ) {
    this.clock = options.clock ?? Date.now;
    this.limits = { ...DEFAULT_EVENT_LIMITS, ...options.limits };
    this.waits = waits;
    this.processor = new EventProcessor(store, executions, options);
  }

  /**
   * Stores the event. `created` is false when an event with the requested id existed already
   * (then nothing changes). Refuses an empty or over-long type or key, and an oversized payload.
   */
  async publish(req: PublishRequest): Promise<{ readonly event: PublishedEvent; readonly created: boolean }> {
    const type = req.type.trim();
    if (type === '') throw new EngineError('invalid-input', 'An event needs a non-empty type');
    if (type.length > this.limits.maxTypeLength) throw new EngineError('invalid-input', `An event type is at most ${this.limits.maxTypeLength} characters, got ${type.length}`);
    const key = req.correlationKey ?? null;
    if (key !== null && (key === '' || key.length > this.limits.maxCorrelationKeyLength)) {
      throw new EngineError('invalid-input', `A correlation_key is 1 to ${this.limits.maxCorrelationKeyLength} characters, got ${key.length}`);
    }
    const payload = dumpJson(req.payload);
    const bytes = Buffer.byteLength(payload);
    if (bytes > this.limits.maxPayloadBytes) {
      throw new EngineError('too-large', `The event payload is ${bytes} bytes, over the limit of ${this.limits.maxPayloadBytes} bytes`);
    }
    const id = req.id ?? newId();
    const created = await insertPublishedEvent(this.store.db, {
      id,
      project_id: req.projectId,
      type,
      payload_json: payload,
      correlation_key: key,
      source: req.source ?? 'api',
      exchange: req.exchange ?? null,
      topic: req.topic ?? null,
      publisher_id: req.publisherId ?? null,
      state: 'PENDING',
      claimed_by: null,
      claimed_until: null,
      attempts: 0,
      created_at: this.clock(),
      processed_at: null,
    });
    const event = await getPublishedEvent(this.store.db, id);
    if (event === undefined) throw new Error(`published event ${id} vanished right after its insert`);
    if (created) this.processor.wake();
    return { event, created };
  }

  /** An event and what each trigger did with it; with `projectId`, only that project's. */
  async get(id: string, projectId?: string): Promise<{ readonly event: PublishedEvent; readonly firings: readonly EventTriggerFiring[] }> {
    const event = await getPublishedEvent(this.store.db, id, projectId);
    if (event === undefined) throw new EngineError('not-found', `Event not found [id=${id}]`);
    return { event, firings: await listFirings(this.store.db, id) };
  }
}
