/**
 * Refuses std.http requests to the engine host itself and to link-local services (cloud metadata
 * at 169.254.169.254 hands out credentials). Names are resolved and every resolved address is
 * checked; the same check runs again inside the socket's DNS lookup, so the address connected to
 * is the address checked (no rebinding between check and connect).
 */
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import type { HttpActionsConfig } from '../config.js';
import { ActionError } from '../errors.js';
import { inPrefix, parseCidr, parseIp, unmapIpv4, type Cidr } from './ip-address.js';

export type PrivateAddressKind = 'loopback' | 'link-local' | 'unspecified';

const BLOCKED: readonly (Cidr & { readonly kind: PrivateAddressKind })[] = [
  ['127.0.0.0/8', 'loopback'],
  ['::1/128', 'loopback'],
  ['169.254.0.0/16', 'link-local'],
  ['fe80::/10', 'link-local'],
  // 0.0.0.0 and :: reach the local host when used as a destination.
  ['0.0.0.0/8', 'unspecified'],
  ['::/128', 'unspecified'],
].map(([cidr, kind]) => ({ ...(parseCidr(cidr as string) as Cidr), kind: kind as PrivateAddressKind }));

/** Why `address` is refused by default, or undefined for an ordinary address. */
export function privateAddressKind(address: string): PrivateAddressKind | undefined {
  const parsed = parseIp(address);
  if (!parsed) return undefined;
  const bytes = unmapIpv4(parsed);
  return BLOCKED.find((b) => inPrefix(bytes, b.network, b.prefixBits))?.kind;
}

export interface TargetGuard {
  /** Resolves `hostname` (unless it is an IP literal) and throws an ActionError if it is refused. */
  check(hostname: string): Promise<void>;
  /** For sockets: a DNS lookup that refuses the same addresses; undefined when nothing is refused. */
  readonly lookup: LookupFunction | undefined;
}

type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>;

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)));
  });

export function createTargetGuard(
  config: Pick<HttpActionsConfig, 'allowPrivateTargets' | 'allowedPrivateTargets'>,
  resolver: Resolver = systemResolver,
): TargetGuard {
  if (config.allowPrivateTargets) return { check: () => Promise.resolve(), lookup: undefined };
  const allowedNames = new Set<string>();
  const allowedBlocks: Cidr[] = [];
  for (const entry of config.allowedPrivateTargets) {
    const cidr = parseCidr(entry);
    if (cidr) allowedBlocks.push(cidr);
    else allowedNames.add(normaliseName(entry));
  }

  const refusal = (hostname: string, address: string): string | undefined => {
    const kind = privateAddressKind(address);
    if (!kind) return undefined;
    const parsed = parseIp(address);
    const bytes = parsed ? unmapIpv4(parsed) : undefined;
    if (bytes && allowedBlocks.some((b) => inPrefix(bytes, b.network, b.prefixBits))) return undefined;
    const shown = normaliseName(hostname);
    const target = shown === address ? address : `${shown} (${address})`;
    return (
      `Refusing to send an HTTP request to ${target}: ${kind} addresses are blocked. ` +
      `To allow it, set http.allowPrivateTargets: true in the actions configuration ` +
      `or add '${shown}' to http.allowedPrivateTargets.`
    );
  };

  const check = async (hostname: string): Promise<void> => {
    if (allowedNames.has(normaliseName(hostname))) return;
    const literal = parseIp(hostname);
    const addresses = literal
      ? [stripBrackets(hostname)]
      : (await resolveOrFail(resolver, hostname)).map((a) => a.address);
    for (const address of addresses) {
      const message = refusal(hostname, address);
      if (message) throw new ActionError(message);
    }
  };

  const lookup: LookupFunction = (hostname, options, callback) => {
    const wantAll = (options as LookupOptions).all === true;
    dnsLookup(hostname, { ...(options as LookupAllOptions), all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      if (!allowedNames.has(normaliseName(hostname))) {
        for (const a of addresses) {
          const message = refusal(hostname, a.address);
          if (message) return callback(new ActionError(message), '', 0);
        }
      }
      if (wantAll) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new ActionError(`No address found for ${hostname}`), '', 0);
      return callback(null, first.address, first.family);
    });
  };

  return { check, lookup };
}

async function resolveOrFail(resolver: Resolver, hostname: string): Promise<readonly LookupAddress[]> {
  try {
    return await resolver(stripBrackets(hostname));
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new ActionError(`Failed to send HTTP request: cannot resolve host ${hostname}${typeof code === 'string' ? ` (${code})` : ''}`);
  }
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function normaliseName(host: string): string {
  return stripBrackets(host).toLowerCase().replace(/\.$/, '');
}
