import { expect, type Page } from '@playwright/test';
import { SANDBOX_PASSWORD } from '../packages/kubernaut-sandbox/src/oidc/people';

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

/** The dev stack's people (packages/kubernaut-sandbox/src/oidc/people.ts). */
export type SandboxPerson = 'alice' | 'carol' | 'bob' | 'dave';

/**
 * Signs a person in through the sandbox's OpenID Connect provider: the sign-in page's popup,
 * the provider's own form, back to the app.
 */
export async function signInAs(
  page: Page,
  person: SandboxPerson,
  path = '/',
): Promise<void> {
  await page.goto(path);
  const card = page
    .locator('li, div')
    .filter({ hasText: 'Kubernaut sandbox' })
    .filter({ has: page.getByRole('button', { name: 'Sign In' }) })
    .last();
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    card.getByRole('button', { name: 'Sign In' }).click(),
  ]);
  await popup.getByLabel('Username').fill(person);
  await popup.getByLabel('Password').fill(SANDBOX_PASSWORD);
  await popup.getByRole('button', { name: 'Sign in' }).click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Kubernaut' }),
  ).toBeVisible();
}
