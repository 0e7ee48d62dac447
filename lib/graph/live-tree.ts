/**
 * What the detail page knows about an execution tree right now: seeded from the engine's report
 * (`GET /v2/executions/{id}/report`: every execution, task and action of the tree) and patched by
 * the event stream, so a state change shows without a reload. Events that name something the tree
 * does not know yet (a new sub-workflow, an action of a with-items task) ask for a fresh report.
 * Pure functions over plain objects.
 */
import type { TaskRun } from './graph-model';
import { isFinalState } from './task-state';

export interface ReportAction {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly state_info: string | null;
}

export interface ReportTask {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly state: string;
  readonly state_info: string | null;
  readonly created_at: string;
  readonly started_at: string | null;
  readonly finished_at: string | null;
  readonly duration: number | null;
  readonly retry_count: number;
  readonly action_executions: readonly ReportAction[];
  readonly workflow_executions: readonly ReportWorkflow[];
}

export interface ReportWorkflow {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly state_info: string | null;
  readonly task_executions?: readonly ReportTask[];
}

export interface ExecutionReport {
  readonly statistics: Readonly<Record<string, number>>;
  readonly root_workflow_execution: ReportWorkflow;
}

/** The `data:` of a `workflow`, `task` or `action` event of the stream. */
export interface StreamEvent {
  readonly execution_id: string;
  readonly entity_type: string;
  readonly entity_id: string;
  readonly name: string;
  readonly state: string;
  readonly state_info: string | null;
  readonly time: string;
}

export interface LiveExecution {
  readonly id: string;
  readonly workflowName: string;
  readonly state: string;
  readonly stateInfo: string | null;
}

export interface LiveTask {
  readonly id: string;
  readonly name: string;
  readonly executionId: string;
  readonly state: string;
  readonly stateInfo: string | null;
  readonly createdAt: number;
  readonly actionIds: readonly string[];
  readonly subExecutionIds: readonly string[];
  /** With-items total from the task's runtime context, when known. */
  readonly itemsTotal?: number;
}

export interface LiveTree {
  readonly rootId: string;
  readonly executions: Readonly<Record<string, LiveExecution>>;
  readonly tasks: Readonly<Record<string, LiveTask>>;
  readonly actions: Readonly<Record<string, { readonly taskId: string; readonly state: string }>>;
}

/** Mistral's wire time (`2024-05-01 12:00:00.123456`, UTC) → epoch ms. */
export function wireTimeMs(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text === '') return null;
  const iso = text.includes('T') ? text : text.replace(' ', 'T');
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(ms) ? null : ms;
}

export function treeFromReport(report: ExecutionReport, itemsTotals: Readonly<Record<string, number>> = {}): LiveTree {
  const executions: Record<string, LiveExecution> = {};
  const tasks: Record<string, LiveTask> = {};
  const actions: Record<string, { taskId: string; state: string }> = {};
  const visit = (wf: ReportWorkflow): void => {
    executions[wf.id] = { id: wf.id, workflowName: wf.name, state: wf.state, stateInfo: wf.state_info };
    for (const t of wf.task_executions ?? []) {
      const total = itemsTotals[t.id];
      tasks[t.id] = {
        id: t.id,
        name: t.name,
        executionId: wf.id,
        state: t.state,
        stateInfo: t.state_info,
        createdAt: wireTimeMs(t.created_at) ?? 0,
        actionIds: t.action_executions.map((a) => a.id),
        subExecutionIds: t.workflow_executions.map((w) => w.id),
        ...(total === undefined ? {} : { itemsTotal: total }),
      };
      for (const a of t.action_executions) actions[a.id] = { taskId: t.id, state: a.state };
      for (const child of t.workflow_executions) visit(child);
    }
  };
  visit(report.root_workflow_execution);
  return { rootId: report.root_workflow_execution.id, executions, tasks, actions };
}

export interface Applied {
  readonly tree: LiveTree;
  /** The event named something unknown: fetch the report again for the details. */
  readonly stale: boolean;
}

/**
 * The tree after `events`, in order; the input is not changed. One copy per call however many
 * events, so replaying a long history stays linear.
 */
export function applyEvents(tree: LiveTree, events: readonly StreamEvent[]): Applied {
  const executions = { ...tree.executions };
  const tasks = { ...tree.tasks };
  const actions = { ...tree.actions };
  let stale = false;
  for (const event of events) {
    const info = event.state_info ?? null;
    switch (event.entity_type) {
      case 'workflow': {
        const known = executions[event.entity_id];
        executions[event.entity_id] = { id: event.entity_id, workflowName: known?.workflowName ?? event.name, state: event.state, stateInfo: info };
        stale ||= known === undefined;
        break;
      }
      case 'task': {
        const known = tasks[event.entity_id];
        tasks[event.entity_id] = known
          ? { ...known, state: event.state, stateInfo: info }
          : {
              id: event.entity_id,
              name: event.name,
              executionId: event.execution_id,
              state: event.state,
              stateInfo: info,
              createdAt: wireTimeMs(event.time) ?? Date.now(),
              actionIds: [],
              subExecutionIds: [],
            };
        stale ||= known === undefined;
        break;
      }
      case 'action': {
        const known = actions[event.entity_id];
        if (known === undefined) stale = true;
        else actions[event.entity_id] = { ...known, state: event.state };
        break;
      }
      default:
        break;
    }
  }
  return { tree: { rootId: tree.rootId, executions, tasks, actions }, stale };
}

/** {@link applyEvents} for one event. */
export function applyEvent(tree: LiveTree, event: StreamEvent): Applied {
  return applyEvents(tree, [event]);
}

/** The runs of one execution's tasks, for {@link buildGraph}; with-items progress counted from their actions or sub-workflows. */
export function runsOf(tree: LiveTree, executionId: string): TaskRun[] {
  const out: TaskRun[] = [];
  for (const t of Object.values(tree.tasks)) {
    if (t.executionId !== executionId) continue;
    const children = [...t.actionIds.map((id) => tree.actions[id]?.state), ...t.subExecutionIds.map((id) => tree.executions[id]?.state)];
    const done = children.filter((s) => s !== undefined && isFinalState(s)).length;
    const total = Math.max(t.itemsTotal ?? 0, children.length);
    out.push({
      id: t.id,
      name: t.name,
      state: t.state,
      stateInfo: t.stateInfo,
      createdAt: t.createdAt,
      subExecutionIds: t.subExecutionIds,
      ...(t.itemsTotal === undefined && children.length === 0 ? {} : { items: { done, total } }),
    });
  }
  return out;
}
