/**
 * One workflow (language digest §2, §4, §5): its attributes, its tasks with task-defaults applied,
 * and the graph checks of its type.
 */
import { isMap, isScalar } from 'yaml';
import { ENGINE_COMMANDS, type InputParam, type SourcePosition, type TaskSpec, type WorkflowSpec, type WorkflowType } from '../spec/types.js';
import type { Value, ValueMap } from '../values/value.js';
import {
  contextFor,
  parseDescription,
  parseInputDeclaration,
  parseTags,
  parseValueMap,
  posOf,
  reportUnknownKey,
  type AttrContext,
} from './common-attributes.js';
import { qualifiedName, workbookScope, type DefinitionInput } from './definition-input.js';
import type { Scope } from './problems.js';
import { NO_DEFAULTS, applyDefaults, parseTaskDefaults, type TaskDefaults } from './task-defaults.js';
import { MAX_TASK_NAME, parseTask, type ParsedTask } from './task-parser.js';
import { validateDirect, validateReverse } from './validate-graph.js';
import { checkVersion } from './version.js';
import { describeNode, entriesOf, type Entry } from './yaml-source.js';

const WORKFLOW_KEYS = ['type', 'description', 'tags', 'input', 'output', 'output-on-error', 'vars', 'task-defaults', 'tasks', 'version'];
// Mistral 15 accepts "-" in task names although master's schema says ^\w+$.
const TASK_NAME = /^[\p{L}\p{N}_-]+$/u;
const UUID_HEX = /^[0-9a-f]{32}$/;

/** Like oslo's is_uuid_like: a UUID in any of the spellings uuid.UUID() accepts. */
export function looksLikeUuid(name: string): boolean {
  const hex = name.replace(/urn:/g, '').replace(/uuid:/g, '').replace(/^[{}]+|[{}]+$/g, '').replace(/-/g, '').toLowerCase();
  return UUID_HEX.test(hex);
}

export function parseWorkflow(w: DefinitionInput): WorkflowSpec | null {
  const name = qualifiedName(w);
  const scope: Scope = { ...workbookScope(w.workbook), workflow: w.shortName, fullWorkflow: name };
  const ctx = contextFor(w, scope);
  const before = w.problems.size;
  if (looksLikeUuid(w.shortName)) {
    ctx.report(null)('invalid-workflow-name', `workflow name "${w.shortName}" looks like a UUID, which is reserved for workflow ids`, w.position);
  }
  if (!isMap(w.node)) {
    ctx.report(null)('invalid-type', `a workflow must be a map with at least "tasks", not ${describeNode(w.node)}`, posOf(ctx, w.node, w.position));
    return null;
  }
  const entries = entriesOf(w.node);
  const type = readType(entries, ctx);
  let description: string | null = null;
  let tags: string[] = [];
  let input: InputParam[] = [];
  let output: Value | null = null;
  let outputOnError: Value | null = null;
  let vars: ValueMap | null = null;
  let defaults: TaskDefaults = NO_DEFAULTS;
  let tasksEntry: Entry | null = null;
  for (const e of entries) {
    const key = e.key ?? '';
    if (!WORKFLOW_KEYS.includes(key)) {
      reportUnknownKey(e, WORKFLOW_KEYS, ctx, key === 'name' ? 'the workflow name is its key in the document' : undefined);
      continue;
    }
    if (key === 'description') description = parseDescription(e, ctx);
    else if (key === 'tags') tags = parseTags(e, ctx);
    else if (key === 'input') input = parseInputDeclaration(e, ctx);
    else if (key === 'output') output = parseValueMap(e, ctx);
    else if (key === 'output-on-error') outputOnError = parseValueMap(e, ctx);
    else if (key === 'vars') vars = parseValueMap(e, ctx);
    else if (key === 'task-defaults') defaults = parseTaskDefaults(e.value, type, contextFor(w, { ...scope, taskDefaults: true }));
    else if (key === 'tasks') tasksEntry = e;
    else if (key === 'version') checkVersion(e.value, ctx.report('version'), w.source);
  }
  const parsed = tasksEntry ? parseTasks(tasksEntry, type, scope, w) : [];
  if (!tasksEntry) ctx.report('tasks')('missing-tasks', 'has no tasks; a workflow needs a "tasks" map with at least one task', w.position);

  const tasks = new Map<string, TaskSpec>();
  for (const t of parsed) tasks.set(t.name, applyDefaults(t, defaults, type));
  const tasksPos = posOf(ctx, tasksEntry?.keyNode, w.position);
  let startTasks: string[] = [];
  let inbound = new Map<string, string[]>();
  if (type === 'direct') ({ startTasks, inbound } = validateDirect(parsed, tasks, defaults, scope, tasksPos, w.problems));
  else {
    validateReverse(parsed, tasks, defaults, scope, w.problems);
    for (const t of tasks.keys()) inbound.set(t, []);
  }
  if (w.problems.size > before) return null;
  return {
    name,
    shortName: w.shortName,
    workbook: w.workbook,
    type,
    description,
    tags,
    input,
    output,
    outputOnError,
    vars,
    tasks,
    startTasks,
    inbound,
    definition: w.definition,
    position: w.position,
  };
}

function readType(entries: readonly Entry[], ctx: AttrContext): WorkflowType {
  const e = entries.find((x) => x.key === 'type');
  if (!e) return 'direct';
  if (isScalar(e.value) && (e.value.value === 'direct' || e.value.value === 'reverse')) return e.value.value;
  ctx.report('type')('invalid-type', `type must be "direct" or "reverse", not ${describeNode(e.value)}`, posOf(ctx, e.value ?? e.keyNode));
  return 'direct';
}

function parseTasks(e: Entry, type: WorkflowType, scope: Scope, w: DefinitionInput): ParsedTask[] {
  const wfCtx = contextFor(w, scope);
  if (!isMap(e.value)) {
    wfCtx.report('tasks')('invalid-type', `tasks must be a map of task names to tasks, not ${describeNode(e.value)}`, posOf(wfCtx, e.value ?? e.keyNode));
    return [];
  }
  const entries = entriesOf(e.value);
  if (entries.length === 0) wfCtx.report('tasks')('missing-tasks', 'has no tasks; a workflow needs at least one task', posOf(wfCtx, e.value));
  const out: ParsedTask[] = [];
  for (const t of entries) {
    const pos = posOf(wfCtx, t.keyNode);
    const name = t.key;
    if (name === null) {
      wfCtx.report('tasks')('invalid-task-name', `task names must be text, not ${describeNode(t.keyNode)}`, pos);
      continue;
    }
    // A badly named task is still read, so references to it do not cascade into more problems.
    checkTaskName(name, pos, wfCtx);
    out.push(parseTask(name, pos, t.value, type, contextFor(w, { ...scope, task: name })));
  }
  return out;
}

function checkTaskName(name: string, pos: SourcePosition, ctx: AttrContext): void {
  const report = ctx.report('tasks');
  if (ENGINE_COMMANDS.some((c) => c === name)) {
    report('reserved-task-name', `task name "${name}" is an engine command; Mistral would run the command instead of the task, so rename the task`, pos);
  } else if (!TASK_NAME.test(name)) {
    report('invalid-task-name', `task name "${name}" may only contain letters, digits, "_" and "-"`, pos);
  } else if (name.length > MAX_TASK_NAME) {
    report('invalid-task-name', `task name "${name.slice(0, 20)}…" is ${name.length} characters long; the limit is ${MAX_TASK_NAME}`, pos);
  }
}
