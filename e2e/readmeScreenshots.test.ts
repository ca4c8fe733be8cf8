import { expect, test, type Page } from '@playwright/test';
import {
  decisionCluster,
  startRemediationNeedingApproval,
} from './sandboxAdmin';
import { signInAsGuest } from './signIn';

/**
 * The README's screenshots, taken on the running stack at one viewport once each page shows its
 * data: a run of the browser tests keeps docs/images in step with the product.
 */
const VIEWPORT = { width: 1440, height: 900 };

test.use({ viewport: VIEWPORT });
test.describe.configure({ mode: 'serial', timeout: 180_000 });

async function readmeShot(page: Page, name: string) {
  // No hover state, no caret, fonts loaded, nothing halfway through a transition.
  await page.mouse.move(0, VIEWPORT.height - 1);
  // Notification toasts come and go with the sandbox's live remediations: not part of a page.
  await page.addStyleTag({
    content: '.notistack-SnackbarContainer { display: none !important; }',
  });
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    return document.fonts.ready.then(() => undefined);
  });
  await page.screenshot({
    path: `docs/images/${name}.png`,
    animations: 'disabled',
    caret: 'hide',
  });
}

/** The fleet page once its KPIs, cluster grid, trend charts and first rows are in. */
async function fleetLoaded(page: Page) {
  const figures = page.getByRole('region', { name: 'Key figures' });
  await expect(figures.getByText('Active investigations')).toBeVisible();
  await expect(
    page.getByRole('button', { name: /^Show remediations in / }).first(),
  ).toBeVisible();
  await expect(
    page.getByRole('img', { name: /^(Outcomes|Resolved|Failed)/ }),
  ).toBeVisible();
  // A slice without outcomes draws an empty group; wait for a bar that is drawn.
  await expect(
    page.locator('.recharts-bar-rectangle path').first(),
  ).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Remediations' }).getByRole('row').nth(1),
  ).toBeVisible();
  await expect(page.getByText(/^[\d,]+ matching$/)).toBeVisible();
}

test('the fleet page', async ({ page }) => {
  await signInAsGuest(page, '/kubernaut');
  await fleetLoaded(page);
  await readmeShot(page, 'fleet-overview');
});

test('the fleet page in dark mode, outcomes by cluster', async ({
  browser,
}) => {
  const context = await browser.newContext({
    viewport: VIEWPORT,
    colorScheme: 'dark',
  });
  // Backstage keeps the chosen theme in local storage under "theme".
  await context.addInitScript(() =>
    window.localStorage.setItem('theme', 'dark'),
  );
  const page = await context.newPage();
  try {
    await signInAsGuest(page, '/kubernaut');
    await fleetLoaded(page);
    await page.getByRole('button', { name: 'Resolved by cluster' }).click();
    await expect(
      page.getByRole('img', { name: /^Resolved by cluster from / }),
    ).toBeVisible();
    await readmeShot(page, 'fleet-overview-dark');
  } finally {
    await context.close();
  }
});

test('a conversation with the agent', async ({ page }) => {
  await signInAsGuest(page, '/kubernaut/investigate');
  await page
    .getByRole('button', { name: /payment processing in prod-eu-west/ })
    .click();
  await page.getByRole('button', { name: 'Investigate' }).click();
  await expect(page).toHaveURL(/\/kubernaut\/investigations\//);
  const transcript = page.getByRole('log', {
    name: 'Investigation transcript',
  });
  // The agent's answer is in: causal chain, evidence and the workflows it proposes.
  await expect
    .poll(async () => (await transcript.innerText()).length, {
      timeout: 90_000,
    })
    .toBeGreaterThan(1200);
  // Not while the stream resumes after a dropped connection (a chip and a banner say so).
  await expect(page.getByText('Reconnecting…')).toHaveCount(0, {
    timeout: 45_000,
  });
  await expect(page.getByText(/^The connection dropped/)).toHaveCount(0);
  await readmeShot(page, 'conversation');
});

test('the decision panel and the approver notification', async ({ page }) => {
  const rrName = await startRemediationNeedingApproval();
  await signInAsGuest(
    page,
    `/kubernaut/clusters/${decisionCluster}/remediations/${rrName}?tab=approval`,
  );
  await expect(
    page.getByRole('button', { name: 'Approve', exact: true }),
  ).toBeEnabled({ timeout: 75_000 });
  await expect(page.getByText(`Approval request rar-${rrName}`)).toBeVisible();
  await readmeShot(page, 'decision-panel');

  await page.goto('/notifications');
  const link = page.locator(
    `a[href$="/kubernaut/clusters/${decisionCluster}/remediations/${rrName}?tab=approval"]`,
  );
  // The page updates through signals; reload in case the request came before it opened.
  await expect(async () => {
    await page.reload();
    await expect(link.first()).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
  await readmeShot(page, 'notifications');
});

test('the workflow catalog with its comparison', async ({ page }) => {
  await signInAsGuest(page, '/kubernaut/workflows');
  // A workflow's row, not the loading row: the first load reads 30 days of Data Storage events.
  await expect(
    page
      .locator('table tbody tr')
      .filter({ hasText: /Active|Deprecated/ })
      .first(),
  ).toBeVisible({ timeout: 60_000 });
  await expect(
    page.getByRole('img', { name: /^Workflow effectiveness, highest first/ }),
  ).toBeVisible();
  // A slice without outcomes draws an empty group; wait for a bar that is drawn.
  await expect(
    page.locator('.recharts-bar-rectangle path').first(),
  ).toBeVisible();
  await readmeShot(page, 'workflow-catalog');
});
