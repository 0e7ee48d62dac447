/**
 * The workflow repository as the dashboard reads it (`/v2/repository`, see
 * engine/api/schemas/repository.ts): the catalog's flows, the filter of the list, and what an
 * install did, in plain words. Pure, so the wording is tested without a browser.
 */
import type { Workflow } from '@/lib/engine-client/wire';

export interface RepositoryInput {
  readonly name: string;
  readonly required: boolean;
  /** The default as JSON data; absent when the input is required. */
  readonly default?: unknown;
}

/** A list item of `GET /v2/repository`. */
export interface RepositoryFlow {
  readonly name: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly inputs: readonly RepositoryInput[];
  /** Every workflow an install stores, the entry point first. */
  readonly workflows: readonly string[];
  readonly needs_cloud: boolean;
}

/** `GET /v2/repository/{name}`. */
export interface RepositoryEntry extends RepositoryFlow {
  readonly documentation: string;
  readonly definition: string;
}

export type InstalledWorkflow = Workflow & { readonly status: 'created' | 'unchanged' };

/** `POST /v2/repository/{name}/install` (201 when something was stored, 200 when all was there). */
export interface InstallResult {
  readonly name: string;
  readonly namespace: string;
  readonly workflows: readonly InstalledWorkflow[];
}

/** Case-insensitive match on the name, the description or a tag. */
export function flowMatches(flow: RepositoryFlow, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  return [flow.name, flow.description, ...flow.tags].some((text) => text.toLowerCase().includes(q));
}

/** `vm_name, flavor="m1.small"`: how Mistral writes a workflow's inputs. */
export function inputSignature(inputs: readonly RepositoryInput[]): string {
  return inputs.map((i) => (i.required ? i.name : `${i.name}=${JSON.stringify(i.default ?? null)}`)).join(', ');
}

function where(namespace: string): string {
  return namespace === '' ? 'the default namespace' : `namespace ${namespace}`;
}

export function installSummary(result: InstallResult): string {
  const created = result.workflows.filter((w) => w.status === 'created').length;
  if (created === 0) return `${result.name} is already installed in ${where(result.namespace)}: nothing changed.`;
  const kept = result.workflows.length - created;
  const note = kept > 0 ? ` (${kept} already there, left unchanged)` : '';
  return `Installed ${result.name} in ${where(result.namespace)}: ${created} workflow${created === 1 ? '' : 's'} added${note}.`;
}

/**
 * The page of an installed workflow. Workflow pages load by name in the default namespace, so a
 * workflow in another namespace is addressed by its id.
 */
export function installedWorkflowHref(workflow: Pick<Workflow, 'id' | 'name' | 'namespace'>): string {
  return `/workflows/${encodeURIComponent(workflow.namespace ? workflow.id : workflow.name)}`;
}
