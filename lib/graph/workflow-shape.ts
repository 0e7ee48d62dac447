/**
 * The part of a Mistral v2 workflow definition a graph needs: its type and, per task, what it runs
 * and where control goes next. Read from the definition text the API stores, without the engine's
 * parser (which is server code): anything this reader does not understand is left out of the
 * drawing, never guessed.
 */
import { parse } from 'yaml';

export type TransitionKind = 'on-success' | 'on-error' | 'on-complete';

export interface Transition {
  readonly kind: TransitionKind;
  readonly target: string;
  /** The YAQL/Jinja guard, when the transition has one. */
  readonly condition?: string;
}

export interface TaskShape {
  readonly name: string;
  /** `std.echo`, or the sub-workflow's name for `workflow:` tasks. */
  readonly runs: string;
  readonly kind: 'action' | 'workflow';
  readonly withItems: boolean;
  readonly join?: string;
  readonly transitions: readonly Transition[];
  /** Reverse workflows: the tasks this one needs first. */
  readonly requires: readonly string[];
}

export interface WorkflowShape {
  readonly name: string;
  readonly type: 'direct' | 'reverse';
  readonly tasks: readonly TaskShape[];
}

/** Mistral's engine commands: transitions to these end or pause the workflow, they are not tasks. */
export const ENGINE_COMMANDS: ReadonlySet<string> = new Set(['fail', 'succeed', 'pause', 'noop']);

const TRANSITION_KINDS: readonly TransitionKind[] = ['on-success', 'on-error', 'on-complete'];

export class DefinitionShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DefinitionShapeError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `task_name`, `task_name(param=…)` or `fail msg=…` → the bare name. */
function targetName(raw: string): string {
  return raw.trim().split(/[\s(]/, 1)[0] ?? '';
}

function transitionItem(kind: TransitionKind, item: unknown): Transition[] {
  if (typeof item === 'string') return [{ kind, target: targetName(item) }];
  if (isRecord(item)) {
    return Object.entries(item).map(([name, guard]) =>
      typeof guard === 'string' ? { kind, target: targetName(name), condition: guard } : { kind, target: targetName(name) },
    );
  }
  return [];
}

/** on-success & co.: a name, a list of names / `{name: condition}`, or `{publish, next}`. */
function transitionsOf(kind: TransitionKind, value: unknown): Transition[] {
  if (value === undefined || value === null) return [];
  if (isRecord(value) && ('next' in value || 'publish' in value || 'publish-on-error' in value)) {
    return transitionsOf(kind, value['next']);
  }
  const items = Array.isArray(value) ? value : [value];
  return items.flatMap((item) => transitionItem(kind, item));
}

function requiresOf(value: unknown): string[] {
  if (typeof value === 'string') return [value.trim()];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').map((v) => v.trim());
  return [];
}

/** The action or workflow name without its inline parameters; an expression (`<% env().x %>`) whole. */
function callee(raw: string): string {
  const text = raw.trim();
  return text.startsWith('<%') || text.startsWith('{{') ? text : targetName(text);
}

function runsOf(task: Record<string, unknown>): { runs: string; kind: 'action' | 'workflow' } {
  const workflow = task['workflow'];
  if (typeof workflow === 'string') return { runs: callee(workflow), kind: 'workflow' };
  const action = task['action'];
  return { runs: typeof action === 'string' ? callee(action) : 'std.noop', kind: 'action' };
}

function taskShape(name: string, raw: unknown, defaults: Record<string, unknown>, type: WorkflowShape['type']): TaskShape {
  const task = isRecord(raw) ? raw : {};
  const transitions =
    type === 'direct'
      ? TRANSITION_KINDS.flatMap((kind) => transitionsOf(kind, kind in task ? task[kind] : defaults[kind]))
      : [];
  const join = task['join'];
  return {
    name,
    ...runsOf(task),
    withItems: task['with-items'] !== undefined && task['with-items'] !== null,
    ...(join === undefined || join === null ? {} : { join: String(join) }),
    transitions,
    requires: type === 'reverse' ? requiresOf(task['requires']) : [],
  };
}

/** Which workflow of a definition text is `workflowName` (full `wb.wf` names match their short name). */
function pickWorkflow(doc: Record<string, unknown>, workflowName: string): [string, Record<string, unknown>] {
  const entries = Object.entries(doc).filter((e): e is [string, Record<string, unknown>] => e[0] !== 'version' && isRecord(e[1]));
  const short = workflowName.slice(workflowName.lastIndexOf('.') + 1);
  const found = entries.find(([n]) => n === workflowName) ?? entries.find(([n]) => n === short) ?? entries[0];
  if (found === undefined) throw new DefinitionShapeError(`The definition of ${workflowName} holds no workflow`);
  return found;
}

/** The shape of `workflowName` in a stored definition text (a `version: '2.0'` workflow list). */
export function workflowShape(definition: string, workflowName: string): WorkflowShape {
  let doc: unknown;
  try {
    doc = parse(definition);
  } catch (error) {
    throw new DefinitionShapeError(`The definition of ${workflowName} is not valid YAML: ${(error as Error).message}`);
  }
  if (!isRecord(doc)) throw new DefinitionShapeError(`The definition of ${workflowName} is not a YAML mapping`);
  // A workbook document nests its workflows; a workbook member is normally stored alone.
  const workflows = isRecord(doc['workflows']) ? doc['workflows'] : doc;
  const [, wf] = pickWorkflow(workflows, workflowName);
  const type = wf['type'] === 'reverse' ? 'reverse' : 'direct';
  const defaults = isRecord(wf['task-defaults']) ? wf['task-defaults'] : {};
  const tasks = isRecord(wf['tasks']) ? wf['tasks'] : {};
  return { name: workflowName, type, tasks: Object.entries(tasks).map(([name, raw]) => taskShape(name, raw, defaults, type)) };
}
