import { expect, type Page } from '@playwright/test';

/** Signs in through the guest provider, the sign-in the dev app offers. */
export async function signInAsGuest(page: Page, path = '/'): Promise<void> {
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Kubernaut' }),
  ).toBeVisible();
}
