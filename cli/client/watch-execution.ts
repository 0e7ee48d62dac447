/**
 * `--watch`: follows one execution's event stream (a snapshot, then every change) and keeps a
 * progress line up to date on stderr until the execution reaches a final state; stdout stays for
 * the result. On a terminal the line is redrawn in place, elsewhere a line is printed per change.
 */
import { z } from 'zod';
import { ClientError, executionSchema, ExecutionProgress, FINAL_EXECUTION_STATES, streamEvent } from '../../lib/engine-client/index.js';
import type { EngineClient, Execution } from '../../lib/engine-client/index.js';
import type { CommandIo } from '../io.js';
import { bar } from './output.js';

const snapshotSchema = z.looseObject({ execution: executionSchema });

export interface WatchTarget {
  readonly io: CommandIo;
  /** Redraw in place (stderr is a terminal). */
  readonly tty: boolean;
}

export function progressLine(workflow: string, state: string, progress: ExecutionProgress): string {
  const total = progress.total;
  const done = progress.done;
  const current = progress.current;
  const fraction = FINAL_EXECUTION_STATES.has(state) && state === 'SUCCESS' ? 1 : total === 0 ? 0 : done / total;
  const now = current !== null && !FINAL_EXECUTION_STATES.has(state) ? `  ${current.name} ${current.state}` : '';
  return `${workflow} ${state.padEnd(9)} ${bar(fraction, 20)} ${done}/${total} tasks${now}`;
}

/** Waits for a final state, drawing progress; returns the execution as finally stored. */
export async function watchExecution(client: EngineClient, id: string, target: WatchTarget): Promise<Execution> {
  const progress = new ExecutionProgress();
  let workflow = '';
  let state = '';
  let last = '';
  const draw = (): void => {
    const line = progressLine(workflow, state, progress);
    if (line === last) return;
    last = line;
    target.io.err(target.tty ? `\r\x1b[2K${line}` : `${line}\n`);
  };
  for await (const frame of client.executionEvents(id, { onDisconnected: () => undefined })) {
    if (frame.event === 'snapshot') {
      const snapshot = snapshotSchema.safeParse(frame.data);
      if (!snapshot.success) throw new ClientError('protocol', `the snapshot of execution ${id} does not have the documented shape`);
      // The stream replays the execution's history after the snapshot: progress is rebuilt from
      // it in order, so every line drawn shows a state the execution really passed through.
      workflow = snapshot.data.execution.workflow_name;
      state = snapshot.data.execution.state;
      continue;
    } else {
      const event = streamEvent(frame);
      if (event === null || event.execution_id !== id) continue;
      if (event.entity_type === 'workflow' && event.entity_id === id) state = event.state;
      else progress.apply(event);
    }
    draw();
  }
  if (target.tty && last !== '') target.io.err('\n');
  return client.getExecution(id);
}
