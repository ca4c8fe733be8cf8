import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { signInAsGuest } from './signIn';
import { confirmTarget } from './dialogs';

const sandboxAdminUrl =
  process.env.KUBERNAUT_SANDBOX_ADMIN_URL ?? 'http://127.0.0.1:6550';
const cluster = 'prod-us-east';

const shot = (page: Page, name: string) =>
  page.screenshot({
    path: `e2e-test-report/screenshots/${name}.png`,
    fullPage: true,
    animations: 'disabled',
  });

/**
 * A remediation of its own whose investigation waits for a person to choose (the sandbox's
 * interactive run: Analyzing, options offered, no approval request), so journeys never share one.
 */
async function startInteractiveRemediation(): Promise<string> {
  const response = await fetch(
    `${sandboxAdminUrl}/clusters/${cluster}/scenarios`,
    {
      method: 'POST',
      body: JSON.stringify({
        scenario: 'checkout-oom',
        scriptedDecisions: false,
        interactive: true,
      }),
    },
  );
  expect(response.ok).toBe(true);
  return ((await response.json()) as { rrName: string }).rrName;
}

/** Opens the remediation, watches it, and takes it over from Kubernaut, as a person would. */
async function takeOver(page: Page, rrName: string): Promise<Locator> {
  await signInAsGuest(
    page,
    `/kubernaut/clusters/${cluster}/remediations/${rrName}?tab=investigation`,
  );
  await page
    .getByRole('button', { name: 'Watch the live investigation' })
    .click({ timeout: 60_000 });
  const transcript = page.getByRole('log', {
    name: 'Investigation transcript',
  });
  await expect(transcript.getByText(/is watching/)).toBeVisible();
  await page.getByRole('button', { name: 'Take over', exact: true }).click();
  const dialog = page.getByRole('dialog', {
    name: 'Take over this remediation',
  });
  await expect(dialog).toContainText('Kubernaut stops its autonomous run');
  await confirmTarget(dialog);
  await dialog
    .getByRole('button', { name: 'Take over this remediation' })
    .click();
  await expect(dialog).toBeHidden();
  await expect(transcript.getByText(/took over/).first()).toBeVisible();
  await expect(page.getByText('You drive this remediation')).toBeVisible();
  // The agent takes over and presents its options (the turn waits on the person).
  await expect(
    transcript.getByRole('button', { name: /^Run workflow / }).first(),
  ).toBeVisible({ timeout: 75_000 });
  return transcript;
}

test.describe.configure({ timeout: 180_000 });

test('an operator takes a remediation over and runs a workflow from its card', async ({
  page,
}) => {
  const rrName = await startInteractiveRemediation();
  const transcript = await takeOver(page, rrName);
  await shot(page, 'steering-options');
  const run = transcript
    .getByRole('button', { name: /^Run workflow / })
    .first();
  const workflow = (await run.getAttribute('aria-label'))!.replace(
    'Run workflow ',
    '',
  );
  await run.click();
  const dialog = page.getByRole('dialog', { name: 'Run this workflow' });
  await expect(dialog).toContainText(`Run ${workflow} on`);
  await expect(dialog).toContainText(`in cluster ${cluster}`);
  await confirmTarget(dialog);
  await dialog.getByRole('button', { name: 'Run this workflow' }).click();
  await expect(dialog).toBeHidden();
  // Credited to the person, and the remediation moves on: production asks for approval.
  await expect(transcript.getByText(/guest chose workflow/)).toBeVisible();
  await expect(
    transcript
      .getByText(/Phase: Awaiting approval|Phase: AwaitingApproval/)
      .first(),
  ).toBeVisible({ timeout: 60_000 });
  await shot(page, 'steering-selected');

  // The conversation goes into a ticket or a postmortem as Markdown.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export Markdown' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe(`investigation-${rrName}.md`);
  // Names are escaped for Markdown (rr\-…); read the text as a person would see it.
  const markdown = readFileSync((await file.path())!, 'utf8').replace(
    /\\(?=[-_.#*])/g,
    '',
  );
  expect(markdown).toContain(`# Investigation of ${rrName}`);
  expect(markdown).toContain(workflow);
  expect(markdown).toMatch(/guest/);
});

test('an operator dismisses a remediation: nothing to do', async ({ page }) => {
  const rrName = await startInteractiveRemediation();
  const transcript = await takeOver(page, rrName);
  await page.getByRole('button', { name: 'Dismiss', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Dismiss: nothing to do' });
  await dialog.getByLabel(/Reason/).fill('a load test, expected');
  await confirmTarget(dialog);
  await dialog.getByRole('button', { name: 'Dismiss: nothing to do' }).click();
  await expect(transcript.getByText(/guest dismissed it/)).toBeVisible();
  await expect(transcript.getByText(/Phase: Completed/).first()).toBeVisible({
    timeout: 60_000,
  });
});

test('an operator escalates a remediation to people with a reason', async ({
  page,
}) => {
  const rrName = await startInteractiveRemediation();
  const transcript = await takeOver(page, rrName);
  await page.getByRole('button', { name: 'Escalate', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Escalate to people' });
  const confirm = dialog.getByRole('button', { name: 'Escalate to people' });
  await confirmTarget(dialog);
  await expect(confirm).toBeDisabled();
  await dialog
    .getByLabel(/Reason \(required\)/)
    .fill('DB team: replication lag');
  await confirm.click();
  await expect(
    transcript.getByText(/guest escalated it to people: DB team/),
  ).toBeVisible();
  await expect(transcript.getByText(/Phase: Completed/).first()).toBeVisible({
    timeout: 60_000,
  });
  await shot(page, 'steering-escalated');
});

test('"go with …" in the chat has the agent run the workflow for the driver', async ({
  page,
}) => {
  const rrName = await startInteractiveRemediation();
  const transcript = await takeOver(page, rrName);
  await page.getByLabel('Follow-up question').fill('Go with rollback-config');
  await page.getByRole('button', { name: 'Ask' }).click();
  await expect(
    transcript.getByText(/I selected rollback-config/).first(),
  ).toBeVisible({ timeout: 60_000 });
  await expect(
    transcript
      .getByText(/Phase: Awaiting approval|Phase: AwaitingApproval/)
      .first(),
  ).toBeVisible({ timeout: 60_000 });
});
