/** Deliberately broken variants of the §15 examples, each with the exact problems it must produce. */
import { E1, E2, E3, E4, E5, E6, E7, E8, E9, E10, E11, E12 } from './testing/examples.js';

function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`test setup: "${from}" not found`);
  return text.replace(from, to);
}

export const BROKEN: ReadonlyArray<readonly [string, string]> = [
  ['E1 bare word inline value', edit(E1, 'output="<% $.greeting %>, <% $.name %>!"', 'output=Hello')],
  ['E1 two-key input default', edit(E1, '    - greeting: Hello\n', '    - greeting: Hello\n      extra: 1\n')],
  ['E1 output 1.5 inline', edit(E1, 'output="<% $.greeting %>, <% $.name %>!"', 'output=1.5')],
  ['E1 version 3', edit(E1, "version: '2.0'", "version: '3.0'")],
  ['E1 uuid workflow name', edit(E1, 'greet:', '0a1b2c3d-1111-2222-3333-444455556666:')],
  ['E2 guard not an expression', edit(E2, '- healthy: <% $.pct < 80 %>', '- healthy: pct < 80')],
  ['E2 unknown target', edit(E2, '- nearly_full: <%', '- nearly_ful: <%')],
  ['E2 fail with extra param', edit(E2, 'fail(msg="quota exceeded")', 'fail(msg="quota exceeded", code=1)')],
  ['E2 fail without space', edit(E2, 'fail(msg="quota exceeded")', 'fail(msg="quota")')],
  ['E3 misspelt on-error', edit(E3, '      on-error:', '      on-eror:')],
  ['E3 publish-on-error list', edit(E3, 'publish-on-error:\n        err: <% task().result %>', 'publish-on-error: [err]')],
  ['E4 with-items without in', edit(E4, '- n in <% $.names %>', '- n of <% $.names %>')],
  ['E4 with-items trailing text', edit(E4, '- s in <% $.sizes %>', '- s in <% $.sizes %> sorted')],
  ['E4 negative concurrency', edit(E4, 'concurrency: 2', 'concurrency: -2')],
  ['E5 retry without delay', edit(E5, 'retry: {count: 2, delay: 1}', 'retry: {count: 2}')],
  ['E5 retry unknown key', edit(E5, 'retry: {count: 2, delay: 1}', 'retry: {count: 2, delay: 1, backof: exponential}')],
  ['E5 retry one-liner bare word', edit(E5, 'retry: {count: 2, delay: 1}', 'retry: count=2 delay=1 backoff=exponential')],
  ['E6 join zero', edit(E6, 'join: all', 'join: 0')],
  ['E6 join too many', edit(E6, 'join: all', 'join: 3')],
  ['E6 action and workflow', edit(E6, '    start:\n      action: std.noop\n', '    start:\n      action: std.noop\n      workflow: sub\n')],
  ['E7 atomic publish', edit(E7, 'global: {g: <% $.base * 2 %>}', 'global: {g: <% $.base * 2 %>}\n          atomic: {c: 1}')],
  ['E8 mixed languages', edit(E8, 'lens: "{{ task().result | map(attribute=\'len\') | list }}"', 'lens: "{{ task().result }} <% $.x %>"')],
  ['E8 expression target', edit(E8, '    t:\n      action: std.noop\n', '    t:\n      action: std.noop\n      on-success: <% $.next %>\n')],
  ['E9 unknown requirement', edit(E9, 'requires: [fetch]', 'requires: [fetsh]')],
  ['E9 requires cycle', edit(E9, '    fetch:\n      action: std.echo output="src"\n', '    fetch:\n      requires: package\n      action: std.echo output="src"\n')],
  ['E9 on-success in reverse', edit(E9, '    docs:\n', '    docs:\n      on-success: [fetch]\n')],
  ['E9 requires in direct', edit(E9, '  type: reverse\n', '')],
  ['E10 workbook without name', edit(E10, 'name: ops\n', '')],
  ['E10 action without base', edit(E10, '    base: std.echo\n', '')],
  ['E10 bad member name', edit(E10, '  main:\n', '  main wf:\n')],
  ['E10 member named version', edit(E10, '  main:\n', '  version:\n')],
  ['E11 timeout text', edit(E11, 'timeout: 1', 'timeout: soon')],
  ['E12 task named like a command', edit(edit(E12, '[pause, apply]', '[pause, noop]'), '    apply:', '    noop:')],
  ['E12 no start task', edit(E12, '      publish: {applied: true}', '      publish: {applied: true}\n      on-success: [prepare]')],
  ['E12 bad task name', edit(edit(E12, '[pause, apply]', '[pause, "apply it"]'), '    apply:', '    apply it:')],
  ['E12 yaml indentation error', edit(E12, '      publish: {applied: true}', '     publish: {applied: true}')],
  ['E12 duplicate key', edit(E12, '      publish: {applied: true}', '      publish: {applied: true}\n      action: std.echo')],
  ['E12 alias', edit(edit(E12, '      action: std.noop\n      on-success', '      action: &noop std.noop\n      on-success'), '      action: std.noop\n      publish', '      action: *noop\n      publish')],
  ['E12 expression syntax', edit(E12, 'publish: {applied: true}', 'publish: {applied: <% $.x @@ %>}')],
  ['E12 expression syntax in quoted inline param', edit(E12, '      action: std.noop\n      publish', '      action: std.echo output="a <% @@ %>"\n      publish')],
  ['E12 task-defaults with action', edit(E12, '  tasks:\n', '  task-defaults:\n    action: std.noop\n    retry: {count: 1, delay: 0}\n  tasks:\n')],
  ['E12 duplicate tags', edit(E12, '  tasks:\n', '  tags: [a, b, a]\n  tasks:\n')],
  ['E12 tasks as a list', "version: '2.0'\napproval:\n  tasks:\n    - prepare\n"],
];
