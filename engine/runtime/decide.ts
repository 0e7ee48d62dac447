/**
 * The engine's decision function: given the stored state of one workflow execution and one event,
 * returns the changes to store, the commands to run and the history to append. Pure: it reads no
 * clock, no database and no randomness beyond what `env` hands it, and never runs an action.
 */
import type { DecideEnv } from './catalog.js';
import type { Decision, EngineEvent } from './decision.js';
import { Draft } from './draft.js';
import type { Snapshot } from './model.js';
import { onRunCompleted } from './flow/complete-task.js';
import { cancelWorkflow, childRerun, forceState, pauseWorkflow, rerunTask, resumeWorkflow, runLost } from './flow/operator.js';
import { handleTimer } from './flow/timers.js';
import { startWorkflow } from './flow/workflow.js';

export function decide(snapshot: Snapshot, event: EngineEvent, env: DecideEnv): Decision {
  const draft = new Draft(snapshot, env.now, env.newId);
  switch (event.type) {
    case 'start':
      startWorkflow(draft, env);
      break;
    case 'run-completed':
      onRunCompleted(draft, env, event.runId, event.state, event.output);
      break;
    case 'child-completed':
      onRunCompleted(draft, env, event.runId, event.state, event.output, event.stateInfo);
      break;
    case 'run-lost':
      runLost(draft, env, event.runId);
      break;
    case 'timer':
      handleTimer(draft, env, event);
      break;
    case 'pause':
      pauseWorkflow(draft);
      break;
    case 'resume':
      resumeWorkflow(draft, env, event.env);
      break;
    case 'cancel':
      cancelWorkflow(draft, env, event.stateInfo);
      break;
    case 'force-state':
      forceState(draft, env, event.state, event.stateInfo);
      break;
    case 'rerun-task':
      rerunTask(draft, env, event.taskId, event.reset, event.env);
      break;
    case 'child-rerun':
      childRerun(draft, event.runId);
      break;
    default: {
      const never: never = event;
      throw new Error(`unknown event ${JSON.stringify(never)}`);
    }
  }
  return draft.result();
}
