/**
 * The workflows the crash test runs: with-items, retries with delays, sub-workflows, waits, and a
 * side-effecting HTTP call that must never run twice unless the task allows it.
 */
export const CRASH_WORKFLOWS = (port: number): string => `
version: '2.0'
mixed:
  input: [n]
  output:
    squares: <% $.squares %>
    child: <% $.child %>
    retried: <% $.retried %>
    waited: <% $.waited %>
  tasks:
    fan:
      with-items: x in <% range(0, 20) %>
      concurrency: 5
      action: std.echo output=<% $.x * $.x %>
      publish:
        squares: <% task().result.sum() %>
      on-success: [call_child, flaky, side_effect]
    call_child:
      workflow: child
      input:
        v: <% $.n %>
      publish:
        child: <% task().result.doubled %>
      on-success: [done]
    flaky:
      action: std.fail
      retry:
        count: 2
        delay: 1
      on-error: [note]
    note:
      action: std.noop
      publish:
        retried: <% task(flaky).state %>
      on-success: [done]
    side_effect:
      action: std.http url="http://127.0.0.1:${port}/hit/<% execution().id %>"
      on-success: [waiter]
      on-error: [waiter]
    waiter:
      wait-before: 1
      action: std.echo output="waited"
      publish:
        waited: <% task().result %>
      on-success: [done]
    done:
      join: all
      action: std.noop
child:
  input: [v]
  output:
    doubled: <% $.d %>
  tasks:
    double:
      action: std.echo output=<% $.v * 2 %>
      publish:
        d: <% task().result %>
`;
