import type { Page } from '@playwright/test';
import { expect, test, type EngineClient } from './fixtures/index.js';

const LONG = `long_e2e_${Date.now().toString(36)}`;

const LONG_YAML = `version: '2.0'
${LONG}:
  input:
    - seconds: 600
  tasks:
    wait:
      action: std.sleep seconds=<% $.seconds %>
`;

async function startLong(api: EngineClient, description: string): Promise<string> {
  const execution = await api.post<{ id: string }>('/v2/executions', { workflow_name: LONG, input: '{}', description });
  return execution.id;
}

function row(page: Page, id: string) {
  return page.locator(`tr[data-row-id="${id}"]`);
}

test.describe('executions list', () => {
  test.beforeAll(async ({ engine }) => {
    const api = await engine('demo-member');
    await api.post('/v2/workflows', LONG_YAML);
  });

  test('the list and an execution arrive whole: rows in the HTML, no streamed second copy', async ({ page, loginAs, dashboardUrl, engine }) => {
    const api = await engine('demo-member');
    const id = await startLong(api, 'arrives whole');
    await loginAs(page, 'demo-member');
    for (const path of [`/executions?workflow=${LONG}`, `/executions/${id}`]) {
      // The raw answer, as the browser first gets it (same session cookie).
      const html = await (await page.request.get(`${dashboardUrl}${path}`)).text();
      expect(html, path).toContain(id);
      // A streamed page holds its content twice until React reveals it (`<div hidden id="S:0">`).
      expect(html, path).not.toMatch(/hidden id="S:/);
    }
    await api.put(`/v2/executions/${id}`, { state: 'CANCELLED' });
  });

  test('batch-cancel three long executions after a confirmation that lists them', async ({ page, loginAs, dashboardUrl, engine }) => {
    const api = await engine('demo-member');
    const ids = [await startLong(api, 'batch 1'), await startLong(api, 'batch 2'), await startLong(api, 'batch 3')];
    await loginAs(page, 'demo-member');
    await page.goto(`${dashboardUrl}/executions?workflow=${LONG}&state=running`);
    for (const id of ids) await expect(row(page, id).locator('[data-state="RUNNING"]')).toBeVisible();

    for (const id of ids) await row(page, id).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Cancel Executions' }).click();
    const confirm = page.getByRole('dialog', { name: 'Confirm Cancel Executions' });
    await expect(confirm.getByRole('listitem')).toHaveCount(3);
    for (const id of ids) await expect(confirm.getByRole('list', { name: 'Selected items' })).toContainText(id);
    await confirm.getByRole('button', { name: 'Cancel Executions' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Cancelled Executions' })).toBeVisible();

    // The filter is "running": the cancelled rows leave it; without the filter they show Cancelled.
    await page.goto(`${dashboardUrl}/executions?workflow=${LONG}`);
    for (const id of ids) await expect(row(page, id).locator('[data-state="CANCELLED"]')).toBeVisible();
    for (const id of ids) expect((await api.get<{ state: string }>(`/v2/executions/${id}`)).state).toBe('CANCELLED');
  });

  test('pause, resume and cancel a long execution from its row; the row follows live', async ({ page, loginAs, dashboardUrl, engine }) => {
    const api = await engine('demo-member');
    const id = await startLong(api, 'row actions');
    await loginAs(page, 'demo-member');
    await page.goto(`${dashboardUrl}/executions?workflow=${LONG}`);
    await expect(page.getByTestId('stream-status')).toHaveText(/Live/);
    const target = row(page, id);
    await expect(target.locator('[data-state="RUNNING"]')).toBeVisible();

    await target.getByRole('button', { name: /More actions/ }).click();
    await page.getByRole('menuitem', { name: 'Pause Execution' }).click();
    await page.getByRole('dialog', { name: 'Confirm Pause Execution' }).getByRole('button', { name: 'Pause Execution' }).click();
    await expect(target.locator('[data-state="PAUSED"]')).toBeVisible();

    await target.getByRole('button', { name: /More actions/ }).click();
    await page.getByRole('menuitem', { name: 'Resume Execution' }).click();
    await page.getByRole('dialog', { name: 'Confirm Resume Execution' }).getByRole('button', { name: 'Resume Execution' }).click();
    await expect(target.locator('[data-state="RUNNING"]')).toBeVisible();

    await target.getByRole('button', { name: /More actions/ }).click();
    // Destructive actions come last in the menu, in red.
    const items = page.getByRole('menuitem');
    await expect(items.last()).toHaveText('Cancel Execution');
    await expect(items.last()).toHaveClass(/text-danger/);
    await items.last().click();
    await page.getByRole('dialog', { name: 'Confirm Cancel Execution' }).getByRole('button', { name: 'Cancel Execution' }).click();
    await expect(target.locator('[data-state="CANCELLED"]')).toBeVisible();
  });

  test('a state change made elsewhere reaches the row without a reload', async ({ page, loginAs, dashboardUrl, engine }) => {
    const api = await engine('demo-member');
    const id = await startLong(api, 'live');
    await loginAs(page, 'demo-member');
    await page.goto(`${dashboardUrl}/executions?workflow=${LONG}`);
    await expect(page.getByTestId('stream-status')).toHaveText(/Live/);
    await expect(row(page, id).locator('[data-state="RUNNING"]')).toBeVisible();
    await api.put(`/v2/executions/${id}`, { state: 'PAUSED' });
    await expect(row(page, id).locator('[data-state="PAUSED"]')).toBeVisible();
    await api.put(`/v2/executions/${id}`, { state: 'CANCELLED' });
    await expect(row(page, id).locator('[data-state="CANCELLED"]')).toBeVisible();
  });

  test('filters live in the URL and a link restores them', async ({ page, loginAs, dashboardUrl }) => {
    await loginAs(page, 'demo-member');
    await page.goto(`${dashboardUrl}/executions`);
    await page.getByLabel('State').selectOption('failed');
    await expect(page).toHaveURL(/state=failed/);
    await page.getByLabel('Started').selectOption('24h');
    await expect(page).toHaveURL(/since=24h/);
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('/');
    await expect(page.getByLabel('Filter executions')).toBeFocused();
    await page.keyboard.type('boom');
    await expect(page).toHaveURL(/q=boom/);
    const url = page.url();
    await page.goto(`${dashboardUrl}/`);
    await page.goto(url);
    await expect(page.getByLabel('State')).toHaveValue('failed');
    await expect(page.getByLabel('Started')).toHaveValue('24h');
    await expect(page.getByLabel('Filter executions')).toHaveValue('boom');
  });
});
