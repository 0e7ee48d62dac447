import { expect, test } from './fixtures/index.js';

const WF = `access_e2e_${Date.now().toString(36)}`;
const YAML = `version: '2.0'
${WF}:
  tasks:
    only:
      action: std.noop
`;

test.describe('who sees what', () => {
  let executionId = '';

  test.beforeAll(async ({ engine }) => {
    const api = await engine('demo-member');
    await api.post('/v2/workflows', YAML);
    executionId = (await api.post<{ id: string }>('/v2/executions', { workflow_name: WF, input: '{}', description: 'demo only' })).id;
  });

  test('a reader sees the data but no change buttons', async ({ page, loginAs, dashboardUrl }) => {
    await loginAs(page, 'demo-reader');
    await expect(page.getByText('Read-only', { exact: true })).toBeVisible();
    await page.goto(`${dashboardUrl}/executions?workflow=${WF}`);
    await expect(page.locator(`tr[data-row-id="${executionId}"]`)).toBeVisible();
    await expect(page.getByRole('checkbox')).toHaveCount(0);
    await expect(page.getByRole('button', { name: /Cancel Executions|Delete Executions|Pause Executions|Resubmit/ })).toHaveCount(0);
    await expect(page.getByRole('columnheader', { name: 'Actions' })).toHaveCount(0);

    for (const panel of ['workflows', 'workbooks', 'actions', 'cron-triggers', 'environments']) {
      await page.goto(`${dashboardUrl}/${panel}`);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.getByRole('button', { name: /^Create / })).toHaveCount(0);
      await expect(page.getByRole('button', { name: /^Delete / })).toHaveCount(0);
    }
    await page.goto(`${dashboardUrl}/workflows/${WF}?tab=execute`);
    await expect(page.getByText('Your role is read-only: you cannot start executions.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  });

  test("a user of another project does not see demo's executions", async ({ page, loginAs, dashboardUrl }) => {
    await loginAs(page, 'other-member');
    await page.goto(`${dashboardUrl}/executions?workflow=${WF}`);
    await expect(page.getByText('No items to display')).toBeVisible();
    await expect(page.locator(`tr[data-row-id="${executionId}"]`)).toHaveCount(0);
    await page.goto(`${dashboardUrl}/workflows/${WF}`);
    await expect(page.getByRole('alert').filter({ hasText: /not found/i })).toBeVisible();
  });

  test('switching project in the header re-scopes every view', async ({ page, loginAs, dashboardUrl }) => {
    await loginAs(page, 'both-member', 'demo');
    await page.goto(`${dashboardUrl}/executions?workflow=${WF}`);
    await expect(page.locator(`tr[data-row-id="${executionId}"]`)).toBeVisible();

    const selector = page.getByTestId('project-selector');
    await selector.selectOption({ label: 'other' });
    await expect(page.getByRole('status').filter({ hasText: 'Switched to project other' })).toBeVisible();
    await expect(selector.locator('option:checked')).toHaveText('other');
    await expect(page.getByText('No items to display')).toBeVisible();
    await expect(page.locator(`tr[data-row-id="${executionId}"]`)).toHaveCount(0);

    await page.reload();
    await expect(selector.locator('option:checked')).toHaveText('other');
    await selector.selectOption({ label: 'demo' });
    await expect(page.locator(`tr[data-row-id="${executionId}"]`)).toBeVisible();
  });
});
