import { expect, it } from 'vitest';
import { parseNotification } from './oslo-envelope.js';

const wrap = (m: unknown): string => JSON.stringify({ 'oslo.version': '2.0', 'oslo.message': JSON.stringify(m) });

it('reads the oslo 2.0 envelope: type, project from the context, publisher, correlation from a payload path', () => {
  const parsed = parseNotification(
    wrap({ message_id: 'm-1', event_type: 'volume.create.end', publisher_id: 'volume.host', payload: { volume_id: 'v-1', size: 1 }, _context_project_id: 'p9' }),
    { correlationPath: 'volume_id' },
  );
  expect(parsed).toEqual({
    ok: true,
    event: { messageId: 'm-1', type: 'volume.create.end', projectId: 'p9', payload: new Map<string, unknown>([['volume_id', 'v-1'], ['size', 1]]), publisherId: 'volume.host', correlationKey: 'v-1' },
  });
});

it('accepts unwrapped (oslo 1.0) messages and falls back to the tenant named in the context or payload', () => {
  const legacy = parseNotification(JSON.stringify({ event_type: 'x', payload: {}, _context_tenant: 't-1' }), { correlationPath: null });
  expect(legacy.ok && legacy.event.projectId).toBe('t-1');
  const fromPayload = parseNotification(wrap({ event_type: 'x', payload: { tenant_id: 't-2', nested: { id: 3 } } }), { correlationPath: 'nested.id' });
  expect(fromPayload.ok && [fromPayload.event.projectId, fromPayload.event.correlationKey, fromPayload.event.messageId]).toEqual(['t-2', '3', null]);
});

it('says why a message cannot be an event', () => {
  const cases: [string, string][] = [
    ['{', 'the message body is not JSON'],
    ['[1]', 'the message body is not a JSON object'],
    [JSON.stringify({ 'oslo.message': 5 }), '"oslo.message" is not a JSON string'],
    [JSON.stringify({ 'oslo.message': '{' }), '"oslo.message" is not valid JSON'],
    [wrap({ payload: {} }), 'the notification has no event_type'],
    [wrap({ event_type: 'x', payload: {} }), 'notification x names no project (_context_project_id)'],
  ];
  for (const [body, error] of cases) expect(parseNotification(body, { correlationPath: null })).toEqual({ ok: false, error });
});
