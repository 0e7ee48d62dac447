/**
 * The dashboard under a sub-path of another host (Horizon's), as `CONVECTION_BASE_PATH=/convection`
 * builds it: its own build folder and server next to the suite's, on the suite's engine and
 * Keystone. Login, the proxied engine calls, the live graph (its layout worker and ELK's script are
 * served from under the base path) and the chrome-less embed mode must all work there.
 */
import { randomBytes } from 'node:crypto';
import { ensureDashboardBuild, startDashboard, type RunningDashboard } from '../cli/commands/dashboard-server.js';
import { freePort } from '../engine/testing/free-port.js';
import { expect, expectNoSeriousA11yViolations, screenshot, test } from './fixtures/index.js';

const BASE_PATH = '/convection';
const WF = 'e2e_base_path';
const DEFINITION = `version: '2.0'
${WF}:
  tasks:
    first:
      action: std.noop
      on-success: [second]
    second:
      action: std.noop
`;

/** Runs `work` with the variables the build and `next start` read for the base path set. */
async function withBasePathEnv<T>(work: () => Promise<T>): Promise<T> {
  const saved = { base: process.env.CONVECTION_BASE_PATH, dist: process.env.CONVECTION_NEXT_DIST_DIR };
  process.env.CONVECTION_BASE_PATH = BASE_PATH;
  process.env.CONVECTION_NEXT_DIST_DIR = '.next-basepath';
  try {
    return await work();
  } finally {
    for (const [name, value] of [['CONVECTION_BASE_PATH', saved.base], ['CONVECTION_NEXT_DIST_DIR', saved.dist]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

test.describe('under a base path', () => {
  let dashboard: RunningDashboard | undefined;

  test.beforeAll(async ({ stack }) => {
    test.setTimeout(600_000);
    dashboard = await withBasePathEnv(async () => {
      await ensureDashboardBuild(undefined, (line) => console.log(`[e2e base path] ${line}`));
      return startDashboard({
        host: '127.0.0.1',
        port: await freePort(),
        apiUrl: stack.engineUrl,
        secret: randomBytes(32).toString('base64url'),
        env: { OS_AUTH_URL: stack.keystone.authUrl, CONVECTION_KEYSTONE_URL: stack.keystone.authUrl },
      });
    });
  });

  test.afterAll(async () => {
    await dashboard?.close();
  });

  test('login, panels, the live graph and embed mode work under /convection', async ({ page, stack, engine }) => {
    const base = dashboard?.url ?? '';
    expect(base.endsWith(BASE_PATH)).toBe(true);
    const member = await engine('demo-member');
    await member.post('/v2/workflows', DEFINITION).catch(() => undefined);
    const execution = await member.post<{ id: string }>('/v2/executions', { workflow_name: WF });

    // Not logged in: the base path's login page, and back to where the user was going after it.
    await page.goto(`${base}/executions/${execution.id}?tab=graph`);
    await expect(page).toHaveURL(new RegExp(`${BASE_PATH}/login`));
    await page.getByLabel('User name').fill('demo-member');
    await page.getByLabel('Password').fill(stack.keystone.password('demo-member'));
    await page.getByLabel('User domain').fill('Default');
    await page.getByLabel(/^Project/).fill('demo');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).toHaveURL(new RegExp(`${BASE_PATH}/executions/${execution.id}`));

    // The graph comes through the base path's proxy and turns green live.
    const graph = page.getByTestId('execution-graph');
    await expect(graph).toHaveAttribute('data-interactive', 'true');
    await expect(page.getByTestId('task-node-second')).toHaveAttribute('data-state', 'SUCCESS', { timeout: 30_000 });
    await expect(graph.locator('.react-flow__edge')).toHaveCount(1);

    // Navigation stays under the base path.
    await page.getByRole('navigation', { name: 'Dashboards' }).getByRole('link', { name: 'Workflow Executions' }).click();
    await expect(page).toHaveURL(new RegExp(`${BASE_PATH}/executions$`));
    // Its row links under the base path (ids are time-ordered: match the whole id, not its prefix).
    await expect(page.locator(`a[href="${BASE_PATH}/executions/${execution.id}"]`)).toBeVisible();

    // Framed by a Horizon panel: no header or nav.
    await page.goto(`${base}/executions?embed=1`);
    await expect(page.getByRole('navigation', { name: 'Dashboards' })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Workflow Executions', level: 1 })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await screenshot(page, 'base-path-embed');
  });
});
