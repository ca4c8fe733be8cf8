import { expect, test } from '@playwright/test';
import {
  decisionCluster,
  startRemediationNeedingApproval,
} from './sandboxAdmin';
import { signInAsGuest } from './signIn';

/**
 * An approver hears of a new approval request in Backstage's notifications (the dev stack names
 * the guest as approver for every environment) and reaches the decision panel from it.
 */
test('a new approval request reaches the approver as a notification that opens the decision panel', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const rrName = await startRemediationNeedingApproval();
  const cluster = decisionCluster;

  await signInAsGuest(page, '/notifications');
  // The remediation's name is in the description; the page's filter finds it among others.
  const link = page.locator(
    `a[href$="/kubernaut/clusters/${cluster}/remediations/${rrName}?tab=approval"]`,
  );
  // The notifications page updates through signals; reload in case the request came first.
  await expect(async () => {
    await page.reload();
    await page.getByPlaceholder('Filter').fill(rrName);
    await expect(link.first()).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 100_000 });
  const notification = page
    .getByText(/^Approval needed: .+\(prod-us-east\)$/)
    .first();
  await expect(notification).toBeVisible();
  await page.getByRole('button', { name: 'Show more' }).first().click();
  await expect(page.getByText(/decide by \d\d:\d\d UTC/).first()).toBeVisible();
  await page.screenshot({
    path: 'e2e-test-report/screenshots/notifications.png',
    fullPage: true,
    animations: 'disabled',
  });

  await link.first().click();
  await expect(page).toHaveURL(
    new RegExp(`/remediations/${rrName}\\?tab=approval`),
  );
  await expect(
    page.getByRole('button', { name: 'Approve', exact: true }),
  ).toBeVisible({ timeout: 30_000 });
});
