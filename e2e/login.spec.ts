import { expect, test } from './fixtures/index.js';

test.describe('login with Keystone', () => {
  test('a wrong password gets a plain message and no session', async ({ page, dashboardUrl }) => {
    await page.goto(`${dashboardUrl}/`);
    await expect(page).toHaveURL(/\/login/);
    await page.getByLabel('User name').fill('demo-member');
    await page.getByLabel('Password').fill('certainly-not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Wrong user name, password or domain.' })).toBeVisible();
    await page.goto(`${dashboardUrl}/executions`);
    await expect(page).toHaveURL(/\/login/);
  });

  test('a project the user has no role on is named in the message', async ({ page, dashboardUrl, stack }) => {
    await page.goto(`${dashboardUrl}/login`);
    await page.getByLabel('User name').fill('demo-member');
    await page.getByLabel('Password').fill(stack.keystone.password('demo-member'));
    await page.getByLabel(/^Project/).fill('other');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'You have no role on project "other" in domain "Default".' })).toBeVisible();
  });

  test('demo-member logs in, sees the project and roles, and logs out', async ({ page, loginAs, dashboardUrl, context }) => {
    await loginAs(page, 'demo-member');
    await expect(page.getByRole('heading', { name: 'Overview', level: 1 })).toBeVisible();
    await expect(page.getByTestId('project-selector')).toHaveValue(/.+/);
    await expect(page.getByTestId('project-selector').locator('option:checked')).toHaveText('demo');

    // The session cookie is httpOnly and the session object holds no token.
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name.includes('next-auth.session-token'));
    expect(session?.httpOnly).toBe(true);
    const exposed = await page.evaluate(async (base) => (await fetch(`${base}/api/auth/session`)).text(), new URL(dashboardUrl).pathname.replace(/\/$/, ''));
    expect(exposed).not.toMatch(/token/i);
    expect(JSON.parse(exposed)).toMatchObject({ user: { name: 'demo-member' }, project: { name: 'demo' }, canWrite: true });

    await page.getByRole('button', { name: /User menu for demo-member/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByRole('status').filter({ hasText: 'You have logged out.' })).toBeVisible();
    await page.goto(`${dashboardUrl}/workflows`);
    await expect(page).toHaveURL(/\/login/);
  });
});
