/**
 * The workflow repository: ready-made definitions in this folder, loaded (created or updated) into
 * the default project when Convection starts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConvectionEngine } from '../engine/index.js';

export const REPOSITORY_DIR = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_PROJECT = '<default-project>';

/** Stores every `*.yaml` workflow list of the repository; returns the workflow names. */
export async function loadRepository(engine: ConvectionEngine, projectId = DEFAULT_PROJECT): Promise<string[]> {
  const names: string[] = [];
  for (const file of readdirSync(REPOSITORY_DIR).filter((f) => f.endsWith('.yaml')).sort()) {
    const specs = await engine.definitions.saveWorkflows(readFileSync(join(REPOSITORY_DIR, file), 'utf8'), { projectId, scope: 'public' }, true);
    names.push(...specs.map((s) => s.name));
  }
  return names;
}
