import { expect, test, type Page } from '@playwright/test';
import {
  expectNoBlockingViolations,
  expectTheme,
  openInTheme,
  type ThemeId,
} from './axe';
import {
  decisionCluster,
  startRemediationNeedingApproval,
} from './sandboxAdmin';
import { signInAsGuest } from './signIn';

/**
 * Every view of the plugin, in the light and the dark theme, checked with axe against WCAG 2.1
 * A and AA: a serious or critical violation fails the journey.
 */

/** Each checked view as it looked, to see that the fixes keep it whole in both themes. */
const shot = (page: Page, name: string) =>
  page.screenshot({
    path: `e2e-test-report/screenshots/accessibility/${name}.png`,
    fullPage: true,
    animations: 'disabled',
  });

const remediationsTable = (page: Page) =>
  page.getByRole('table', { name: 'Remediations' });

/** Opens the first remediation the fleet table lists for a query. */
async function openFirstRemediation(page: Page, query: string) {
  await page.goto(`/kubernaut/?q=${encodeURIComponent(query)}`);
  await remediationsTable(page).getByRole('row').nth(1).click();
  await expect(page).toHaveURL(/\/remediations\//);
  await expect(page.getByLabel('Remediation progress')).toBeVisible();
}

async function openTab(page: Page, name: string) {
  await page.getByRole('tab', { name, exact: true }).click();
  await expect(page.getByRole('tab', { name, exact: true })).toHaveAttribute(
    'aria-selected',
    'true',
  );
}

for (const theme of ['light', 'dark'] as ThemeId[]) {
  test.describe(`in the ${theme} theme`, () => {
    test.beforeEach(async ({ page }) => {
      await openInTheme(page, theme);
    });

    /** Signs in on a path and checks that the theme asked for is the one shown. */
    async function open(page: Page, path: string) {
      await signInAsGuest(page, path);
      await expectTheme(page, theme);
    }

    test('the fleet overview', async ({ page }) => {
      await open(page, '/kubernaut');
      await expect(
        page.getByRole('region', { name: 'Key figures' }),
      ).toBeVisible();
      await expect(
        page.getByRole('button', { name: /^Show remediations in / }).first(),
      ).toBeVisible();
      await expect(
        remediationsTable(page).getByRole('row').nth(1),
      ).toBeVisible();
      await expect(
        page.getByRole('img', { name: /^Outcomes from .*resolved/ }),
      ).toBeVisible();
      await expect(
        page.getByRole('img', { name: /^Mean time to resolve: / }),
      ).toBeVisible();
      await expectNoBlockingViolations(page, `Fleet overview (${theme})`);
      await shot(page, `${theme}-fleet-overview`);
    });

    test('the remediations table with a filter', async ({ page }) => {
      await open(page, '/kubernaut/?q=critical%20alerts%20in%20prod-eu-west');
      await expect(
        page.getByLabel('Understood filter').getByText('critical'),
      ).toBeVisible();
      await expect(remediationsTable(page).getByRole('row').nth(1)).toHaveText(
        /prod-eu-west/,
      );
      await expectNoBlockingViolations(
        page,
        `Filtered remediations (${theme})`,
      );
      await shot(page, `${theme}-filtered-remediations`);
    });

    test("a remediation's decision panel", async ({ page }) => {
      test.setTimeout(150_000);
      const rrName = await startRemediationNeedingApproval();
      await open(
        page,
        `/kubernaut/clusters/${decisionCluster}/remediations/${rrName}?tab=approval`,
      );
      await expect(
        page.getByRole('button', { name: 'Approve', exact: true }),
      ).toBeEnabled({ timeout: 75_000 });
      await expectNoBlockingViolations(page, `Decision panel (${theme})`);
      await shot(page, `${theme}-decision-panel`);

      await page.getByRole('button', { name: 'Approve with override' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await expectNoBlockingViolations(page, `Override dialog (${theme})`);
      await shot(page, `${theme}-override-dialog`);
    });

    test("a remediation's audit trail, effectiveness and details", async ({
      page,
    }) => {
      test.setTimeout(150_000);
      await open(page, '/kubernaut');
      await openFirstRemediation(page, 'completed in prod-us-east');
      await openTab(page, 'Audit trail');
      await expect(page.getByLabel('Audit trail')).toBeVisible();
      await expectNoBlockingViolations(page, `Audit trail (${theme})`);
      await shot(page, `${theme}-audit-trail`);

      await openTab(page, 'Effectiveness');
      await expect(
        page.getByText(/^Assessment |^No effectiveness assessment yet/).first(),
      ).toBeVisible();
      await expectNoBlockingViolations(page, `Effectiveness (${theme})`);
      await shot(page, `${theme}-effectiveness`);

      await openTab(page, 'Details');
      await expect(page.getByText('Signal source')).toBeVisible();
      await expectNoBlockingViolations(page, `Details (${theme})`);
      await shot(page, `${theme}-details`);
    });

    test("a remediation's analysis", async ({ page }) => {
      await open(page, '/kubernaut');
      await openFirstRemediation(page, 'completed in prod-us-east');
      await openTab(page, 'Investigation');
      await expect(
        page.getByRole('button', { name: 'Ask Kubernaut about it' }),
      ).toBeVisible();
      await expectNoBlockingViolations(page, `Remediation analysis (${theme})`);
      await shot(page, `${theme}-remediation-analysis`);
    });

    test('the approvals inbox', async ({ page }) => {
      test.setTimeout(150_000);
      const rrName = await startRemediationNeedingApproval();
      await open(page, '/kubernaut/approvals');
      await expect(
        page
          .getByRole('list', { name: 'Pending approvals' })
          .locator(`a[href*="/remediations/${rrName}?"]`),
      ).toBeVisible({ timeout: 75_000 });
      await expectNoBlockingViolations(page, `Approvals inbox (${theme})`);
      await shot(page, `${theme}-approvals-inbox`);
    });

    test('the workflow catalog and its drawer', async ({ page }) => {
      test.setTimeout(150_000);
      await open(page, '/kubernaut/workflows');
      const workflowRows = page
        .locator('table tbody tr')
        .filter({ hasText: /Active|Deprecated/ });
      await expect(workflowRows.first()).toBeVisible({ timeout: 60_000 });
      await expectNoBlockingViolations(page, `Workflow catalog (${theme})`);
      await shot(page, `${theme}-workflow-catalog`);

      // The name is the row's link: keyboard and screen-reader users open the drawer with it.
      const name = workflowRows.first().getByRole('link').first();
      await name.focus();
      await page.keyboard.press('Enter');
      const drawer = page.getByRole('presentation').filter({
        has: page.getByRole('button', { name: 'Close workflow details' }),
      });
      await expect(drawer.getByText('Recent remediations')).toBeVisible();
      await expect(
        drawer
          .getByRole('img', { name: /^Effectiveness from / })
          .or(
            drawer.getByText(/^No assessments yet|^Data Storage unavailable/),
          ),
      ).toBeVisible();
      await expectNoBlockingViolations(page, `Workflow drawer (${theme})`);
      await shot(page, `${theme}-workflow-drawer`);
    });

    test('the investigations list', async ({ page }) => {
      await open(page, '/kubernaut/investigations');
      await expect(
        page
          .getByRole('table', { name: 'Investigations' })
          .getByRole('row')
          .nth(1),
      ).toBeVisible();
      await expectNoBlockingViolations(page, `Investigations list (${theme})`);
      await shot(page, `${theme}-investigations-list`);
    });

    test('the investigate form', async ({ page }) => {
      await open(page, '/kubernaut/investigate');
      await expect(
        page.getByRole('textbox', { name: 'What is happening?' }),
      ).toBeVisible();
      await expectNoBlockingViolations(page, `Investigate form (${theme})`);
      await shot(page, `${theme}-investigate-form`);
    });

    test('an investigation conversation', async ({ page }) => {
      test.setTimeout(150_000);
      await open(page, '/kubernaut/investigate');
      await page
        .getByRole('button', { name: /payment processing in prod-eu-west/ })
        .click();
      await page.getByRole('button', { name: 'Investigate' }).click();
      await expect(page).toHaveURL(/\/kubernaut\/investigations\//);
      const transcript = page.getByRole('log', {
        name: 'Investigation transcript',
      });
      await expect
        .poll(async () => (await transcript.innerText()).length, {
          timeout: 60_000,
        })
        .toBeGreaterThan(300);
      await expectNoBlockingViolations(
        page,
        `Investigation conversation (${theme})`,
      );
      await shot(page, `${theme}-investigation-conversation`);
    });

    test("a component's overview card and Kubernaut tab", async ({ page }) => {
      await open(page, '/catalog/default/component/checkout-service');
      const list = page.getByRole('list', {
        name: 'Remediations of this entity',
      });
      await expect(list.getByRole('link').first()).toBeVisible();
      await expectNoBlockingViolations(page, `Entity overview card (${theme})`);
      await shot(page, `${theme}-entity-overview-card`);

      await page
        .locator('a[href$="/component/checkout-service/kubernaut"]')
        .click();
      await expect(page).toHaveURL(/\/checkout-service\/kubernaut$/);
      await expect(list.getByRole('link').first()).toBeVisible();
      await expectNoBlockingViolations(page, `Entity Kubernaut tab (${theme})`);
      await shot(page, `${theme}-entity-kubernaut-tab`);
    });
  });
}
