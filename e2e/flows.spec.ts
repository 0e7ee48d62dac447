import { randomBytes } from 'node:crypto';
import type { Page } from '@playwright/test';
import { expect, expectNoSeriousA11yViolations, screenshot, test, type EngineClient, type Stack } from './fixtures/index.js';

const RUN = Date.now().toString(36);
const GREET = `e2e_flows_greet_${RUN}`;
const WAITS = `e2e_flows_waits_${RUN}`;

const GREET_YAML = `version: '2.0'
${GREET}:
  input:
    - who: nobody
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

const WAITS_YAML = `version: '2.0'
${WAITS}:
  output:
    answer: <% $.answer %>
  tasks:
    wait:
      action: std.async_noop
      publish:
        answer: <% task().result.answer %>
`;

interface Execution {
  readonly id: string;
  readonly workflow_name: string;
  readonly state: string;
  readonly input: string;
  readonly output: string;
}

interface Task {
  readonly id: string;
  readonly state: string;
}

interface ActionExecution {
  readonly id: string;
  readonly name: string;
  readonly state: string;
}

function row(page: Page, id: string) {
  return page.locator(`tr[data-row-id="${id}"]`);
}

async function finished(api: EngineClient, id: string): Promise<Execution> {
  await expect.poll(async () => (await api.get<Execution>(`/v2/executions/${id}`)).state).toBe('SUCCESS');
  return api.get<Execution>(`/v2/executions/${id}`);
}

/** The Keystone admin API, for a throwaway user the test can break without touching the shared ones. */
async function keystoneAdmin(stack: Stack) {
  const { authUrl } = stack.keystone;
  const login = await fetch(`${authUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      auth: {
        identity: { methods: ['password'], password: { user: { name: 'admin', domain: { name: 'Default' }, password: stack.keystone.password('admin') } } },
        scope: { project: { name: 'admin', domain: { name: 'Default' } } },
      },
    }),
  });
  const token = login.headers.get('x-subject-token');
  if (!login.ok || !token) throw new Error(`Keystone admin login failed: HTTP ${login.status}`);
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${authUrl}${path}`, {
      method,
      headers: { 'x-auth-token': token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`Keystone ${method} ${path}: HTTP ${response.status}`);
    const text = await response.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };
  const idOf = async (kind: 'projects' | 'roles', name: string) => {
    const list = await call<Record<string, { id: string }[]>>('GET', `/${kind}?name=${encodeURIComponent(name)}`);
    const id = list[kind]?.[0]?.id;
    if (!id) throw new Error(`Keystone has no ${kind} named ${name}`);
    return id;
  };
  return {
    async createMember(name: string, password: string, project: string): Promise<string> {
      const { user } = await call<{ user: { id: string } }>('POST', '/users', { user: { name, password, domain_id: 'default' } });
      await call('PUT', `/projects/${await idOf('projects', project)}/users/${user.id}/roles/${await idOf('roles', 'member')}`);
      return user.id;
    },
    // Keystone revokes every token of a user whose password an admin changes.
    changePassword: (id: string, password: string) => call('PATCH', `/users/${id}`, { user: { password } }),
    deleteUser: (id: string) => call('DELETE', `/users/${id}`),
  };
}

async function logIn(page: Page, dashboardUrl: string, user: string, password: string): Promise<void> {
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByLabel('User domain').fill('Default');
  await page.getByLabel(/^Project/).fill('demo');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('navigation', { name: 'Dashboards' })).toBeVisible();
  expect(page.url().startsWith(dashboardUrl)).toBe(true);
}

test.describe('flows', () => {
  test.beforeAll(async ({ engine }) => {
    const api = await engine('demo-member');
    await api.post('/v2/workflows', GREET_YAML);
    await api.post('/v2/workflows', WAITS_YAML);
  });

  test('a token revoked in Keystone sends the user to the login page with a plain message', async ({ page, stack, dashboardUrl }) => {
    const admin = await keystoneAdmin(stack);
    const name = `e2e-revoked-${RUN}`;
    const first = randomBytes(12).toString('base64url');
    const userId = await admin.createMember(name, first, 'demo');
    try {
      // The engine caches a token Keystone accepted for minutes (as keystonemiddleware does), so this
      // token must not reach it before the revocation: hold the browser's engine calls until then.
      await page.route('**/api/engine/**', (route) => route.abort());
      await page.goto(`${dashboardUrl}/login`);
      await logIn(page, dashboardUrl, name, first);

      const second = randomBytes(12).toString('base64url');
      await admin.changePassword(userId, second);
      await page.unroute('**/api/engine/**');

      await page.goto(`${dashboardUrl}/executions`);
      await expect(page).toHaveURL(/\/login\?reason=expired/);
      await expect(page.getByRole('status')).toHaveText('Your session has expired. Please log in again.');
      await expect(page.getByRole('heading', { level: 1, name: 'Log in to Convection' })).toBeVisible();
      await expectNoSeriousA11yViolations(page);
      await screenshot(page, 'login-expired');

      // Logging in again returns to the page the user was on.
      await logIn(page, dashboardUrl, name, second);
      await expect(page).toHaveURL(/\/executions$/);
      await expect(page.getByRole('heading', { level: 1, name: 'Workflow Executions' })).toBeVisible();
    } finally {
      await admin.deleteUser(userId);
    }
  });

  test('resubmit an execution with edited input from its row', async ({ page, loginAs, dashboardUrl, engine }) => {
    const api = await engine('demo-member');
    const original = await api.post<Execution>('/v2/executions', { workflow_name: GREET, input: '{"who": "Ada"}' });
    await finished(api, original.id);

    await loginAs(page, 'demo-member');
    await page.goto(`${dashboardUrl}/executions?workflow=${GREET}`);
    await row(page, original.id).getByRole('button', { name: `Resubmit ${GREET} (${original.id})` }).click();
    const dialog = page.getByRole('dialog', { name: `Resubmit ${GREET}` });
    const form = dialog.getByRole('form', { name: `Execute ${GREET}` });
    await expect(form.getByLabel('who')).toHaveValue('Ada');
    await expect(form.getByLabel('Description')).toHaveValue(`Resubmit of ${original.id}`);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'resubmit-modal');

    await form.getByLabel('who').fill('Grace');
    await form.getByRole('button', { name: 'Execute' }).click();
    await expect(page).toHaveURL(/\/executions\/[0-9a-f-]{36}$/);
    const id = /\/executions\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';
    expect(id).not.toBe(original.id);

    const resubmitted = await finished(api, id);
    expect(resubmitted.workflow_name).toBe(GREET);
    expect(JSON.parse(resubmitted.input)).toEqual({ who: 'Grace' });
    expect(JSON.parse(resubmitted.output)).toEqual({ said: 'Grace' });
  });

  test('complete a waiting asynchronous action by hand; the workflow finishes with its output', async ({ page, loginAs, dashboardUrl, engine }) => {
    const api = await engine('demo-member');
    const execution = await api.post<Execution>('/v2/executions', { workflow_name: WAITS, input: '{}' });
    let task: Task | undefined;
    await expect
      .poll(async () => {
        task = (await api.get<{ tasks: Task[] }>(`/v2/executions/${execution.id}/tasks`)).tasks[0];
        return task?.state;
      })
      .toBe('RUNNING');
    const taskId = task?.id ?? '';
    let action: ActionExecution | undefined;
    await expect
      .poll(async () => {
        action = (await api.get<{ action_executions: ActionExecution[] }>(`/v2/tasks/${taskId}/action_executions`)).action_executions[0];
        return action?.state;
      })
      .toBe('RUNNING');
    const actionId = action?.id ?? '';

    await loginAs(page, 'demo-member');
    await page.goto(`${dashboardUrl}/action-executions`);
    await expect(row(page, actionId).locator('[data-state="RUNNING"]')).toBeVisible();
    await row(page, actionId).getByRole('button', { name: `Complete std.async_noop (${actionId})` }).click();
    const dialog = page.getByRole('dialog', { name: 'Complete std.async_noop' });
    await expect(dialog.getByLabel('State')).toHaveValue('SUCCESS');
    await dialog.getByLabel('Output (JSON)').fill('{"answer": 42}');
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'complete-action-modal');
    await dialog.getByRole('button', { name: 'Complete' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: 'Completed Action Execution: std.async_noop (SUCCESS)' })).toBeVisible();
    await expect(row(page, actionId).locator('[data-state="SUCCESS"]')).toBeVisible();

    expect((await api.get<Task>(`/v2/tasks/${taskId}`)).state).toBe('SUCCESS');
    const done = await finished(api, execution.id);
    expect(JSON.parse(done.output)).toEqual({ answer: 42 });
  });

  test('create a cron trigger with its next runs previewed, then delete it', async ({ page, loginAs, dashboardUrl, engine }) => {
    const api = await engine('demo-member');
    const name = `e2e-cron-${RUN}`;
    await loginAs(page, 'demo-member');
    await page.goto(`${dashboardUrl}/cron-triggers`);
    await page.getByRole('button', { name: 'Create Cron Trigger' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create Cron Trigger' });
    await dialog.getByLabel(/^Name/).fill(name);
    await dialog.getByLabel(/^Workflow \*/).selectOption(GREET);
    await dialog.getByLabel(/^Pattern/).fill('30 3 * * *');
    await dialog.getByLabel('Workflow input (JSON)').fill('{"who": "cron"}');
    const runs = dialog.getByTestId('cron-preview').getByRole('listitem');
    await expect(runs).toHaveCount(5);
    for (const run of await runs.allTextContents()) expect(run).toMatch(/^\d{4}-\d{2}-\d{2} 03:30$/);
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'cron-create-modal');

    // A broken pattern is explained instead of previewed.
    await dialog.getByLabel(/^Pattern/).fill('61 * * * *');
    await expect(runs).toHaveCount(0);
    await dialog.getByLabel(/^Pattern/).fill('30 3 * * *');
    await expect(runs).toHaveCount(5);

    await dialog.getByRole('button', { name: 'Create Cron Trigger' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('status').filter({ hasText: `Created Cron Trigger: ${name}` })).toBeVisible();
    const stored = await api.get<{ id: string; workflow_name: string; pattern: string; workflow_input: string }>(`/v2/cron_triggers/${name}`);
    expect(stored.workflow_name).toBe(GREET);
    expect(stored.pattern).toBe('30 3 * * *');
    expect(JSON.parse(stored.workflow_input)).toEqual({ who: 'cron' });

    const target = row(page, stored.id);
    await expect(target).toContainText('30 3 * * *');
    await target.getByRole('button', { name: `Delete ${name}` }).click();
    await page.getByRole('dialog', { name: 'Confirm Delete' }).getByRole('button', { name: 'Delete' }).click();
    await expect(target).toHaveCount(0);
    await expect(api.get(`/v2/cron_triggers/${name}`)).rejects.toThrow(/HTTP 404/);
  });

  test('create an environment with variables, see it listed, then delete it', async ({ page, loginAs, dashboardUrl, engine }) => {
    const api = await engine('demo-member');
    const name = `e2e-env-${RUN}`;
    await loginAs(page, 'demo-member');
    await page.goto(`${dashboardUrl}/environments`);
    await page.getByRole('button', { name: 'Create Environment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create Environment' });
    await dialog.getByLabel(/^Name/).fill(name);
    await dialog.getByLabel('Description').fill('made by the flows spec');
    await dialog.getByLabel('Variables (JSON object)').fill('{"region": "RegionTwo", "replicas": 3}');
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'environment-create-modal');
    await dialog.getByRole('button', { name: 'Create Environment' }).click();
    await expect(dialog).toBeHidden();

    await page.getByLabel('Filter environments by name').fill(name);
    const stored = await api.get<{ id: string; variables: string }>(`/v2/environments/${name}`);
    expect(JSON.parse(stored.variables)).toEqual({ region: 'RegionTwo', replicas: 3 });
    const target = row(page, stored.id);
    await expect(target).toContainText('made by the flows spec');
    await expect(target).toContainText('"region": "RegionTwo"');
    await expect(target).toContainText('"replicas": 3');

    await target.getByRole('button', { name: /More actions/ }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Confirm Delete' }).getByRole('button', { name: 'Delete' }).click();
    await expect(target).toHaveCount(0);
    await expect(api.get(`/v2/environments/${name}`)).rejects.toThrow(/HTTP 404/);
  });

  test('? lists the keyboard shortcuts, except while typing', async ({ page, loginAs, dashboardUrl }) => {
    await loginAs(page, 'demo-member');
    await page.goto(`${dashboardUrl}/executions`);
    await page.getByRole('heading', { level: 1 }).click();
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    const table = dialog.getByRole('table', { name: 'Keyboard shortcuts' });
    await expect(table.getByRole('row', { name: /^\/ Focus the filter box/ })).toBeVisible();
    await expect(table.getByRole('row', { name: /Ctrl\+K or ⌘K Go to a panel/ })).toBeVisible();
    await expect(table.getByRole('row', { name: /^j or k Move to the next or previous row/ })).toBeVisible();
    await expect(table.getByRole('row', { name: /^\? Show this list/ })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'keyboard-shortcuts');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    await page.getByLabel('Filter executions').click();
    await page.keyboard.press('?');
    await expect(page.getByLabel('Filter executions')).toHaveValue('?');
    await expect(dialog).toBeHidden();
  });
});
