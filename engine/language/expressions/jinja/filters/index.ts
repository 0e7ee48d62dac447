/**
 * The filter registry. Mistral registers its functions as filters too, but their first parameter
 * is the context, so `'x' | json_parse` fails in Mistral; here it fails with a clearer message.
 */
import { MISTRAL_FUNCTIONS } from '../../mistral-functions.js';
import { PyError } from '../runtime.js';
import { COLLECTION_FILTERS } from './collections.js';
import type { FilterFn } from './helpers.js';
import { NUMBER_FILTERS } from './numbers.js';
import { STRING_FILTERS } from './strings.js';

const registry = new Map<string, FilterFn>([...COLLECTION_FILTERS, ...STRING_FILTERS, ...NUMBER_FILTERS]);
registry.set('d', registry.get('default') as FilterFn);

export const FILTERS: ReadonlyMap<string, FilterFn> = registry;

export function lookupFilter(name: string): FilterFn {
  const f = FILTERS.get(name);
  if (f) return f;
  if (MISTRAL_FUNCTIONS.has(name)) {
    throw new PyError(`'${name}' is a Mistral function, not a filter: call it as ${name}(...) instead of piping into it`);
  }
  throw new PyError(`No filter named '${name}'.`);
}

export type { FilterFn };
