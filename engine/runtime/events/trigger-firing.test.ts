import { expect, it } from 'vitest';
import { fromJs, type ValueMap } from '../../language/values/value.js';
import type { EventTrigger } from '../../store/schema.js';
import { firstSyntaxError, planFiring, triggerRoutes } from './trigger-firing.js';

const trigger = (input: string, params = '{}'): EventTrigger => ({
  id: 't-1',
  name: 'on-boot',
  project_id: 'p',
  scope: 'private',
  exchange: 'nova',
  topic: 'notifications',
  event: 'compute.instance.create.end',
  workflow_id: 'w',
  workflow_input_json: input,
  workflow_params_json: params,
  security_context_json: null,
  created_at: 0,
  updated_at: 0,
});

it('routes API events by type alone, and notifications by exchange and topic (priorities included)', () => {
  const t = trigger('{}');
  expect(triggerRoutes(t, { exchange: null, topic: null })).toBe(true);
  expect(triggerRoutes(t, { exchange: 'nova', topic: 'notifications.info' })).toBe(true);
  expect(triggerRoutes(t, { exchange: 'nova', topic: 'notifications' })).toBe(true);
  expect(triggerRoutes(t, { exchange: 'cinder', topic: 'notifications.info' })).toBe(false);
  expect(triggerRoutes(t, { exchange: 'nova', topic: 'versioned_notifications.info' })).toBe(false);
  expect(triggerRoutes({ exchange: '*', topic: '*' }, { exchange: 'cinder', topic: 'anything' })).toBe(true);
});

it('evaluates input and params against the event, in YAQL and Jinja', () => {
  const event = fromJs({ type: 'e', payload: { id: 5 }, correlation_key: 'k' }) as ValueMap;
  const plan = planFiring(trigger('{"id": "<% $.payload.id %>", "label": "{{ _.type }}-{{ _.correlation_key }}", "fixed": [1]}', '{"env": {"k": "<% $.correlation_key %>"}}'), event);
  expect(plan).toEqual({ ok: true, input: new Map<string, unknown>([['id', 5], ['label', 'e-k'], ['fixed', [1]]]), params: new Map([['env', new Map([['k', 'k']])]]) });
  expect(planFiring(trigger('{"id": "<% $.nope %>"}'), event)).toEqual({ ok: false, error: "Event trigger on-boot: workflow_input could not be evaluated: Can not evaluate YAQL expression [expression= $.nope , error='nope']" });
});

it('finds syntax errors anywhere in a value', () => {
  expect(firstSyntaxError(fromJs({ a: [1, '<% $.ok %>'] }))).toBeNull();
  expect(firstSyntaxError(fromJs({ a: ['<% $.( %>'] }))).toMatch(/^Invalid YAQL expression/);
});
