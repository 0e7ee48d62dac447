/**
 * Test support: a small HTTP stand-in for the OpenStack services the catalog flows call (Nova,
 * Octavia, Cinder, Heat, Neutron), which cannot run on this machine. It behaves like them where
 * the flows look: every request must carry a token that the REAL Keystone accepts (checked
 * there, like keystonemiddleware does), project-scoped URLs must name the token's project, and
 * resources go through their transient states (BUILD, PENDING_CREATE, creating, REBOOT,
 * UPDATE_IN_PROGRESS) for one read before settling. Every call is recorded for the assertions.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

/** The path prefix of each service on the double, and its catalog service type. */
export const DOUBLE_SERVICES = [
  { type: 'compute', path: '/compute/v2.1' },
  { type: 'load-balancer', path: '/load-balancer' },
  { type: 'volumev3', path: '/volume/v3/%(project_id)s' },
  { type: 'orchestration', path: '/orchestration/v1/%(project_id)s' },
  { type: 'network', path: '/network' },
] as const;

export interface RecordedCall {
  readonly method: string;
  readonly path: string;
  /** The project of the token the call came with. */
  readonly projectId: string;
  readonly body: unknown;
}

interface Settling {
  /** Reads left that still show the transient state. */
  reads: number;
}

export interface Server extends Settling {
  readonly id: string;
  readonly name: string;
  status: string;
  readonly addresses: Record<string, { addr: string; 'OS-EXT-IPS:type': string }[]>;
}
export interface Member extends Settling {
  readonly id: string;
  readonly pool_id: string;
  readonly address: string;
  readonly protocol_port: number;
  readonly subnet_id: string;
  provisioning_status: string;
}
export interface Backup extends Settling {
  readonly id: string;
  readonly volume_id: string;
  readonly name: string;
  status: string;
}
export interface Volume {
  readonly id: string;
  readonly name: string | null;
  readonly status: string;
  readonly attachments: unknown[];
}
export interface FloatingIp {
  readonly id: string;
  readonly port_id: string | null;
}
export interface Stack extends Settling {
  readonly id: string;
  readonly stack_name: string;
  stack_status: string;
  parameters: Record<string, unknown>;
}

export interface CloudState {
  readonly servers: Map<string, Server>;
  readonly serverGroups: Map<string, { id: string; members: string[] }>;
  readonly members: Map<string, Member>;
  readonly snapshots: Map<string, { id: string; volume_id: string; name: string }>;
  readonly backups: Map<string, Backup>;
  readonly volumes: Map<string, Volume>;
  readonly floatingIps: Map<string, FloatingIp>;
  readonly stacks: Map<string, Stack>;
}

export interface CloudDouble {
  readonly url: string;
  readonly state: CloudState;
  readonly calls: RecordedCall[];
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function emptyState(): CloudState {
  return { servers: new Map(), serverGroups: new Map(), members: new Map(), snapshots: new Map(), backups: new Map(), volumes: new Map(), floatingIps: new Map(), stacks: new Map() };
}

/** One read of a settling resource: the transient state this time, `settled` once reads run out. */
function read<T extends Settling>(resource: T, settle: (r: T) => void): T {
  if (resource.reads > 0) resource.reads -= 1;
  else settle(resource);
  return resource;
}

function found<T>(map: Map<string, T>, id: string | undefined, what: string): T {
  const item = id === undefined ? undefined : map.get(id);
  if (item === undefined) throw new HttpError(404, `${what} ${id ?? ''} could not be found`);
  return item;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? null : (JSON.parse(text) as unknown);
}

type Body = Record<string, Record<string, unknown>>;

/** The routes of every service: [method, pattern, handler(params, body) → [status, response]]. */
function routes(s: CloudState): [string, RegExp, (p: string[], body: Body, query: URLSearchParams) => [number, unknown]][] {
  return [
    ['POST', /^\/compute\/v2\.1\/servers$/, (_p, b) => {
      const id = randomUUID();
      const server: Server = { id, name: String(b['server']?.['name']), status: 'BUILD', reads: 1, addresses: { private: [{ addr: `10.0.0.${s.servers.size + 10}`, 'OS-EXT-IPS:type': 'fixed' }] } };
      s.servers.set(id, server);
      return [202, { server: { id, links: [] } }];
    }],
    ['GET', /^\/compute\/v2\.1\/servers\/([^/]+)$/, (p) => [200, { server: read(found(s.servers, p[0], 'Server'), (r) => (r.status = 'ACTIVE')) }]],
    ['POST', /^\/compute\/v2\.1\/servers\/([^/]+)\/action$/, (p, b) => {
      const server = found(s.servers, p[0], 'Server');
      const type = b['reboot']?.['type'];
      if (type !== 'SOFT' && type !== 'HARD') throw new HttpError(400, 'Invalid reboot type');
      if (server.status !== 'ACTIVE') throw new HttpError(409, `Cannot 'reboot' instance ${server.id} while it is in ${server.status}`);
      server.status = type === 'HARD' ? 'HARD_REBOOT' : 'REBOOT';
      server.reads = 1;
      return [202, null];
    }],
    ['GET', /^\/compute\/v2\.1\/os-server-groups\/([^/]+)$/, (p) => [200, { server_group: found(s.serverGroups, p[0], 'Server group') }]],
    ['POST', /^\/load-balancer\/v2\/lbaas\/pools\/([^/]+)\/members$/, (p, b) => {
      const m = b['member'] ?? {};
      if (typeof m['address'] !== 'string' || typeof m['protocol_port'] !== 'number') throw new HttpError(400, 'Invalid member');
      const member: Member = { id: randomUUID(), pool_id: p[0] as string, address: m['address'], protocol_port: m['protocol_port'], subnet_id: String(m['subnet_id']), provisioning_status: 'PENDING_CREATE', reads: 1 };
      s.members.set(member.id, member);
      return [201, { member }];
    }],
    ['GET', /^\/load-balancer\/v2\/lbaas\/pools\/([^/]+)\/members\/([^/]+)$/, (p) => [200, { member: read(found(s.members, p[1], 'Member'), (r) => (r.provisioning_status = 'ACTIVE')) }]],
    ['POST', /^\/volume\/v3\/[^/]+\/snapshots$/, (_p, b) => {
      const volumeId = String(b['snapshot']?.['volume_id']);
      found(s.volumes, volumeId, 'Volume');
      const snapshot = { id: randomUUID(), volume_id: volumeId, name: String(b['snapshot']?.['name']) };
      s.snapshots.set(snapshot.id, snapshot);
      return [202, { snapshot: { ...snapshot, status: 'creating' } }];
    }],
    ['POST', /^\/volume\/v3\/[^/]+\/backups$/, (_p, b) => {
      const volumeId = String(b['backup']?.['volume_id']);
      found(s.volumes, volumeId, 'Volume');
      const backup: Backup = { id: randomUUID(), volume_id: volumeId, name: String(b['backup']?.['name']), status: 'creating', reads: 1 };
      s.backups.set(backup.id, backup);
      return [202, { backup: { id: backup.id, name: backup.name } }];
    }],
    ['GET', /^\/volume\/v3\/[^/]+\/backups\/([^/]+)$/, (p) => [200, { backup: read(found(s.backups, p[0], 'Backup'), (r) => (r.status = 'available')) }]],
    ['GET', /^\/volume\/v3\/[^/]+\/volumes\/detail$/, () => [200, { volumes: [...s.volumes.values()] }]],
    ['DELETE', /^\/volume\/v3\/[^/]+\/volumes\/([^/]+)$/, (p) => {
      found(s.volumes, p[0], 'Volume');
      s.volumes.delete(p[0] as string);
      return [202, null];
    }],
    ['GET', /^\/network\/v2\.0\/floatingips$/, () => [200, { floatingips: [...s.floatingIps.values()] }]],
    ['DELETE', /^\/network\/v2\.0\/floatingips\/([^/]+)$/, (p) => {
      found(s.floatingIps, p[0], 'Floating IP');
      s.floatingIps.delete(p[0] as string);
      return [204, null];
    }],
    ['GET', /^\/orchestration\/v1\/[^/]+\/stacks$/, (_p, _b, q) => [200, { stacks: [...s.stacks.values()].filter((st) => !q.has('name') || st.stack_name === q.get('name')) }]],
    ['PATCH', /^\/orchestration\/v1\/[^/]+\/stacks\/([^/]+)\/([^/]+)$/, (p, b) => {
      const stack = found(s.stacks, p[1], 'Stack');
      if (stack.stack_name !== p[0]) throw new HttpError(404, `The Stack (${p[0]}) could not be found`);
      stack.parameters = { ...stack.parameters, ...(b['parameters'] ?? {}) };
      stack.stack_status = 'UPDATE_IN_PROGRESS';
      stack.reads = 1;
      return [202, null];
    }],
    ['GET', /^\/orchestration\/v1\/[^/]+\/stacks\/([^/]+)\/([^/]+)$/, (p) => [200, { stack: read(found(s.stacks, p[1], 'Stack'), (r) => (r.stack_status = 'UPDATE_COMPLETE')) }]],
  ];
}

/** Starts the double on a free loopback port; `identityUrl` is the real Keystone (`…/v3`). */
export async function startCloudDouble(identityUrl: string): Promise<CloudDouble> {
  const state = emptyState();
  const calls: RecordedCall[] = [];
  const table = routes(state);
  const projects = new Map<string, string>();

  const projectOf = async (token: string | undefined): Promise<string> => {
    if (token === undefined || token === '') throw new HttpError(401, 'Authentication required');
    const known = projects.get(token);
    if (known !== undefined) return known;
    const r = await request(`${identityUrl}/auth/tokens?nocatalog`, { headers: { 'x-auth-token': token, 'x-subject-token': token } });
    const body = (await r.body.json()) as { token?: { project?: { id?: string } } };
    const project = body.token?.project?.id;
    if (r.statusCode !== 200 || project === undefined) throw new HttpError(401, 'The request you have made requires authentication.');
    projects.set(token, project);
    return project;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const header = req.headers['x-auth-token'];
      const projectId = await projectOf(typeof header === 'string' ? header : undefined);
      const url = new URL(req.url ?? '/', 'http://double');
      const path = url.pathname;
      const scoped = /^\/(?:volume\/v3|orchestration\/v1)\/([^/]+)/.exec(path);
      if (scoped && scoped[1] !== projectId) throw new HttpError(403, 'Policy does not allow this request to be performed on another project');
      const body = await readJson(req);
      calls.push({ method: req.method ?? '', path, projectId, body });
      for (const [method, pattern, handler] of table) {
        const match = pattern.exec(path);
        if (match && method === req.method) {
          const [status, response] = handler(match.slice(1), (body ?? {}) as Body, url.searchParams);
          res.writeHead(status, response === null ? {} : { 'content-type': 'application/json' });
          res.end(response === null ? '' : JSON.stringify(response));
          return;
        }
      }
      throw new HttpError(404, `No route ${req.method ?? ''} ${path}`);
    } catch (e) {
      const status = e instanceof HttpError ? e.status : 500;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: status, message: (e as Error).message } }));
    }
  };

  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
