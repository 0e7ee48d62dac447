/**
 * Parse-and-validate benchmark for the runner: a 1,000-task chain workflow must take < 50 ms.
 */
import { parseWorkflows } from './parse-document.js';

/** A direct workflow of `tasks` tasks, each publishing and handing over to the next. */
export function chainWorkflow(tasks: number): string {
  const lines = ["version: '2.0'", 'chain:', '  input:', '    - seed: 0', '  tasks:'];
  for (let i = 0; i < tasks; i++) {
    lines.push(`    t${i}:`, `      action: std.echo output="<% $.seed %>-${i}"`, '      publish:', `        v${i}: <% task().result %>`);
    if (i + 1 < tasks) lines.push(`      on-success: [t${i + 1}]`);
  }
  return `${lines.join('\n')}\n`;
}

/** Median of several timed runs after a warm-up, so JIT compilation is not what gets measured. */
export function benchParse(): { tasks: number; ms: number } {
  const tasks = 1000;
  const text = chainWorkflow(tasks);
  const first = parseWorkflows(text);
  if (!first.ok) throw new Error(`benchmark workflow does not parse: ${first.problems[0]?.message ?? ''}`);
  for (let warm = 0; warm < 3; warm++) parseWorkflows(text);
  const times: number[] = [];
  for (let run = 0; run < 9; run++) {
    const start = performance.now();
    parseWorkflows(text);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { tasks, ms: times[Math.floor(times.length / 2)] ?? 0 };
}
