import { ActionError } from './errors.js';

/** `host`, `host:port`, `[v6]` or `[v6]:port`, as smtplib and ssh accept them. */
export function parseHostPort(text: string, defaultPort: number, what: string): { host: string; port: number } {
  const trimmed = text.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(trimmed);
  const plain = /^([^:\s]+)(?::(\d+))?$/.exec(trimmed);
  const m = bracketed ?? plain;
  // A bare IPv6 address has several colons and no port.
  if (!m && /^[0-9a-f:]+$/i.test(trimmed) && trimmed.includes('::')) return { host: trimmed, port: defaultPort };
  if (!m?.[1]) throw new ActionError(`Invalid ${what} '${text}': expected host or host:port`);
  const port = m[2] === undefined ? defaultPort : Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ActionError(`Invalid port in ${what} '${text}'`);
  return { host: m[1], port };
}
