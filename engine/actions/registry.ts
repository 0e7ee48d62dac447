/**
 * The built-in actions by name. The runtime resolves `action:` names here (after ad-hoc actions),
 * and the REST API lists them from here.
 */
import type { ActionDefinition, ActionParam } from './action.js';
import { resolveActionsConfig, type ActionsConfigInput } from './config.js';
import { asyncNoopAction } from './std/async-noop.js';
import { echoAction } from './std/echo.js';
import { createEmailAction } from './std/email.js';
import { failAction } from './std/fail.js';
import { createHttpAction } from './std/http.js';
import { createJavaScriptAction } from './std/javascript.js';
import { createMistralHttpAction } from './std/mistral-http.js';
import { noopAction } from './std/noop.js';
import { sleepAction } from './std/sleep.js';
import { createSshProxiedAction } from './std/ssh-proxied.js';
import { createSshAction } from './std/ssh.js';
import { testDictAction } from './std/test-dict.js';
import { formatActionInput } from './validate-input.js';

/** What the REST API shows for an action (`input` as Mistral prints it: `output, delay=0`). */
export interface ActionSummary {
  readonly name: string;
  readonly description: string;
  readonly input: string;
  readonly params: readonly ActionParam[];
  readonly idempotent: boolean;
  readonly isAsync: boolean;
}

export class ActionRegistry {
  readonly #actions = new Map<string, ActionDefinition>();

  /** Adds `def`; a second action with the same name is a programming error and throws. */
  register(def: ActionDefinition): this {
    if (this.#actions.has(def.name)) throw new Error(`action ${def.name} is already registered`);
    this.#actions.set(def.name, def);
    return this;
  }

  get(name: string): ActionDefinition | undefined {
    return this.#actions.get(name);
  }

  has(name: string): boolean {
    return this.#actions.has(name);
  }

  /** All actions sorted by name (the API's default order). */
  list(): readonly ActionDefinition[] {
    return [...this.#actions.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  describe(): readonly ActionSummary[] {
    return this.list().map(describeAction);
  }
}

export function describeAction(def: ActionDefinition): ActionSummary {
  return {
    name: def.name,
    description: def.description,
    input: formatActionInput(def.params),
    params: def.params,
    idempotent: def.idempotent,
    isAsync: def.isAsync,
  };
}

/** A registry holding Mistral's standard actions, configured by `config` (defaults when omitted). */
export function createStandardRegistry(config: ActionsConfigInput = {}): ActionRegistry {
  const resolved = resolveActionsConfig(config);
  return new ActionRegistry()
    .register(noopAction)
    .register(asyncNoopAction)
    .register(echoAction)
    .register(failAction)
    .register(sleepAction)
    .register(testDictAction)
    .register(createHttpAction(resolved.http))
    .register(createMistralHttpAction(resolved.http))
    .register(createJavaScriptAction(resolved.javascript, 'std.javascript'))
    .register(createJavaScriptAction(resolved.javascript, 'std.js'))
    .register(createEmailAction(resolved.email))
    .register(createSshAction(resolved.ssh))
    .register(createSshProxiedAction(resolved.ssh));
}
