import { expect, test, type Page } from '@playwright/test';
import {
  decisionCluster,
  startRemediationNeedingApproval,
} from './sandboxAdmin';
import { signInAsGuest } from './signIn';
import { confirmTarget } from './dialogs';

const shot = (page: Page, name: string) =>
  page.screenshot({
    path: `e2e-test-report/screenshots/${name}.png`,
    fullPage: true,
    // Transitions finish first, so a label is never caught halfway.
    animations: 'disabled',
  });

/** Opens a remediation's approval tab once its request is there (about 20 s after the alert). */
async function openPendingApproval(page: Page, rrName: string) {
  await page.goto(
    `/kubernaut/clusters/${decisionCluster}/remediations/${rrName}?tab=approval`,
  );
  await expect(
    page.getByRole('button', { name: 'Approve', exact: true }),
  ).toBeEnabled({
    timeout: 75_000,
  });
}

test('a guest signs in and opens the fleet overview from the sidebar', async ({
  page,
}) => {
  await signInAsGuest(page, '/catalog');

  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Kubernaut' })
    .click();

  await expect(page).toHaveURL(/\/kubernaut\/?$/);
  await expect(
    page.getByRole('heading', { name: 'Kubernaut', level: 1 }),
  ).toBeVisible();
  const figures = page.getByRole('region', { name: 'Key figures' });
  await expect(figures.getByText('Active investigations')).toBeVisible();
  await expect(
    page.getByRole('button', { name: 'Show remediations in prod-eu-west' }),
  ).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Remediations' }).getByRole('row').nth(1),
  ).toBeVisible();
  await shot(page, 'fleet-overview');
});

test('the portal opens on Kubernaut', async ({ page }) => {
  await signInAsGuest(page, '/');
  await expect(page).toHaveURL(/\/kubernaut\/?$/);
});

test('a natural-language query filters the fleet and shows what it understood', async ({
  page,
}) => {
  await signInAsGuest(page, '/kubernaut');
  const search = page.getByRole('textbox', { name: 'Ask about the fleet' });
  await search.fill('critical alerts in prod-eu-west');
  await search.press('Enter');
  await expect(page).toHaveURL(/q=critical/);
  const understood = page.getByLabel('Understood filter');
  await expect(understood.getByText('critical')).toBeVisible();
  await expect(understood.getByText('prod-eu-west')).toBeVisible();
  const rows = page
    .getByRole('table', { name: 'Remediations' })
    .getByRole('row');
  await expect(rows.nth(1)).toContainText('prod-eu-west');
  await expect(rows.nth(1)).toContainText('critical');
  await shot(page, 'fleet-query');

  // Removing a chip keeps the rest of the query.
  await understood
    .getByRole('button', { name: 'filter critical' })
    .getByTestId('CancelIcon')
    .click();
  await expect(page).toHaveURL(/q=prod-eu-west$/);
});

test('an operator opens a remediation and watches its investigation, or asks about an ended one', async ({
  page,
}) => {
  await signInAsGuest(page, '/kubernaut');
  await page
    .getByRole('table', { name: 'Remediations' })
    .getByRole('row')
    .nth(1)
    .click();
  await expect(page).toHaveURL(/\/remediations\//);
  await expect(page.getByLabel('Remediation progress')).toBeVisible();
  // Exact: the plugin's own tabs include "Investigations", the list of them.
  await page.getByRole('tab', { name: 'Investigation', exact: true }).click();
  await page
    .getByRole('button', {
      name: /Watch the live investigation|Ask Kubernaut about it/,
    })
    .click();
  const transcript = page.getByRole('log', {
    name: 'Investigation transcript',
  });
  await expect(transcript).toBeVisible();
  // A running remediation is watched (nothing is sent to the agent); an ended one is asked about.
  // The view follows the newest message, so the first one may be scrolled out of the virtual list:
  // the counter says the history arrived.
  await expect(page.getByText(/^[1-9]\d* events$/)).toBeVisible();
  await expect
    .poll(async () => (await transcript.innerText()).length, {
      timeout: 60_000,
    })
    .toBeGreaterThan(200);
  await shot(page, 'investigation');

  await page.getByRole('tab', { name: 'Audit trail' }).click();
  await expect(page.getByLabel('Audit trail')).toBeVisible();
  await shot(page, 'audit-trail');
});

test('an operator finds a request in the inbox and approves it under their own name', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const rrName = await startRemediationNeedingApproval();
  await signInAsGuest(page, '/kubernaut/approvals');
  const review = page
    .getByRole('list', { name: 'Pending approvals' })
    .locator(`a[href*="/remediations/${rrName}?"]`);
  await expect(review).toBeVisible({ timeout: 75_000 });
  await expect(page.getByRole('timer').first()).toHaveText(/left/);
  await shot(page, 'approvals');
  await review.click();
  await expect(page.getByText(`Approval request rar-${rrName}`)).toBeVisible();
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`in cluster ${decisionCluster}`);
  await confirmTarget(dialog);
  await shot(page, 'approval-confirm');
  await dialog.getByRole('button', { name: 'Approve remediation' }).click();
  await expect(page.getByText(/Approved — recorded in .* as /)).toBeVisible();
  await shot(page, 'approval-decided');
});

test('a rejection needs a reason and is recorded', async ({ page }) => {
  test.setTimeout(150_000);
  const rrName = await startRemediationNeedingApproval();
  await signInAsGuest(page, '/kubernaut');
  await openPendingApproval(page, rrName);
  await page.getByRole('button', { name: 'Reject', exact: true }).click();
  const dialog = page.getByRole('dialog');
  const confirm = dialog.getByRole('button', { name: 'Reject remediation' });
  await confirmTarget(dialog);
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/Reason/).fill('the change window is closed');
  await confirm.click();
  await expect(page.getByText(/Rejected — recorded in .* as /)).toBeVisible();
  // The refreshed request shows who decided and why.
  await expect(
    page.getByText(/Rejected by .*the change window is closed/),
  ).toBeVisible();
});

test('an override approves another active workflow with a rationale', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const rrName = await startRemediationNeedingApproval();
  await signInAsGuest(page, '/kubernaut');
  await openPendingApproval(page, rrName);
  await page.getByRole('button', { name: 'Approve with override' }).click();
  const dialog = page.getByRole('dialog');
  const recommended = await dialog.locator('strong').first().innerText();
  await dialog.getByLabel('Workflow to run instead').click();
  // The picker offers the cluster's other active workflows, never the recommended one.
  await expect(page.getByRole('option')).not.toContainText([recommended]);
  const option = page.getByRole('option').nth(1);
  const workflow = (await option.innerText()).split(' ')[0];
  await option.click();
  await dialog.getByLabel(/Rationale/).fill('rollback is safer at night');
  await confirmTarget(dialog);
  await shot(page, 'approval-override');
  await dialog.getByRole('button', { name: 'Approve with override' }).click();
  await expect(page.getByText(/Approved — recorded in .* as /)).toBeVisible();
  await expect(
    page.getByText(`(override: ${workflow})`, { exact: false }),
  ).toBeVisible();
});

test("a component's catalog page lists its remediations", async ({ page }) => {
  await signInAsGuest(page, '/catalog/default/component/checkout-service');
  // The overview carries a small card with the latest five.
  const card = page.getByRole('list', { name: 'Remediations of this entity' });
  await expect(card.getByRole('link').first()).toBeVisible();
  expect(await card.getByRole('link').count()).toBeLessThanOrEqual(5);
  await shot(page, 'entity-overview');
  await page
    .locator('a[href$="/component/checkout-service/kubernaut"]')
    .click();
  await expect(page).toHaveURL(/\/checkout-service\/kubernaut$/);
  const list = page.getByRole('list', { name: 'Remediations of this entity' });
  await expect(list.getByRole('link').first()).toBeVisible();
  await expect(list).toContainText('checkout-service');
  await shot(page, 'entity-tab');
  await list.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/kubernaut\/clusters\/.+\/remediations\//);
});

test('an operator describes a symptom in plain words and follows the investigation', async ({
  page,
}) => {
  await signInAsGuest(page, '/kubernaut/investigate');
  await page
    .getByRole('button', { name: /payment processing in prod-eu-west/ })
    .click();
  // The form reads the cluster from the description; nothing to pick.
  await expect(
    page.getByRole('status').filter({ hasText: /^Cluster:/ }),
  ).toContainText('Cluster: prod-eu-west — named in your description');
  await shot(page, 'investigate');
  await page.getByRole('button', { name: 'Investigate' }).click();
  await expect(page).toHaveURL(/\/kubernaut\/investigations\//);
  const transcript = page.getByRole('log', {
    name: 'Investigation transcript',
  });
  await expect(
    transcript.getByText(/payment processing in prod-eu-west feels sluggish/),
  ).toBeVisible();
  await expect
    .poll(async () => (await transcript.innerText()).length, {
      timeout: 60_000,
    })
    .toBeGreaterThan(300);
  await shot(page, 'investigate-stream');
  // The conversation found its remediation; the operator can go and decide there.
  await page.getByRole('link', { name: 'Open remediation' }).click();
  await expect(page).toHaveURL(
    /\/kubernaut\/clusters\/prod-eu-west\/remediations\//,
  );
});

test('the workflow catalog lists workflows with effectiveness and opens a detail drawer', async ({
  page,
}) => {
  await signInAsGuest(page, '/kubernaut/workflows');
  await expect(page.getByText('Active workflows')).toBeVisible();
  // A workflow's row, not the loading row: the first load reads 30 days of Data Storage events.
  const firstRow = page
    .locator('table tbody tr')
    .filter({ hasText: /Active|Deprecated/ })
    .first();
  await expect(firstRow).toBeVisible({ timeout: 60_000 });
  await shot(page, 'workflows');
  await firstRow.click();
  await expect(page.getByText('Effectiveness over time')).toBeVisible();
  await shot(page, 'workflow-detail');
});

test('an operator starts an investigation from the fleet query bar', async ({
  page,
}) => {
  await signInAsGuest(page, '/kubernaut');
  const search = page.getByRole('textbox', { name: 'Ask about the fleet' });
  await search.fill('investigate checkout-service keeps restarting');
  await expect(
    page.getByText(
      'Enter starts an investigation of: “checkout-service keeps restarting”',
    ),
  ).toBeVisible();
  await search.press('Enter');
  await expect(page).toHaveURL(/\/kubernaut\/investigate\?description=/);
  await expect(
    page.getByRole('textbox', { name: 'What is happening?' }),
  ).toHaveValue('checkout-service keeps restarting');
  // Prefilled, not submitted: the operator still presses Investigate.
  await expect(page).not.toHaveURL(/\/kubernaut\/investigations\//);
  await expect(page.getByRole('button', { name: 'Investigate' })).toBeVisible();
  await shot(page, 'investigate-from-query-bar');
});
