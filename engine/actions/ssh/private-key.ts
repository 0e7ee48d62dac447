/**
 * Where std.ssh's key comes from: `private_key` (the key text) or `private_key_filename`, which
 * Mistral reads from `~/.ssh/` when relative and refuses when it climbs out with `..`.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { ActionError } from '../errors.js';

export async function loadPrivateKey(privateKey: string | null, filename: string | null, keyDir: string): Promise<string | undefined> {
  if (privateKey) return privateKey;
  if (!filename) return undefined;
  if (filename.split(/[\\/]/).includes('..')) {
    throw new ActionError(`Private key filename must not contain '..': ${filename}`);
  }
  const path = isAbsolute(filename) ? filename : join(keyDir, filename);
  try {
    return await readFile(path, 'utf8');
  } catch {
    // The path only: file contents (or read errors quoting them) never reach results.
    throw new ActionError(`Cannot read private key file ${path}`);
  }
}
