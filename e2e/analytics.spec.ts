/**
 * The analytics page against a real engine: executions seeded with known outcomes (three that
 * succeed after a one-second task, one that fails) show up in the summary, the charts, the
 * bottleneck list, the heat overlay and the top errors; axe finds nothing serious.
 */
import { expect, expectNoSeriousA11yViolations, screenshot, test } from './fixtures/index.js';
import type { EngineClient } from './fixtures/index.js';

const WF = `e2e_analytics_${Date.now().toString(36)}`;

const DEFINITION = `version: '2.0'
${WF}:
  input:
    - fail: false
  tasks:
    quick:
      action: std.noop
      on-success:
        - slow: <% not $.fail %>
        - broken: <% $.fail %>
    slow:
      action: std.sleep seconds=1
    broken:
      action: std.fail error_data="seeded failure ${WF}"
`;

interface Execution {
  readonly id: string;
  readonly state: string;
}

async function seed(engine: EngineClient): Promise<void> {
  await engine.post('/v2/workflows', DEFINITION);
  const started = await Promise.all(
    [false, false, false, true].map((fail) => engine.post<Execution>('/v2/executions', { workflow_name: WF, input: { fail } })),
  );
  const deadline = Date.now() + 60_000;
  for (const { id } of started) {
    for (;;) {
      const { state } = await engine.get<Execution>(`/v2/executions/${id}`);
      if (state === 'SUCCESS' || state === 'ERROR') break;
      if (Date.now() > deadline) throw new Error(`seeded execution ${id} did not finish (still ${state})`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

test('the analytics page charts seeded executions: trends, task durations, bottlenecks, heat overlay, top errors', async ({ page, loginAs, dashboardUrl, engine }) => {
  await seed(await engine('demo-member'));
  await loginAs(page, 'demo-member');
  await page.goto(`${dashboardUrl}/analytics?workflow=${WF}&window=24h`);

  const summary = page.getByTestId('summary');
  await expect(summary).toContainText('Executions4');
  await expect(summary).toContainText('Failure rate25%');
  for (const chart of ['chart-duration', 'chart-failure', 'chart-task-duration', 'chart-wait-run']) {
    await expect(page.getByTestId(chart).locator('svg.recharts-surface').first()).toBeVisible();
  }
  // `quick` starts every execution, so it is on every critical path; `slow` on the three successful ones.
  const bottlenecks = page.getByTestId('bottlenecks');
  await expect(bottlenecks.getByRole('row').nth(1)).toContainText('quick');
  await expect(bottlenecks.getByRole('row').nth(1)).toContainText('100%');
  await expect(bottlenecks.getByRole('row').filter({ hasText: 'slow' })).toContainText('75%');
  await expect(page.getByTestId('top-errors')).toContainText(`seeded failure ${WF}`);
  // The heat overlay draws the workflow's tasks with their averages.
  await expect(page.getByTestId('task-node-slow')).toContainText('avg');
  await expect(page).toHaveURL(/window=24h/);

  await expectNoSeriousA11yViolations(page);
  await screenshot(page, 'analytics');

  // The window lives in the URL: switching it keeps the workflow.
  await page.getByLabel('Window').selectOption('7d');
  await expect(page).toHaveURL(/window=7d/);
  await expect(page).toHaveURL(new RegExp(`workflow=${WF}`));
  await expect(summary).toContainText('Executions4');
});

test('the analytics page says so when a window holds nothing', async ({ page, loginAs, dashboardUrl }) => {
  await loginAs(page, 'other-member');
  await page.goto(`${dashboardUrl}/analytics?since=2001-01-01T00:00:00Z&until=2001-01-02T00:00:00Z`);
  await expect(page.getByText('No executions finished in this window')).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await screenshot(page, 'analytics-empty');
});
