/**
 * Collecting validation problems. Every check reports and carries on, so one upload shows the user
 * everything that is wrong, not just the first fault.
 */
import type { Problem, SourcePosition } from '../spec/types.js';

/** Where in the document a problem was found; becomes the `workflow "x", task "y":` prefix. */
export interface Scope {
  readonly workbook?: string;
  /** Workflow name as written in the document. */
  readonly workflow?: string;
  /** Workflow name as stored (`<workbook>.<name>`); defaults to `workflow`. */
  readonly fullWorkflow?: string;
  readonly action?: string;
  readonly task?: string;
  readonly taskDefaults?: boolean;
}

const EXPRESSION_CODES: ReadonlySet<string> = new Set(['expression-syntax', 'mixed-expressions']);

export class Problems {
  readonly list: Problem[] = [];

  add(code: string, scope: Scope, attribute: string | null, text: string, pos: SourcePosition): void {
    const prefix = describeScope(scope);
    // Expression messages come from the expression layer and do not say where they were found.
    const where = attribute !== null && EXPRESSION_CODES.has(code) ? `${attribute}: ` : '';
    this.list.push({
      message: `${prefix ? `${prefix}: ` : ''}${where}${text} (line ${pos.line}, column ${pos.column})`,
      code,
      workflow: scope.fullWorkflow ?? scope.workflow ?? null,
      task: scope.task ?? null,
      attribute,
      line: pos.line,
      column: pos.column,
    });
  }

  get size(): number {
    return this.list.length;
  }

  /** Problems in document order, so the first one shown is the first one in the file. */
  sorted(): Problem[] {
    return [...this.list].sort((a, b) => a.line - b.line || a.column - b.column);
  }
}

function describeScope(scope: Scope): string {
  const parts: string[] = [];
  if (scope.workbook !== undefined) parts.push(`workbook "${scope.workbook}"`);
  if (scope.workflow !== undefined) parts.push(`workflow "${scope.workflow}"`);
  if (scope.action !== undefined) parts.push(`action "${scope.action}"`);
  if (scope.taskDefaults) parts.push('task-defaults');
  if (scope.task !== undefined) parts.push(`task "${scope.task}"`);
  return parts.join(', ');
}

/** A reporter bound to one scope and attribute: the shape most checks need. */
export type Report = (code: string, text: string, pos: SourcePosition) => void;

export function reporter(problems: Problems, scope: Scope, attribute: string | null): Report {
  return (code, text, pos) => problems.add(code, scope, attribute, text, pos);
}
