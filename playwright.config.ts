import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests: Debian's Chromium (no browser download), one worker (the fixtures start one real
 * engine + Keystone login + built dashboard for the whole run, see e2e/fixtures/), screenshots under
 * e2e/screenshots/ (not committed). Build the dashboard first or let the global setup do it.
 */
// The suite builds and serves its own copy of the dashboard, so it never rebuilds under `npm start`.
process.env.CONVECTION_NEXT_DIST_DIR ??= '.next-e2e';

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results',
  globalSetup: './e2e/fixtures/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    headless: true,
    viewport: { width: 1400, height: 900 },
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
