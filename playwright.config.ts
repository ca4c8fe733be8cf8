import { defineConfig } from '@playwright/test';

const appUrl = process.env.KUBERNAUT_APP_URL ?? 'http://127.0.0.1:3000';

/**
 * Browser journeys against the stack `./run.sh` starts (app, backend and sandbox), in Debian's
 * Chromium: Playwright's own browser downloads are not reachable from these machines.
 */
export default defineConfig({
  testDir: 'e2e',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [
    ['list'],
    ['json', { outputFile: 'e2e-test-report/results.json' }],
  ],
  globalSetup: './e2e/globalSetup.ts',
  outputDir: 'e2e-test-report/artifacts',
  webServer: process.env.KUBERNAUT_APP_URL
    ? undefined
    : {
        command: './run.sh',
        url: appUrl,
        reuseExistingServer: !process.env.CI,
        timeout: 300_000,
        stdout: 'ignore',
        stderr: 'pipe',
      },
  use: {
    baseURL: appUrl,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
});
