/** The engine's wire shapes this page reads (engine/api/schemas/*); JSON fields arrive as JSON text. */

export interface ExecutionWire {
  readonly id: string;
  readonly workflow_id: string | null;
  readonly workflow_name: string;
  readonly workflow_namespace: string;
  readonly description: string;
  readonly state: string;
  readonly state_info: string | null;
  readonly input: string;
  readonly output?: string;
  readonly params: string;
  readonly published_global?: string;
  readonly task_execution_id: string | null;
  readonly root_execution_id: string | null;
  readonly created_at: string;
  readonly updated_at: string | null;
}

export interface TaskWire {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly workflow_execution_id: string;
  readonly state: string;
  readonly state_info: string | null;
  readonly runtime_context: string;
  readonly result: string;
  readonly published: string;
  readonly created_at: string;
  readonly started_at: string | null;
  readonly finished_at: string | null;
}

export interface ActionExecutionWire {
  readonly id: string;
  readonly name: string;
  readonly state: string;
  readonly state_info: string | null;
  readonly input: string;
  readonly output: string;
  readonly created_at: string;
  readonly updated_at: string | null;
}

export interface WorkflowWire {
  readonly id: string;
  readonly name: string;
  readonly definition: string;
}

export interface TimelineTask {
  readonly id: string;
  readonly name: string;
  readonly workflow_execution_id: string;
  readonly workflow_name: string;
  readonly state: string;
  readonly scheduled_at_ms: number;
  readonly started_at_ms: number | null;
  readonly finished_at_ms: number | null;
  readonly wait_ms: number | null;
  readonly duration_ms: number | null;
  readonly retry_count: number;
}

export interface TimelineWire {
  readonly execution: {
    readonly id: string;
    readonly state: string;
    readonly scheduled_at_ms: number;
    readonly started_at_ms: number | null;
    readonly finished_at_ms: number | null;
    readonly duration_ms: number | null;
  };
  readonly tasks: readonly TimelineTask[];
}

/** Parses a JSON text field; the text itself when it is not JSON (never throws). */
export function parseJsonText(text: string | null | undefined): unknown {
  if (text === null || text === undefined || text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** `runtime_context.with_items.count` of a task, when it has items. */
export function itemsTotalOf(task: Pick<TaskWire, 'runtime_context'>): number | undefined {
  const rc = parseJsonText(task.runtime_context);
  if (typeof rc !== 'object' || rc === null) return undefined;
  const wi: unknown = Reflect.get(rc, 'with_items');
  const count: unknown = typeof wi === 'object' && wi !== null ? Reflect.get(wi, 'count') : undefined;
  return typeof count === 'number' ? count : undefined;
}
