import { failure, success, type ActionDefinition } from '../action.js';
import type { JavaScriptActionsConfig } from '../config.js';
import { readParam, readString } from '../input-readers.js';
import { sandboxJsonToValue, valueToSandboxJson } from '../javascript/json-bridge.js';
import { runSandboxedFunction } from '../javascript/quickjs-sandbox.js';

const PREFIX = 'JavaScriptAction failed: ';

/** std.javascript, or its alias std.js when `name` says so. */
export function createJavaScriptAction(config: JavaScriptActionsConfig, name = 'std.javascript'): ActionDefinition {
  return {
    name,
    description:
      'Runs `script` as the body of a JavaScript function (use `return`) with `context` bound to `$`, ' +
      'in an isolated interpreter with memory and time limits; returns the script result.',
    params: [
      { name: 'script', required: true },
      { name: 'context', required: false, default: null },
    ],
    idempotent: true,
    isAsync: false,
    async run(input) {
      const script = readString(input, 'script', name);
      const outcome = await runSandboxedFunction(script, valueToSandboxJson(readParam(input, 'context')), config);
      if (outcome.ok) return success(sandboxJsonToValue(outcome.json));
      switch (outcome.reason) {
        case 'timeout':
          return failure(`${PREFIX}script exceeded the time limit of ${config.timeoutMs} ms (javascript.timeoutMs in the actions configuration)`);
        case 'memory':
          return failure(
            `${PREFIX}script exceeded the memory limit of ${formatBytes(config.memoryLimitBytes)} ` +
              `(javascript.memoryLimitBytes in the actions configuration)`,
          );
        case 'stack':
          return failure(`${PREFIX}InternalError: stack overflow (recursion too deep)`);
        default:
          return failure(PREFIX + outcome.message);
      }
    },
  };
}

function formatBytes(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : `${n} bytes`;
}
