/**
 * The execution detail page against a real engine and Keystone: a failing task turns red live, a
 * retry after fixing the environment turns it (and the execution) green live, pause / resume /
 * cancel act from the header, a reader sees no change buttons, and axe finds nothing serious.
 */
import type { Page } from '@playwright/test';
import { expect, expectNoSeriousA11yViolations, screenshot, test } from './fixtures/index.js';
import type { EngineClient } from './fixtures/index.js';

const SUFFIX = Date.now().toString(36);
const RETRY_WF = `e2e_detail_retry_${SUFFIX}`;
const LONG_WF = `e2e_detail_long_${SUFFIX}`;
const ENV = `e2e_detail_env_${SUFFIX}`;

// `deliver` runs whatever action the environment names: std.fail first, std.noop once fixed.
const DEFINITIONS = `version: '2.0'
${RETRY_WF}:
  tasks:
    prepare:
      action: std.sleep seconds=2
      on-success: [deliver]
    deliver:
      action: <% env().which %>
      on-success: [finish]
    finish:
      action: std.noop
${LONG_WF}:
  tasks:
    wait:
      action: std.sleep seconds=120
      on-success: [after]
    after:
      action: std.noop
`;

interface Execution {
  readonly id: string;
  readonly state: string;
}

async function setUp(engine: EngineClient): Promise<void> {
  await engine.post('/v2/environments', { name: ENV, variables: { which: 'std.fail' } });
  await engine.post('/v2/workflows', DEFINITIONS);
}

/** Marks the page so a reload (which would drop the mark) is detected. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => Reflect.set(window, '__noReload', true));
}

async function expectNotReloaded(page: Page): Promise<void> {
  expect(await page.evaluate(() => Reflect.get(window, '__noReload'))).toBe(true);
}

const node = (page: Page, task: string) => page.getByTestId(`task-node-${task}`);

test('a failing task turns to error live; retry after fixing the environment turns it to success live', async ({ page, loginAs, dashboardUrl, engine }) => {
  const member = await engine('demo-member');
  await setUp(member);
  const execution = await member.post<Execution>('/v2/executions', { workflow_name: RETRY_WF, params: { env: ENV } });

  await loginAs(page, 'demo-member');
  await page.goto(`${dashboardUrl}/executions/${execution.id}?tab=graph`);
  await expect(page.getByTestId('execution-graph')).toHaveAttribute('data-ready', 'true');
  await markPage(page);
  // The three tasks are drawn from the definition before they run.
  await expect(node(page, 'finish')).toHaveAttribute('data-state', 'NOT_RUN');
  // prepare → deliver → finish, drawn once React Flow has measured the nodes.
  await expect(page.getByTestId('execution-graph').locator('.react-flow__edge')).toHaveCount(2);

  await expect(node(page, 'deliver')).toHaveAttribute('data-state', 'ERROR', { timeout: 30_000 });
  await expect(node(page, 'deliver')).toContainText('Error');
  await expect(page.getByTestId('execution-state')).toHaveText('ERROR');
  await expectNotReloaded(page);
  await screenshot(page, 'execution-detail-graph-error');

  await member.put('/v2/environments', { name: ENV, variables: { which: 'std.noop' } });
  await node(page, 'deliver').click();
  await expect(page).toHaveURL(/task=deliver/);
  const panel = page.getByTestId('task-panel');
  await expect(panel.getByRole('heading', { name: 'deliver' })).toBeVisible();
  await panel.getByRole('button', { name: 'Retry failed task' }).click();
  const dialog = page.getByRole('dialog', { name: 'Retry failed task deliver' });
  await expect(dialog.getByTestId('retry-preview')).toContainText('Task deliver runs again');
  await expect(dialog.getByTestId('retry-preview')).toContainText(`environment ${ENV}`);
  await screenshot(page, 'execution-detail-retry-dialog');
  await dialog.getByRole('button', { name: 'Retry', exact: true }).click();

  await expect(node(page, 'deliver')).toHaveAttribute('data-state', 'SUCCESS', { timeout: 30_000 });
  await expect(node(page, 'finish')).toHaveAttribute('data-state', 'SUCCESS');
  await expect(page.getByTestId('execution-state')).toHaveText('SUCCESS');
  await expectNotReloaded(page);
  await expectNoSeriousA11yViolations(page);
  await screenshot(page, 'execution-detail-graph-success');

  // The other tabs of the same execution, each checked by axe.
  for (const [tab, check] of [
    ['timeline', () => expect(page.getByTestId('gantt').getByRole('listitem')).toHaveCount(3)],
    ['tasks', () => expect(page.getByTestId('task-row-deliver')).toHaveCount(1)],
    ['io', () => expect(page.getByText('Published (global)')).toBeVisible()],
    ['history', () => expect(page.getByTestId('history')).toContainText('deliver')],
    ['report', () => expect(page.getByLabel('Statistics')).toContainText('Success')],
  ] as const) {
    await page.getByRole('tab', { name: tab === 'io' ? 'Input / Output' : tab[0]!.toUpperCase() + tab.slice(1), exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`tab=${tab}`));
    await check();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, `execution-detail-${tab}`);
  }
});

test('pause, resume and cancel a long execution from the detail page; a reader sees no buttons', async ({ page, loginAs, dashboardUrl, engine }) => {
  const member = await engine('demo-member');
  await member.post('/v2/workflows', `version: '2.0'\n${LONG_WF}_solo:\n  tasks:\n    wait:\n      action: std.sleep seconds=120\n`);
  const execution = await member.post<Execution>('/v2/executions', { workflow_name: `${LONG_WF}_solo` });

  await loginAs(page, 'demo-member');
  await page.goto(`${dashboardUrl}/executions/${execution.id}`);
  const state = page.getByTestId('execution-state');
  await expect(state).toHaveText('RUNNING');
  await markPage(page);

  await page.getByRole('button', { name: 'Pause' }).click();
  await expect(state).toHaveText('PAUSED');
  await page.getByRole('button', { name: 'Resume' }).click();
  await expect(state).toHaveText('RUNNING');
  await page.getByRole('button', { name: 'Cancel execution' }).click();
  await page.getByRole('dialog', { name: 'Confirm Cancel Execution' }).getByRole('button', { name: 'Cancel execution' }).click();
  await expect(state).toHaveText('CANCELLED');
  await expect(node(page, 'wait')).toHaveAttribute('data-state', 'CANCELLED');
  await expectNotReloaded(page);
  await screenshot(page, 'execution-detail-cancelled');

  // A reader of the same project sees the execution but no button that would change it.
  const reader = await page.context().browser()!.newContext();
  const readerPage = await reader.newPage();
  await loginAs(readerPage, 'demo-reader');
  const other = await member.post<Execution>('/v2/executions', { workflow_name: `${LONG_WF}_solo` });
  await readerPage.goto(`${dashboardUrl}/executions/${other.id}`);
  await expect(readerPage.getByTestId('execution-state')).toHaveText('RUNNING');
  await expect(readerPage.getByRole('button', { name: 'Pause' })).toHaveCount(0);
  await expect(readerPage.getByRole('button', { name: 'Cancel execution' })).toHaveCount(0);
  await reader.close();
  await member.put(`/v2/executions/${other.id}`, { state: 'CANCELLED' });
});
