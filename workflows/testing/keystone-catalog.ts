/**
 * Test support: registers the cloud double's services in the real Keystone's service catalog (as
 * admin, through Keystone's API) and removes them again. Services are named
 * `convection-double-<type>`; leftovers of an interrupted run are removed before registering, so
 * the catalog never holds two endpoints of one type from this double.
 */
import { request } from 'undici';
import { DOUBLE_SERVICES } from './cloud-double.js';

export const DOUBLE_SERVICE_PREFIX = 'convection-double-';

async function call(identityUrl: string, adminToken: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
  const r = await request(`${identityUrl}${path}`, {
    method,
    headers: { 'x-auth-token': adminToken, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.body.text();
  if (r.statusCode >= 300) throw new Error(`Keystone ${method} ${path} answered ${r.statusCode}: ${text}`);
  return text === '' ? null : (JSON.parse(text) as unknown);
}

async function removeDoubleServices(identityUrl: string, adminToken: string): Promise<void> {
  const listed = (await call(identityUrl, adminToken, 'GET', '/services')) as { services: { id: string; name?: string }[] };
  for (const service of listed.services.filter((s) => s.name?.startsWith(DOUBLE_SERVICE_PREFIX))) {
    const endpoints = (await call(identityUrl, adminToken, 'GET', `/endpoints?service_id=${service.id}`)) as { endpoints: { id: string }[] };
    for (const e of endpoints.endpoints) await call(identityUrl, adminToken, 'DELETE', `/endpoints/${e.id}`);
    await call(identityUrl, adminToken, 'DELETE', `/services/${service.id}`);
  }
}

/** Registers a public endpoint per double service at `doubleUrl`; the returned function removes them. */
export async function registerDoubleInCatalog(identityUrl: string, adminToken: string, doubleUrl: string): Promise<() => Promise<void>> {
  await removeDoubleServices(identityUrl, adminToken);
  for (const { type, path } of DOUBLE_SERVICES) {
    const created = (await call(identityUrl, adminToken, 'POST', '/services', { service: { type, name: `${DOUBLE_SERVICE_PREFIX}${type}`, enabled: true } })) as { service: { id: string } };
    await call(identityUrl, adminToken, 'POST', '/endpoints', { endpoint: { service_id: created.service.id, interface: 'public', region_id: 'RegionOne', url: `${doubleUrl}${path}`, enabled: true } });
  }
  return () => removeDoubleServices(identityUrl, adminToken);
}
