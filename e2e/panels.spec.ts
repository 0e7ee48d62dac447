import { expect, expectNoSeriousA11yViolations, screenshot, test } from './fixtures/index.js';

const PANELS = [
  { path: '/', heading: 'Overview', shot: 'overview' },
  { path: '/workflows', heading: 'Workflows', shot: 'workflows' },
  { path: '/workflows/e2e_panels', heading: 'e2e_panels', shot: 'workflow-detail' },
  { path: '/workflows/e2e_panels?tab=execute', heading: 'e2e_panels', shot: 'workflow-execute' },
  { path: '/workbooks', heading: 'Workbooks', shot: 'workbooks' },
  { path: '/actions', heading: 'Actions', shot: 'actions' },
  { path: '/executions', heading: 'Workflow Executions', shot: 'executions' },
  { path: '/tasks', heading: 'Task Executions', shot: 'tasks' },
  { path: '/action-executions', heading: 'Action Executions', shot: 'action-executions' },
  { path: '/cron-triggers', heading: 'Cron Triggers', shot: 'cron-triggers' },
  { path: '/environments', heading: 'Environments', shot: 'environments' },
];

const YAML = `version: '2.0'
e2e_panels:
  description: Seeded for the panel screenshots.
  input:
    - name: World
    - fail: false
  tasks:
    greet:
      action: std.echo output="Hello"
      on-success:
        - boom: <% $.fail %>
    boom:
      action: std.fail
`;

test.describe('every panel', () => {
  test.beforeAll(async ({ engine }) => {
    const api = await engine('demo-member');
    await api.post('/v2/workflows', YAML).catch(async () => api.put('/v2/workflows', YAML));
    await api.post('/v2/executions', { workflow_name: 'e2e_panels', input: '{}' });
    await api.post('/v2/executions', { workflow_name: 'e2e_panels', input: '{"fail": true}' });
    await api.post('/v2/environments', { name: 'e2e-env', description: 'panel seed', variables: '{"region": "RegionOne"}' }).catch(() => undefined);
    await api
      .post('/v2/cron_triggers', { name: 'e2e-nightly', workflow_name: 'e2e_panels', pattern: '0 2 * * *', workflow_input: '{}' })
      .catch(() => undefined);
  });

  for (const panel of PANELS) {
    test(`${panel.path}: loads, has no serious accessibility violation, screenshot`, async ({ page, loginAs, dashboardUrl }) => {
      await loginAs(page, 'demo-member');
      await page.goto(`${dashboardUrl}${panel.path}`);
      await expect(page.getByRole('heading', { level: 1, name: panel.heading })).toBeVisible();
      await expect(page.getByRole('status', { name: 'Loading' })).toHaveCount(0);
      await expectNoSeriousA11yViolations(page);
      await screenshot(page, panel.shot);
    });
  }

  test('dark theme and embed mode', async ({ page, loginAs, dashboardUrl }) => {
    await loginAs(page, 'demo-member');
    await page.getByRole('radio', { name: 'Dark theme' }).click();
    await expect(page.locator('html')).toHaveClass(/dark/);
    await page.goto(`${dashboardUrl}/executions`);
    await expect(page.locator('html')).toHaveClass(/dark/);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'executions-dark');
    await page.getByRole('radio', { name: 'Light theme' }).click();

    await page.goto(`${dashboardUrl}/workflows?embed=1`);
    await expect(page.getByRole('heading', { level: 1, name: 'Workflows' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Dashboards' })).toHaveCount(0);
    await expect(page.getByTestId('project-selector')).toHaveCount(0);
    await screenshot(page, 'workflows-embed');
  });

  test('Ctrl+K jumps to a workflow; j/k move between rows', async ({ page, loginAs, dashboardUrl }) => {
    await loginAs(page, 'demo-member');
    await page.goto(`${dashboardUrl}/executions`);
    await expect(page.locator('tr[data-row-index="0"]')).toBeVisible();
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await expect(page.locator('tr[data-row-index="0"]')).toBeFocused();
    await page.keyboard.press('j');
    await expect(page.locator('tr[data-row-index="1"]')).toBeFocused();
    await page.keyboard.press('k');
    await expect(page.locator('tr[data-row-index="0"]')).toBeFocused();

    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Go to…' });
    await palette.getByRole('combobox').fill('e2e_pan');
    await expect(palette.getByRole('option', { name: /e2e_panels.*Workflow/ })).toBeVisible();
    await palette.getByRole('option', { name: /e2e_panels.*Workflow/ }).click();
    await expect(page).toHaveURL(/\/workflows\/e2e_panels/);
  });
});
