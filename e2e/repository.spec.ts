import { expect, expectNoSeriousA11yViolations, screenshot, test } from './fixtures/index.js';

const RUN = Date.now().toString(36);

interface Flow {
  readonly name: string;
  readonly description: string;
}

const CLASHING = `version: '2.0'
retry_with_backoff:
  description: Not the repository's flow, but the same name.
  tasks:
    only:
      action: std.noop
`;

test.describe('repository', () => {
  test('lists the catalog flows and filters them by name, description or tag', async ({ page, loginAs, dashboardUrl, engine }) => {
    const { flows } = await (await engine('demo-member')).get<{ flows: Flow[] }>('/v2/repository');
    expect(flows.length).toBeGreaterThan(1);

    await loginAs(page, 'demo-member');
    await page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link', { name: 'Repository' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Repository' })).toBeVisible();
    const rows = page.locator('tr[data-row-id]');
    await expect(rows).toHaveCount(flows.length);
    for (const flow of flows) {
      const target = page.locator(`tr[data-row-id="${flow.name}"]`);
      await expect(target.getByRole('link', { name: flow.name })).toBeVisible();
      await expect(target).toContainText(flow.description);
    }
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'repository');

    // A tag only fan_out_fan_in carries.
    await page.getByLabel('Filter flows by name, description or tag').fill('join');
    await expect(page).toHaveURL(/q=join/);
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-row-id', 'fan_out_fan_in');
    await expect(rows.first().getByRole('list', { name: 'Tags' })).toContainText('parallel');

    await page.getByLabel('Filter flows by name, description or tag').fill('no-such-flow');
    await expect(page.getByText('No flow matches “no-such-flow”')).toBeVisible();
  });

  test('a member opens a flow and installs it; it is listed under Workflows; again, nothing changes', async ({ page, loginAs, dashboardUrl, engine }) => {
    const api = await engine('demo-member');
    const catalog = await api.get<{ definition: string }>('/v2/repository/fan_out_fan_in');
    await loginAs(page, 'demo-member');
    await page.goto(`${dashboardUrl}/repository`);
    await page.getByRole('link', { name: 'fan_out_fan_in' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'fan_out_fan_in' })).toBeVisible();
    await expect(page.getByText('Square a list of numbers in parallel', { exact: false }).first()).toBeVisible();
    const inputs = page.getByRole('table', { name: 'Inputs of fan_out_fan_in' });
    await expect(inputs.getByRole('row', { name: /numbers/ })).toContainText('[1,2,3,4]');
    await expect(inputs.getByRole('row', { name: /concurrency/ })).toContainText('2');
    await expect(page.getByRole('region', { name: 'Graph preview of the definition' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Graph preview of the definition' })).toContainText('summary');
    // squares → summary and stats → summary are drawn (after React Flow has measured the nodes).
    await expect(page.getByRole('region', { name: 'Graph preview of the definition' }).locator('.react-flow__edge')).toHaveCount(2);
    await expect(page.getByRole('textbox', { name: 'Definition of fan_out_fan_in (read only)' })).toContainText('tags: [example, parallel, with-items, join]');
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'repository-detail');

    await page.getByRole('button', { name: 'Install' }).click();
    const dialog = page.getByRole('dialog', { name: 'Install fan_out_fan_in' });
    await expect(dialog.getByLabel(/^Namespace/)).toHaveValue('');
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'repository-install');
    await dialog.getByRole('button', { name: 'Install' }).click();
    await expect(dialog.getByRole('status')).toHaveText('Installed fan_out_fan_in in the default namespace: 1 workflow added.');
    const installed = await api.get<{ definition: string; scope: string }>('/v2/workflows/fan_out_fan_in');
    expect(installed.definition).toBe(catalog.definition);
    expect(installed.scope).toBe('private');

    await dialog.getByRole('link', { name: 'Open workflow fan_out_fan_in' }).click();
    await expect(page).toHaveURL(/\/workflows\/fan_out_fan_in$/);
    await expect(page.getByRole('heading', { level: 1, name: 'fan_out_fan_in' })).toBeVisible();

    await page.goto(`${dashboardUrl}/workflows?q=fan_out_fan_in`);
    await expect(page.getByRole('link', { name: 'fan_out_fan_in' })).toBeVisible();

    // Installing again is harmless and says so.
    await page.goto(`${dashboardUrl}/repository/fan_out_fan_in`);
    await page.getByRole('button', { name: 'Install' }).click();
    await dialog.getByRole('button', { name: 'Install' }).click();
    await expect(dialog.getByRole('status')).toHaveText('fan_out_fan_in is already installed in the default namespace: nothing changed.');
  });

  test('installing over a different workflow of the same name is refused in plain words; another namespace works', async ({ page, loginAs, dashboardUrl, engine }) => {
    const api = await engine('demo-member');
    const clash = `e2e-clash-${RUN}`;
    await api.post(`/v2/workflows?namespace=${clash}`, CLASHING);
    await loginAs(page, 'demo-member');
    await page.goto(`${dashboardUrl}/repository/retry_with_backoff`);
    await page.getByRole('button', { name: 'Install' }).click();
    const dialog = page.getByRole('dialog', { name: 'Install retry_with_backoff' });
    await dialog.getByLabel(/^Namespace/).fill(clash);
    await dialog.getByRole('button', { name: 'Install' }).click();
    const alert = dialog.getByRole('alert');
    await expect(alert).toContainText('Not installed: a workflow of that name already exists');
    await expect(alert).toContainText(`workflow retry_with_backoff already exists there with a different definition`);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'repository-install-conflict');
    const kept = await api.get<{ definition: string }>(`/v2/workflows/retry_with_backoff?namespace=${clash}`);
    expect(kept.definition).toBe(CLASHING);

    const other = `e2e-ns-${RUN}`;
    await dialog.getByLabel(/^Namespace/).fill(other);
    await dialog.getByRole('button', { name: 'Install' }).click();
    await expect(dialog.getByRole('status')).toHaveText(`Installed retry_with_backoff in namespace ${other}: 1 workflow added.`);
    const installed = await api.get<{ id: string }>(`/v2/workflows/retry_with_backoff?namespace=${other}`);
    await dialog.getByRole('link', { name: 'Open workflow retry_with_backoff' }).click();
    await expect(page).toHaveURL(new RegExp(`/workflows/${installed.id}$`));
    await expect(page.getByRole('heading', { level: 1, name: 'retry_with_backoff' })).toBeVisible();
  });

  test('a reader browses the repository without an Install button', async ({ page, loginAs, dashboardUrl, engine }) => {
    await loginAs(page, 'demo-reader');
    await page.goto(`${dashboardUrl}/repository`);
    await expect(page.locator('tr[data-row-id="fan_out_fan_in"]')).toBeVisible();
    await expect(page.getByRole('button', { name: /Install/ })).toHaveCount(0);
    await page.goto(`${dashboardUrl}/repository/fan_out_fan_in`);
    await expect(page.getByRole('heading', { level: 1, name: 'fan_out_fan_in' })).toBeVisible();
    await expect(page.getByRole('button', { name: /Install/ })).toHaveCount(0);
    await expectNoSeriousA11yViolations(page);

    // The engine refuses it as well: the hidden button is not the only guard.
    const reader = await engine('demo-reader');
    await expect(reader.post('/v2/repository/fan_out_fan_in/install', {})).rejects.toThrow(/HTTP 403/);
  });
});
