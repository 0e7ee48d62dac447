/**
 * The workflow repository's catalog: ready-made flows, one workflow-list document per file in
 * `workflows/catalog/`. Each file stays a plain Mistral v2 document; its metadata comes from the
 * document itself:
 * - the entry's name is the file name, and the file's workflow of that name is the entry point
 *   (other workflows in the file are its helpers, installed with it);
 * - description, tags and inputs are the entry workflow's own `description`, `tags` and `input`;
 * - the leading comment block is the documentation: what the flow does, what it calls, and how it
 *   is tested (a line starting with `Tested:`).
 * Flows tagged `openstack` call OpenStack services as the caller; the others need no cloud.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseWorkflows } from '../engine/language/parse-document.js';
import type { WorkflowSpec } from '../engine/language/spec/types.js';
import { toJs } from '../engine/language/values/value.js';
import { REPOSITORY_DIR } from './repository-dir.js';

export const CATALOG_DIR = join(REPOSITORY_DIR, 'catalog');

/** Flows with this tag call OpenStack services (through `$.openstack`). */
export const OPENSTACK_TAG = 'openstack';

export interface CatalogInput {
  readonly name: string;
  readonly required: boolean;
  /** The default as plain JSON data (absent when the input is required). */
  readonly default?: unknown;
}

export interface CatalogEntry {
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly inputs: readonly CatalogInput[];
  /** Every workflow the document defines, the entry point first. */
  readonly workflows: readonly string[];
  /** The leading comment block, without the `# ` markers. */
  readonly documentation: string;
  /** The document as stored in the file: what an install uploads. */
  readonly definition: string;
  /** Needs OpenStack services (tagged `openstack`), or runs anywhere. */
  readonly needsCloud: boolean;
}

/** A catalog file that is not a valid entry; the message names the file and every problem. */
export class CatalogError extends Error {}

function leadingComments(text: string): string {
  const lines: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) break;
    lines.push(line.replace(/^# ?/, ''));
  }
  return lines.join('\n').trim();
}

function inputsOf(spec: WorkflowSpec): CatalogInput[] {
  return spec.input.map((p) => (p.hasDefault ? { name: p.name, required: false, default: toJs(p.default) } : { name: p.name, required: true }));
}

/** Parses one catalog document into its entry; throws {@link CatalogError} for an invalid one. */
export function catalogEntry(name: string, definition: string): CatalogEntry {
  const parsed = parseWorkflows(definition);
  if (!parsed.ok) throw new CatalogError(`Catalog flow ${name} is invalid:\n${parsed.problems.map((p) => `- ${p.message}`).join('\n')}`);
  const main = parsed.value.find((w) => w.name === name);
  if (main === undefined) throw new CatalogError(`Catalog flow ${name} defines no workflow named ${name}`);
  if (main.description === null || main.description.trim() === '') throw new CatalogError(`Catalog flow ${name} has no description`);
  return {
    name,
    description: main.description,
    tags: main.tags,
    inputs: inputsOf(main),
    workflows: [main.name, ...parsed.value.filter((w) => w !== main).map((w) => w.name)],
    documentation: leadingComments(definition),
    definition,
    needsCloud: main.tags.includes(OPENSTACK_TAG),
  };
}

/** Every entry of the catalog folder, sorted by name. */
export function loadCatalog(dir: string = CATALOG_DIR): CatalogEntry[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => catalogEntry(basename(f, '.yaml'), readFileSync(join(dir, f), 'utf8')));
}
