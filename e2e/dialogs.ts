import type { Locator } from '@playwright/test';

/** On production the decision dialog asks for the target's name; types it as a person would. */
export async function confirmTarget(dialog: Locator): Promise<void> {
  const label = dialog.locator('label', { hasText: /^Type \S+ to confirm/ });
  if (await label.count()) {
    const target = /^Type (\S+) to confirm/.exec(await label.innerText())![1];
    await dialog.getByLabel(`Type ${target} to confirm`).fill(target);
  }
}
