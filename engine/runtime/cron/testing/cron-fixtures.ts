/**
 * What the cron tests start: `greet` (input `name`, `greeting` defaulting to Hello; output `said`,
 * "Hello, <name>") and `backwards`, a reverse workflow, which a trigger may start only with
 * `params.task_name`.
 */
import { fromJs, type ValueMap } from '../../../language/values/value.js';

export const CRON_WORKFLOWS = `
version: '2.0'
greet:
  input:
    - name
    - greeting: Hello
  output:
    said: <% $.said %>
  tasks:
    say:
      action: std.echo output="<% $.greeting %>, <% $.name %>"
      publish: {said: <% task().result %>}
backwards:
  type: reverse
  tasks:
    a:
      action: std.noop
`;

/** A workflow input (or params) as the cron service takes it. */
export function inputMap(js: Record<string, unknown>): ValueMap {
  return fromJs(js) as ValueMap;
}
