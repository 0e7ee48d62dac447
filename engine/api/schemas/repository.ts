/** The workflow repository on the wire (`/v2/repository`). */
import { z } from 'zod';
import type { CatalogEntry } from '../../../workflows/catalog.js';
import type { WireObject } from '../serialize.js';

/** `POST /v2/repository/{name}/install`: where in the caller's project the flow goes. */
export const installBodySchema = z
  .object({
    namespace: z.string().max(255).optional(),
  })
  .strict();

/** A list item: what a flow is for and what it takes. */
export function repositoryItemWire(entry: CatalogEntry): WireObject {
  return {
    name: entry.name,
    description: entry.description,
    tags: [...entry.tags],
    inputs: entry.inputs.map((i) => ({ ...i })),
    workflows: [...entry.workflows],
    needs_cloud: entry.needsCloud,
  };
}

/** One flow in full: its documentation and the Mistral document an install uploads. */
export function repositoryEntryWire(entry: CatalogEntry): WireObject {
  return { ...repositoryItemWire(entry), documentation: entry.documentation, definition: entry.definition };
}
