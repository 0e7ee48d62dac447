/** The example documents E1–E12 of the language digest §15, verbatim. */

export const E1 = `version: '2.0'
greet:
  input:
    - name
    - greeting: Hello
  output:
    message: <% $.msg %>
  tasks:
    build:
      action: std.echo output="<% $.greeting %>, <% $.name %>!"
      publish:
        msg: <% task().result %>
`;

export const E2 = `version: '2.0'
check_quota:
  input: [used, limit]
  output:
    verdict: <% $.verdict %>
  tasks:
    compute:
      action: std.noop
      publish:
        pct: <% $.used * 100 / $.limit %>
      on-success:
        - healthy: <% $.pct < 80 %>
        - nearly_full: <% $.pct >= 80 and $.pct < 100 %>
        - fail(msg="quota exceeded"): <% $.pct >= 100 %>
    healthy:
      action: std.noop
      publish: {verdict: ok}
    nearly_full:
      action: std.noop
      publish: {verdict: warn}
`;

export const E3 = `version: '2.0'
risky:
  input:
    - handle: true
  output-on-error:
    reason: <% $.err %>
  tasks:
    call:
      action: std.fail error_data="disk full"
      publish-on-error:
        err: <% task().result %>
      on-error:
        - cleanup: <% $.handle %>
    cleanup:
      action: std.echo output="cleaned"
      publish:
        cleaned: <% task().result %>
`;

export const E4 = `version: '2.0'
provision:
  input:
    - names: [web, db, cache]
    - sizes: [1, 2, 4]
  output:
    created: <% $.created %>
    count: <% $.created.len() %>
  tasks:
    create:
      with-items:
        - n in <% $.names %>
        - s in <% $.sizes %>
      concurrency: 2
      action: std.echo output="<% $.n %>:<% $.s %>"
      publish:
        created: <% task().result %>
`;

export const E5 = `version: '2.0'
flaky:
  output:
    attempt_state: <% $.st %>
  tasks:
    attempt:
      action: std.fail
      retry: {count: 2, delay: 1}
      on-error: [report]
    report:
      action: std.noop
      publish:
        st: <% task(attempt).state %>
`;

export const E6 = `version: '2.0'
fan:
  tasks:
    start:
      action: std.noop
      on-success: [left, right]
    left:
      action: std.echo output=1
      publish: {l: <% task().result %>}
      on-success: [merge]
    right:
      action: std.echo output=2
      publish: {r: <% task().result %>}
      on-success: [merge]
    merge:
      join: all
      action: std.noop
      publish: {total: <% $.l + $.r %>}
`;

export const E7 = `version: '2.0'
scopes:
  vars:
    base: 10
  output:
    branch_v: <% $.v %>
    global_g: <% $.g %>
    seen_by_b: <% $.seen %>
  tasks:
    a:
      action: std.noop
      on-success:
        publish:
          branch: {v: <% $.base + 1 %>}
          global: {g: <% $.base * 2 %>}
        next: [b]
    b:
      action: std.echo output=<% global(g) %>
      publish: {seen: <% task().result %>}
`;

export const E8 = `version: '2.0'
parent:
  input: [words]
  output:
    lengths: "{{ _.lens }}"
  tasks:
    each:
      with-items: w in {{ _.words }}
      workflow: child
      input:
        s: "{{ _.w }}"
      publish:
        lens: "{{ task().result | map(attribute='len') | list }}"
child:
  input: [s]
  output:
    len: "{{ _.s | length }}"
  tasks:
    t:
      action: std.noop
`;

export const E9 = `version: '2.0'
build:
  type: reverse
  output:
    artifact: <% $.artifact %>
  tasks:
    fetch:
      action: std.echo output="src"
      publish: {src: <% task().result %>}
    compile:
      requires: [fetch]
      action: std.echo output="<% $.src %>.o"
      publish: {obj: <% task().result %>}
    package:
      requires: [compile]
      action: std.echo output="<% $.obj %>.tar"
      publish: {artifact: <% task().result %>}
    docs:
      action: std.echo output="docs"
`;

export const E10 = `version: '2.0'
name: ops
actions:
  shout:
    input:
      - text
      - suffix: "!"
    base: std.echo
    base-input:
      output: <% $.text.toUpper() + $.suffix %>
    output:
      loud: <% $ %>
workflows:
  main:
    input: [word]
    output:
      res: <% $.r %>
    tasks:
      t:
        action: shout text=<% $.word %>
        publish:
          r: <% task().result.loud %>
`;

export const E11 = `version: '2.0'
guarded:
  output:
    why: <% $.why %>
  tasks:
    slow:
      action: std.sleep seconds=5
      timeout: 1
      on-error: [note]
    note:
      action: std.noop
      publish:
        why: <% task(slow).state_info %>
`;

export const E12 = `version: '2.0'
approval:
  output:
    applied: <% $.applied %>
  tasks:
    prepare:
      action: std.noop
      on-success: [pause, apply]
    apply:
      action: std.noop
      publish: {applied: true}
`;

export const EXAMPLES: Readonly<Record<string, string>> = { E1, E2, E3, E4, E5, E6, E7, E8, E9, E10, E11, E12 };
