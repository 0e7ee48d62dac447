/**
 * Demo content for `convection start`, so the dashboard opens on something: three demo workflows
 * next to the repository's, and a few executions (successes, one failure, one that runs for a few
 * minutes). Seeded only into an empty store, so restarts do not pile them up.
 */
import type { ConvectionEngine } from '../../engine/index.js';

export const DEMO_WORKFLOWS = `version: '2.0'

demo_report:
  description: Collects numbers for a region and summarises them (a small three-step chain).
  input:
    - region: RegionOne
    - count: 3
  output:
    summary: <% $.summary %>
  tasks:
    collect:
      action: std.echo
      input:
        output: <% range($.count).toList() %>
      publish:
        numbers: <% task().result %>
      on-success: [summarise]
    summarise:
      action: std.echo
      input:
        output: <% $.region + ' has ' + str(len($.numbers)) + ' values' %>
      publish:
        summary: <% task().result %>

demo_flaky_check:
  description: A health check that fails, to show an error in the dashboard.
  input:
    - target: db-01
  tasks:
    probe:
      action: std.fail
      input:
        error_data: <% $.target + ' did not answer' %>

demo_long_job:
  description: Waits, so it can be paused, resumed or cancelled from the dashboard.
  input:
    - seconds: 300
  tasks:
    wait:
      action: std.sleep seconds=<% $.seconds %>
      on-success: [done]
    done:
      action: std.noop
`;

interface DemoRun {
  readonly workflow: string;
  readonly input: Record<string, string | number>;
  readonly description: string;
}

const DEMO_RUNS: readonly DemoRun[] = [
  { workflow: 'hello', input: { name: 'Ada' }, description: 'demo: greeting' },
  { workflow: 'hello', input: { name: 'Grace', greeting: 'Good morning' }, description: 'demo: another greeting' },
  { workflow: 'demo_report', input: { region: 'RegionOne', count: 5 }, description: 'demo: report' },
  { workflow: 'demo_flaky_check', input: { target: 'db-01' }, description: 'demo: failing check' },
  { workflow: 'demo_long_job', input: { seconds: 300 }, description: 'demo: long job' },
];

/** Stores the demo workflows (public) and, when the store has no execution yet, starts the demo runs. */
export async function seedDemo(engine: ConvectionEngine, projectId: string): Promise<{ workflows: string[]; executions: number }> {
  const specs = await engine.definitions.saveWorkflows(DEMO_WORKFLOWS, { projectId, scope: 'public' }, true);
  const existing = await engine.store.db.selectFrom('workflow_executions').select('id').limit(1).executeTakeFirst();
  if (existing !== undefined) return { workflows: specs.map((s) => s.name), executions: 0 };
  for (const run of DEMO_RUNS) {
    await engine.executions.start({ workflow: run.workflow, projectId, input: new Map(Object.entries(run.input)), description: run.description });
  }
  return { workflows: specs.map((s) => s.name), executions: DEMO_RUNS.length };
}
