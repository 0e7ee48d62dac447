import { expect, test } from './fixtures/index.js';

const NAME = `e2e_greet_${Date.now().toString(36)}`;

const INVALID = `version: '2.0'
${NAME}:
  tasks:
    first:
      action: std.echo output=1
      on-success: [missing_task]
`;

const VALID = `version: '2.0'
${NAME}:
  description: Created by the e2e suite.
  input:
    - who
    - times: 2
    - loud: false
  output:
    said: <% $.said %>
  tasks:
    say:
      action: std.echo
      input:
        output: <% $.who %>
      publish:
        said: <% task().result %>
`;

test('create a workflow from YAML (with errors shown at their line) and execute it with the generated form', async ({ page, loginAs, dashboardUrl, engine }) => {
  await loginAs(page, 'demo-member');
  await page.goto(`${dashboardUrl}/workflows`);
  await page.getByRole('button', { name: 'Create Workflow' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create Workflow' });
  await expect(dialog).toBeVisible();

  // An invalid definition: the engine's problem is marked on its line.
  await dialog.getByLabel('Load from file').setInputFiles({ name: 'bad.yaml', mimeType: 'text/yaml', buffer: Buffer.from(INVALID) });
  await expect(dialog.getByTestId('validation-status')).toHaveText('1 problem: see the marked lines');
  await expect(dialog.locator('.cm-lint-marker-error')).toHaveCount(1);
  const markedLine = await dialog.locator('.cm-lintRange-error').first().evaluate((el) => el.closest('.cm-line')?.textContent ?? '');
  expect(markedLine).toContain('missing_task');

  await dialog.getByLabel('Load from file').setInputFiles({ name: 'good.yaml', mimeType: 'text/yaml', buffer: Buffer.from(VALID) });
  await expect(dialog.getByTestId('validation-status')).toHaveText('Valid');
  await dialog.getByRole('button', { name: 'Create Workflow' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: 'Created Workflow' })).toBeVisible();
  await page.getByLabel('Filter workflows by name').fill(NAME);
  // The filter applies after a pause in typing; wait for it before navigating away.
  await expect(page).toHaveURL(new RegExp(`q=${NAME}`));
  await expect(page.getByRole('link', { name: NAME })).toBeVisible();

  // The Execute form is generated from the inputs: who (required), times (number), loud (checkbox).
  await page.getByRole('link', { name: NAME }).click();
  await page.getByRole('tab', { name: 'Execute' }).click();
  await expect(page).toHaveURL(/tab=execute/);
  const form = page.getByRole('form', { name: `Execute ${NAME}` });
  await expect(form.getByLabel('times')).toHaveValue('2');
  await expect(form.getByLabel('loud')).not.toBeChecked();

  await form.getByLabel('times').fill('many');
  await form.getByRole('button', { name: 'Execute' }).click();
  await expect(form.locator('[data-field-error="who"]')).toHaveText('Required: this input has no default.');
  await expect(form.locator('[data-field-error="times"]')).toContainText('Enter a number');

  await form.getByLabel('who').fill('"Ada"');
  await form.getByLabel('times').fill('3');
  await form.getByLabel('loud').check();
  await form.getByRole('button', { name: 'Execute' }).click();
  await expect(page).toHaveURL(/\/executions\/[0-9a-f-]{36}/);
  const id = /\/executions\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';

  const api = await engine('demo-member');
  const execution = await api.get<{ workflow_name: string; input: string }>(`/v2/executions/${id}`);
  expect(execution.workflow_name).toBe(NAME);
  expect(JSON.parse(execution.input)).toEqual({ who: 'Ada', times: 3, loud: true });
});
