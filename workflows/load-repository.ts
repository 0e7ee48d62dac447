/**
 * The workflow repository: ready-made definitions in this folder, loaded (created or updated) into
 * the default project when Convection starts: the demo workflows (`workflows/*.yaml`) and the
 * catalog's flows that need no cloud (the plain examples). The OpenStack flows are installed on
 * demand into a caller's project (`POST /v2/repository/{name}/install`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConvectionEngine } from '../engine/index.js';
import { loadCatalog } from './catalog.js';
import { REPOSITORY_DIR } from './repository-dir.js';

export { REPOSITORY_DIR } from './repository-dir.js';
export const DEFAULT_PROJECT = '<default-project>';

/** Stores the demo workflows and the plain catalog examples as public workflows; returns their names. */
export async function loadRepository(engine: ConvectionEngine, projectId = DEFAULT_PROJECT): Promise<string[]> {
  const demos = readdirSync(REPOSITORY_DIR).filter((f) => f.endsWith('.yaml')).sort().map((f) => readFileSync(join(REPOSITORY_DIR, f), 'utf8'));
  const examples = loadCatalog().filter((e) => !e.needsCloud).map((e) => e.definition);
  const names: string[] = [];
  for (const text of [...demos, ...examples]) {
    const specs = await engine.definitions.saveWorkflows(text, { projectId, scope: 'public' }, true);
    names.push(...specs.map((s) => s.name));
  }
  return names;
}
