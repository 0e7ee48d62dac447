/**
 * The caller's OpenStack context (Mistral's `$.openstack`): Keystone token, service catalog and who
 * the caller is, captured when an execution starts with authentication on. It lives in the
 * workflow context under `openstack`, so expressions read `$.openstack.auth_token`, and every
 * sub-workflow inherits it (in Mistral it travels with the call's security context). The API
 * never shows it (`published_global` leaves it out).
 */
import type { MapKey, Value, ValueMap } from '../language/values/value.js';

export const OPENSTACK_CONTEXT_KEY = 'openstack';

/** The workflow context an execution starts with: the caller's OpenStack context, if any. */
export function startContext(openstack: ValueMap | null | undefined): ValueMap {
  return new Map<MapKey, Value>(openstack ? [[OPENSTACK_CONTEXT_KEY, openstack]] : []);
}

/** What a sub-workflow's context starts with: its parent's OpenStack context, nothing else. */
export function inheritedContext(parent: ValueMap): ValueMap {
  const openstack = parent.get(OPENSTACK_CONTEXT_KEY);
  return new Map<MapKey, Value>(openstack === undefined ? [] : [[OPENSTACK_CONTEXT_KEY, openstack]]);
}

/** The workflow context without the caller's credentials: what the API may show. */
export function withoutOpenStackContext(context: ValueMap): ValueMap {
  if (!context.has(OPENSTACK_CONTEXT_KEY)) return context;
  const out = new Map(context);
  out.delete(OPENSTACK_CONTEXT_KEY);
  return out;
}
