/**
 * One named definition of a document (a workflow or an ad-hoc action) as the document reader hands
 * it to its parser, with the naming and scoping both parsers apply to it.
 */
import type { Node } from 'yaml';
import type { SourcePosition } from '../spec/types.js';
import type { Problems, Scope } from './problems.js';
import type { SourceText } from './yaml-source.js';

export interface DefinitionInput {
  readonly shortName: string;
  readonly workbook: string | null;
  readonly node: Node | null;
  readonly position: SourcePosition;
  readonly definition: string;
  readonly source: SourceText;
  readonly problems: Problems;
}

/** The name Mistral stores: `<workbook>.<name>` for a workbook member. */
export function qualifiedName(d: Pick<DefinitionInput, 'shortName' | 'workbook'>): string {
  return d.workbook ? `${d.workbook}.${d.shortName}` : d.shortName;
}

/** The scope of everything inside a workbook (or none outside one). */
export function workbookScope(workbook: string | null): Scope {
  return workbook ? { workbook } : {};
}
