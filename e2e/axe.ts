import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

type Result = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];

export type ThemeId = 'light' | 'dark';

/** WCAG 2.0 and 2.1, levels A and AA: what the issue asks the plugin to meet. */
const wcag21AaTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const blockingImpacts: Array<Result['impact']> = ['serious', 'critical'];

/**
 * Parts of the page that Backstage's own shell renders, which the plugin cannot change, each with
 * the violation it carries; everything the plugin renders is checked.
 */
const backstageShell = [
  // label-content-name-mismatch: @backstage/plugin-notifications' sidebar item puts the unread
  // count ("3") inside core-components' SidebarItem, whose accessible name is only
  // "Notifications". It shows while notifications are unread (approval requests send them).
  'nav[aria-label="sidebar nav"] a[href$="/notifications"]',
];

/**
 * Backstage's app theme API reads the theme id from localStorage before the first render, so a
 * page opens in that theme without going through the settings page.
 */
export async function openInTheme(page: Page, theme: ThemeId): Promise<void> {
  await page.addInitScript(themeId => {
    window.localStorage.setItem('theme', themeId);
  }, theme);
}

/** Relative luminance of a CSS rgb() colour (WCAG's definition). */
function luminanceOf(rgb: string): number {
  const channels = (rgb.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const [r, g, b] = channels.map(c => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Fails unless the page really shows the theme: a dark page has a dark background. */
export async function expectTheme(page: Page, theme: ThemeId): Promise<void> {
  await expect
    .poll(async () => {
      const background = await page.evaluate(
        () => getComputedStyle(document.body).backgroundColor,
      );
      return luminanceOf(background) < 0.2 ? 'dark' : 'light';
    })
    .toBe(theme);
}

/** One line per violation: rule, impact, how many nodes, and their selectors. */
export function describeViolations(violations: Result[]): string {
  return violations
    .map(violation => {
      const targets = violation.nodes.map(
        node => `${node.target.join(' ')}  ${node.html.slice(0, 120)}`,
      );
      const shown = targets.slice(0, 8).map(target => `    - ${target}`);
      if (targets.length > shown.length) {
        shown.push(`    … and ${targets.length - shown.length} more`);
      }
      return [
        `${violation.id} (${violation.impact}, ${violation.nodes.length} node${
          violation.nodes.length === 1 ? '' : 's'
        }): ${violation.help}`,
        `  ${violation.helpUrl}`,
        ...shown,
      ].join('\n');
    })
    .join('\n');
}

/** Runs axe over the page as it is now and returns the serious and critical violations. */
export async function blockingViolations(page: Page): Promise<Result[]> {
  let builder = new AxeBuilder({ page }).withTags(wcag21AaTags);
  for (const selector of backstageShell) builder = builder.exclude(selector);
  const results = await builder.analyze();
  return results.violations.filter(violation =>
    blockingImpacts.includes(violation.impact),
  );
}

/**
 * Fails the test with every serious or critical violation, readably, if the page has any; the
 * journey goes on, so one run reports every view it reaches.
 */
export async function expectNoBlockingViolations(
  page: Page,
  pageName: string,
): Promise<void> {
  const violations = await blockingViolations(page);
  expect
    .soft(
      violations.map(
        violation =>
          `${violation.id} (${violation.impact}) on ${violation.nodes.length} node(s)`,
      ),
      `${pageName}: ${
        violations.length
      } serious or critical accessibility violation(s)\n${describeViolations(
        violations,
      )}`,
    )
    .toEqual([]);
}
