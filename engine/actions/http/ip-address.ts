/**
 * IP address parsing for the private-target guard: addresses and CIDR blocks as byte arrays, so
 * IPv4-mapped IPv6 (`::ffff:127.0.0.1`) cannot slip past a check written for IPv4.
 */
import { isIP } from 'node:net';

/** 4 bytes for IPv4, 16 for IPv6; undefined when `text` is not an IP address. */
export function parseIp(text: string): Uint8Array | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const family = isIP(bare);
  if (family === 4) return Uint8Array.from(bare.split('.').map(Number));
  if (family !== 6) return undefined;
  return parseIpv6(bare.replace(/%.*$/, ''));
}

function parseIpv6(text: string): Uint8Array {
  let head = text;
  let tail4: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    tail4 = dotted[1].split('.').map(Number);
    head = text.slice(0, -dotted[1].length) + '0:0';
  }
  const [left = '', right] = head.split('::');
  const leftGroups = left ? left.split(':') : [];
  const rightGroups = right ? right.split(':') : [];
  const fill = right === undefined ? 0 : 8 - leftGroups.length - rightGroups.length;
  const groups = [...leftGroups, ...Array<string>(fill).fill('0'), ...rightGroups].map((g) => parseInt(g, 16));
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  if (tail4.length === 4) bytes.set(tail4, 12);
  return bytes;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (`::ffff:a.b.c.d`), else the input. */
export function unmapIpv4(bytes: Uint8Array): Uint8Array {
  if (bytes.length !== 16) return bytes;
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return bytes;
  if (bytes[10] !== 0xff || bytes[11] !== 0xff) return bytes;
  return bytes.slice(12);
}

export function inPrefix(address: Uint8Array, network: Uint8Array, prefixBits: number): boolean {
  if (address.length !== network.length) return false;
  let bits = prefixBits;
  for (let i = 0; i < address.length && bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if (((address[i] ?? 0) & mask) !== ((network[i] ?? 0) & mask)) return false;
  }
  return true;
}

export interface Cidr {
  readonly network: Uint8Array;
  readonly prefixBits: number;
}

/** `10.0.0.0/8`, `fe80::/10`, or a single address (full-length prefix). */
export function parseCidr(text: string): Cidr | undefined {
  const [addr = '', bitsText] = text.split('/');
  const parsed = parseIp(addr.trim());
  if (!parsed) return undefined;
  const network = unmapIpv4(parsed);
  const max = network.length * 8;
  const prefixBits = bitsText === undefined ? max : Number(bitsText);
  if (!Number.isInteger(prefixBits) || prefixBits < 0 || prefixBits > max) return undefined;
  return { network, prefixBits };
}
