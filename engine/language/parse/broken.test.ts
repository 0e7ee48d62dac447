import { describe, expect, it, vi } from 'vitest';
import { parseAnyDocument } from '../parse-document.js';
import { BROKEN } from './broken-cases.js';

vi.mock('../expressions/index.js', async () => await import('./testing/expression-stub.js'));

/** Exact code and message (which ends with the line and column) of every problem, in document order. */
const EXPECTED: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string]>]> = [
  ["E1 bare word inline value", [
    ["inline-params", "workflow \"greet\", task \"build\": action output=Hello: an unquoted value is silently dropped by Mistral; quote it: output=\"Hello\" (line 10, column 24)"],
  ]],
  ["E1 two-key input default", [
    ["invalid-input", "workflow \"greet\": input entries must be a name or a one-key \"name: default\" map, not a map (line 5, column 7)"],
  ]],
  ["E1 output 1.5 inline", [
    ["inline-params", "workflow \"greet\", task \"build\": action output=1.5: Mistral reads the value as 1 and silently drops \".5\"; quote it or set it under input: (line 10, column 32)"],
  ]],
  ["E1 version 3", [
    ["invalid-version", "version must be '2.0' (Mistral Workflow Language v2), not the text \"3.0\" (line 1, column 10)"],
  ]],
  ["E1 uuid workflow name", [
    ["invalid-workflow-name", "workflow \"0a1b2c3d-1111-2222-3333-444455556666\": workflow name \"0a1b2c3d-1111-2222-3333-444455556666\" looks like a UUID, which is reserved for workflow ids (line 2, column 1)"],
  ]],
  ["E2 guard not an expression", [
    ["invalid-guard", "workflow \"check_quota\", task \"compute\": on-success: the guard of \"healthy\" must be an expression such as <% $.ok %>, not the text \"pct < 80\" (line 12, column 20)"],
  ]],
  ["E2 unknown target", [
    ["unknown-task", "workflow \"check_quota\", task \"compute\": on-success refers to unknown task \"nearly_ful\" (line 13, column 11)"],
  ]],
  ["E2 fail with extra param", [
    ["inline-params", "workflow \"check_quota\", task \"compute\": on-success: engine command fail only takes msg, not \"code\" (line 14, column 38)"],
  ]],
  ["E2 fail without space", [
    ["inline-params", "workflow \"check_quota\", task \"compute\": on-success target \"fail(msg=\"quota\")\" contains no space, so Mistral reads all of it as one name and drops the parameters; write it as: fail msg=\"quota\" (line 14, column 15)"],
  ]],
  ["E3 misspelt on-error", [
    ["unknown-attribute", "workflow \"risky\", task \"call\": unknown attribute \"on-eror\" (did you mean \"on-error\"?) (line 12, column 7)"],
  ]],
  ["E3 publish-on-error list", [
    ["invalid-type", "workflow \"risky\", task \"call\": publish-on-error must be a map, not a list (line 10, column 25)"],
  ]],
  ["E4 with-items without in", [
    ["invalid-with-items", "workflow \"provision\", task \"create\": with-items \"n of <% $.names %>\" is not a binding; use \"x in <% $.list %>\", \"x in {{ _.list }}\" or \"x in [1, 2]\" (line 12, column 11)"],
  ]],
  ["E4 with-items trailing text", [
    ["invalid-with-items", "workflow \"provision\", task \"create\": with-items \"s in <% $.sizes %> sorted\" has unexpected text after the collection: \"sorted\" (line 13, column 30)"],
  ]],
  ["E4 negative concurrency", [
    ["invalid-policy", "workflow \"provision\", task \"create\": concurrency must be a non-negative integer or an expression, not -2 (line 14, column 20)"],
  ]],
  ["E5 retry without delay", [
    ["invalid-policy", "workflow \"flaky\", task \"attempt\": retry needs delay (both count and delay are required) (line 8, column 14)"],
  ]],
  ["E5 retry unknown key", [
    ["unknown-attribute", "workflow \"flaky\", task \"attempt\": retry has an unknown key \"backof\" (allowed: count, delay, break-on, continue-on, backoff, max-delay, jitter) (line 8, column 35)"],
  ]],
  ["E5 retry one-liner bare word", [
    ["inline-params", "workflow \"flaky\", task \"attempt\": retry backoff=exponential: an unquoted value is silently dropped by Mistral; quote it: backoff=\"exponential\" (line 8, column 30)"],
  ]],
  ["E6 join zero", [
    ["invalid-join", "workflow \"fan\", task \"merge\": join must be \"all\", \"one\" or a whole number of at least 1, not the number 0 (line 16, column 13)"],
  ]],
  ["E6 join too many", [
    ["invalid-join", "workflow \"fan\", task \"merge\": join: 3, but only 2 tasks transition to \"merge\" (line 16, column 13)"],
  ]],
  ["E6 action and workflow", [
    ["action-and-workflow", "workflow \"fan\", task \"start\": has both action and workflow; a task runs either an action or a sub-workflow (line 6, column 7)"],
  ]],
  ["E7 atomic publish", [
    ["unsupported-attribute", "workflow \"scopes\", task \"a\": on-success: publish.atomic is accepted but not implemented by Mistral; use branch or global (line 16, column 11)"],
  ]],
  ["E8 mixed languages", [
    ["mixed-expressions", "workflow \"parent\", task \"each\": publish: mixes YAQL (<% %>) and Jinja ({{ }}) expressions in one string; use one language per string (line 13, column 36)"],
  ]],
  ["E8 expression target", [
    ["expression-target", "workflow \"child\", task \"t\": on-success target \"<% $.next %>\" is an expression; transition targets must be task names (put the condition in a guard: \"task: <% \u2026 %>\") (line 21, column 19)"],
  ]],
  ["E9 unknown requirement", [
    ["unknown-task", "workflow \"build\", task \"compile\": requires unknown task \"fetsh\" (line 11, column 18)"],
  ]],
  ["E9 requires cycle", [
    ["requires-cycle", "workflow \"build\", task \"fetch\": requires form a cycle: fetch -> package -> compile -> fetch (line 8, column 17)"],
  ]],
  ["E9 on-success in reverse", [
    ["unknown-attribute", "workflow \"build\", task \"docs\": unknown attribute \"on-success\" (on-success is only allowed in direct workflows; reverse workflows use requires) (line 19, column 7)"],
  ]],
  ["E9 requires in direct", [
    ["unknown-attribute", "workflow \"build\", task \"compile\": unknown attribute \"requires\" (requires is only allowed in reverse workflows (type: reverse); direct workflows use on-success) (line 10, column 7)"],
    ["unknown-attribute", "workflow \"build\", task \"package\": unknown attribute \"requires\" (requires is only allowed in reverse workflows (type: reverse); direct workflows use on-success) (line 14, column 7)"],
  ]],
  ["E10 workbook without name", [
    ["missing-name", "the workbook has no name; add \"name: <workbook name>\" (line 1, column 1)"],
  ]],
  ["E10 action without base", [
    ["missing-base", "workbook \"ops\", action \"shout\": has no base; an ad-hoc action needs \"base: <action name>\" (line 4, column 3)"],
  ]],
  ["E10 bad member name", [
    ["invalid-name", "workbook \"ops\": workflow name \"main wf\" may only contain letters, digits, \"_\" and \"-\" inside a workbook (line 14, column 3)"],
  ]],
  ["E10 member named version", [
    ["invalid-name", "workbook \"ops\": \"version\" cannot be used as a name in workflows (line 14, column 3)"],
  ]],
  ["E11 timeout text", [
    ["invalid-policy", "workflow \"guarded\", task \"slow\": timeout must be a non-negative integer or an expression, not \"soon\" (line 8, column 16)"],
  ]],
  ["E12 task named like a command", [
    ["reserved-task-name", "workflow \"approval\": task name \"noop\" is an engine command; Mistral would run the command instead of the task, so rename the task (line 9, column 5)"],
  ]],
  ["E12 no start task", [
    ["no-start-task", "workflow \"approval\": has no start task: every task is the target of a transition, so none can run first (line 5, column 3)"],
  ]],
  ["E12 bad task name", [
    ["unknown-task", "workflow \"approval\", task \"prepare\": on-success refers to unknown task \"apply\" (line 8, column 27)"],
    ["inline-params", "workflow \"approval\", task \"prepare\": on-success target \"it\" is not a key=value parameter; Mistral would silently drop it (line 8, column 34)"],
    ["invalid-task-name", "workflow \"approval\": task name \"apply it\" may only contain letters, digits, \"_\" and \"-\" (line 9, column 5)"],
  ]],
  ["E12 yaml indentation error", [
    ["yaml-syntax", "YAML syntax error: All mapping items must start at the same column (line 11, column 1)"],
  ]],
  ["E12 duplicate key", [
    ["duplicate-key", "duplicate key \"action\" (line 12, column 7)"],
  ]],
  ["E12 alias", [
    ["yaml-anchor", "YAML anchors (&noop) are not allowed; write the value out (line 7, column 21)"],
    ["yaml-alias", "YAML aliases (*noop) are not allowed; write the value out (line 10, column 15)"],
  ]],
  ["E12 expression syntax", [
    ["expression-syntax", "workflow \"approval\", task \"apply\": publish: invalid expression: unexpected \"@@\" (line 11, column 33)"],
  ]],
  ["E12 expression syntax in quoted inline param", [
    ["expression-syntax", "workflow \"approval\", task \"apply\": action: invalid expression: unexpected \"@@\" (line 10, column 37)"],
  ]],
  ["E12 task-defaults with action", [
    ["unknown-attribute", "workflow \"approval\", task-defaults: unknown attribute \"action\" (task-defaults only take on-success, on-error, on-complete, on-skip, requires, policies and safe-rerun) (line 6, column 5)"],
  ]],
  ["E12 duplicate tags", [
    ["duplicate-entry", "workflow \"approval\": tags lists \"a\" twice (line 5, column 16)"],
  ]],
  ["E12 tasks as a list", [
    ["invalid-type", "workflow \"approval\": tasks must be a map of task names to tasks, not a list (line 4, column 5)"],
  ]],
];

describe('broken variants of the examples', () => {
  const byName = new Map(BROKEN);
  it('covers every broken case', () => {
    expect(EXPECTED.map(([n]) => n)).toEqual(BROKEN.map(([n]) => n));
  });

  it.each(EXPECTED)('%s', (name, expected) => {
    const r = parseAnyDocument(byName.get(name) ?? '');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => [p.code, p.message])).toEqual(expected);
    for (const p of r.problems) expect(p.message.endsWith(`(line ${p.line}, column ${p.column})`)).toBe(true);
  });
});
