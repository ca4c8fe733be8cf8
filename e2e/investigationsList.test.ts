import { expect, test, type Locator, type Page } from '@playwright/test';
import { signInAsGuest } from './signIn';

const shot = (page: Page, name: string) =>
  page.screenshot({
    path: `e2e-test-report/screenshots/${name}.png`,
    fullPage: true,
    // Transitions finish first, so a label is never caught halfway.
    animations: 'disabled',
  });

/** The transcript is virtualised and follows its end: scroll to its start to find the question. */
async function expectQuestionIn(transcript: Locator, text: string) {
  await expect
    .poll(
      async () => {
        await transcript.evaluate(el => el.scrollTo({ top: 0 }));
        return transcript.getByText(text).count();
      },
      { timeout: 30_000 },
    )
    .toBeGreaterThan(0);
}

test('an operator finds an investigation in the list by searching, and reopens its transcript', async ({
  page,
}) => {
  test.setTimeout(150_000);
  // A word no other journey uses, so the search finds this investigation alone.
  const marker = `ledger${Date.now().toString(36)}`;
  const question = `The payment processing in prod-eu-west feels sluggish since this morning (${marker})`;

  await signInAsGuest(page, '/kubernaut/investigate');
  await page.getByLabel('What is happening?').fill(question);
  await page.getByRole('combobox', { name: /^Cluster/ }).click();
  await page.getByRole('option', { name: /Production EU West/ }).click();
  await page.getByRole('button', { name: 'Investigate' }).click();
  await expect(page).toHaveURL(/\/kubernaut\/investigations\/[0-9a-f-]{36}$/);
  const id = page.url().split('/').pop()!;
  const transcript = page.getByRole('log', {
    name: 'Investigation transcript',
  });
  await expectQuestionIn(transcript, marker);

  // The list is a tab next to the other views.
  await page.getByRole('tab', { name: 'Investigations' }).click();
  await expect(page).toHaveURL(/\/kubernaut\/investigations$/);
  const table = page.getByRole('table', { name: 'Investigations' });
  await expect(table.getByRole('row').nth(1)).toBeVisible();
  await shot(page, 'investigations');

  const search = page.getByRole('textbox', { name: 'Search investigations' });
  await search.fill(marker);
  await expect(page).toHaveURL(new RegExp(`q=${marker}`));
  const rows = table.getByTestId('investigation-row');
  await expect(rows).toHaveCount(1);
  const row = rows.first();
  await expect(row).toContainText(marker);
  await expect(row).toContainText('guest');
  await expect(row).toContainText('prod-eu-west');
  await expect(row.getByText(/^(Running|Completed)$/)).toBeVisible();
  // Its transcript keeps growing while it runs: the row counts it.
  await expect
    .poll(
      async () => Number(await row.getByRole('cell').last().innerText()) || 0,
      { timeout: 60_000 },
    )
    .toBeGreaterThan(3);

  // Only mine, and a status it does not have: the list says nothing matches.
  await page.getByRole('checkbox', { name: 'Mine only' }).check();
  await expect(rows).toHaveCount(1);
  await page.getByRole('combobox', { name: /^Status/ }).click();
  await page.getByRole('option', { name: 'Canceled' }).click();
  await page.keyboard.press('Escape');
  await expect(
    page.getByText('No investigations match these filters.'),
  ).toBeVisible();
  await shot(page, 'investigations-empty');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await expect(search).toHaveValue('');

  // Searching again, and opening it from its row.
  await search.fill(marker);
  await expect(rows).toHaveCount(1);
  await shot(page, 'investigations-search');
  await rows.first().getByRole('cell').nth(1).click();
  await expect(page).toHaveURL(new RegExp(`/kubernaut/investigations/${id}$`));
  await expectQuestionIn(transcript, marker);
  await expect
    .poll(async () => (await transcript.innerText()).length, {
      timeout: 60_000,
    })
    .toBeGreaterThan(300);
});
