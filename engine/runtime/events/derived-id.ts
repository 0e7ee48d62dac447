/**
 * Ids every engine process computes alike for the same fact, so redoing work after a crash or a
 * lost claim finds what the first attempt created instead of creating it twice.
 */
import { createHash } from 'node:crypto';

/** Fixed UUID namespace of event-derived ids. */
const NAMESPACE = Buffer.from('8f1d0c7e5b6a4e2f9a3c1b7d6e5f4a39', 'hex');

/** A name-based UUID (version 5 layout, SHA-1) of `parts`. */
export function derivedId(...parts: readonly string[]): string {
  const hash = createHash('sha1').update(NAMESPACE).update(parts.join('\u0000')).digest();
  const b = hash.subarray(0, 16);
  b[6] = ((b[6] as number) & 0x0f) | 0x50;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The execution an event trigger starts for an event. */
export function firingExecutionId(eventId: string, triggerId: string): string {
  return derivedId('firing', eventId, triggerId);
}

/** The durable timer that ends a wait at its deadline. */
export function waitTimeoutJobId(actionExecutionId: string): string {
  return derivedId('wait-timeout', actionExecutionId);
}

/** An oslo.messaging notification's event, from its `message_id` (redeliveries collapse into one). */
export function notificationEventId(messageId: string): string {
  return derivedId('notification', messageId);
}
