import { expect, test, type Page } from '@playwright/test';
import { startRemediationNeedingApproval } from './sandboxAdmin';
import { signInAs } from './signIn';
import { confirmTarget } from './dialogs';

/**
 * The dev stack's people sign in through the sandbox's OpenID Connect provider and the
 * permission policy of app-config.yaml (`permission.kubernaut.grants`) decides what each may do:
 * staging decides through API Frontend with the person's own ID token (`approvalMode:
 * apiFrontend`), production by impersonation.
 */
const approvalTab = (cluster: string, rrName: string) =>
  `/kubernaut/clusters/${cluster}/remediations/${rrName}?tab=approval`;

async function waitForRequest(page: Page, cluster: string, rrName: string) {
  await page.goto(approvalTab(cluster, rrName));
  await expect(page.getByText(`Approval request rar-${rrName}`)).toBeVisible({
    timeout: 75_000,
  });
}

async function approve(page: Page) {
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await confirmTarget(dialog);
  await dialog.getByRole('button', { name: 'Approve remediation' }).click();
}

test('carol approves in staging with her own token, and may not decide in production', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const [staging, production] = await Promise.all([
    // Outside production, Kubernaut's policy asks a person for sensitive kinds (a StatefulSet).
    startRemediationNeedingApproval('staging', 'payment-latency'),
    startRemediationNeedingApproval('prod-us-east'),
  ]);
  await signInAs(page, 'carol', '/kubernaut');

  await waitForRequest(page, 'prod-us-east', production);
  await expect(
    page.getByRole('button', { name: 'Approve', exact: true }),
  ).toBeDisabled();

  await waitForRequest(page, 'staging', staging);
  await expect(
    page.getByRole('button', { name: 'Approve', exact: true }),
  ).toBeEnabled({ timeout: 30_000 });
  await approve(page);
  // API Frontend credits the person its OIDC issuer names: carol, not the backend.
  await expect(
    page.getByRole('main').getByText(/Approved — recorded in .* as /),
  ).toBeVisible();
  await expect(
    page.getByRole('main').getByText(/Approved by carol\b/),
  ).toBeVisible({
    timeout: 30_000,
  });
});

test('alice approves in production, credited under her Backstage identity', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const rrName = await startRemediationNeedingApproval('prod-us-east');
  await signInAs(page, 'alice', '/kubernaut');
  await waitForRequest(page, 'prod-us-east', rrName);
  await expect(
    page.getByRole('button', { name: 'Approve', exact: true }),
  ).toBeEnabled({ timeout: 30_000 });
  await approve(page);
  await expect(
    page.getByRole('main').getByText(/Approved by backstage:default:alice\b/),
  ).toBeVisible({ timeout: 30_000 });
});

test('bob, a viewer, reads the fleet and the audit trail but may not decide', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const rrName = await startRemediationNeedingApproval('prod-us-east');
  await signInAs(page, 'bob', '/kubernaut');
  await expect(
    page.getByRole('table', { name: 'Remediations' }).getByRole('row').nth(1),
  ).toBeVisible();
  await waitForRequest(page, 'prod-us-east', rrName);
  await expect(
    page.getByRole('button', { name: 'Approve', exact: true }),
  ).toBeDisabled();
  await expect(
    page.getByRole('button', { name: 'Reject', exact: true }),
  ).toBeDisabled();
});
