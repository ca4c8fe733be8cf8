import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import { HOSTILE_MARKUP } from '../packages/kubernaut-sandbox/src/scenario/scenarios';
import { recordHardening, type HardeningCase } from './hardeningReport';
import { decisionCluster, sandboxAdminUrl } from './sandboxAdmin';
import { signInAsGuest } from './signIn';

const H = HOSTILE_MARKUP;
const cluster = decisionCluster;
const kubeconfig = () =>
  readFileSync(join(__dirname, '../.sandbox/kubeconfig'), 'utf8');

test.describe.configure({ timeout: 240_000 });

/** Starts the sandbox's `hostile-markup` remediation: every text of it carries markup. */
async function startHostileRemediation(interactive = false): Promise<string> {
  const response = await fetch(
    `${sandboxAdminUrl}/clusters/${cluster}/scenarios`,
    {
      method: 'POST',
      body: JSON.stringify({
        scenario: 'hostile-markup',
        scriptedDecisions: false,
        interactive,
      }),
    },
  );
  expect(response.ok).toBe(true);
  return ((await response.json()) as { rrName: string }).rrName;
}

/** A request to the sandbox's Kube API as its admin (the token ./run.sh writes to .sandbox/kubeconfig). */
function kubeAdmin(
  method: string,
  path: string,
  body: object,
  contentType = 'application/json',
) {
  const config = kubeconfig();
  const server = new RegExp(
    `name: ${cluster}\\s+cluster:\\s+server: (\\S+)`,
  ).exec(config)![1];
  const ca = /certificate-authority-data: (\S+)/.exec(config)![1];
  const token = new RegExp(
    `name: ${cluster}-kubernetes-admin\\s+user:\\s+token: (\\S+)`,
  ).exec(config)![1];
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpsRequest(
      new URL(path, server),
      {
        method,
        ca: Buffer.from(ca, 'base64'),
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': contentType,
        },
      },
      res => {
        let text = '';
        res.on('data', chunk => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** A RemediationWorkflow whose texts are markup, created through the Kube API and registered. */
async function createHostileWorkflow(): Promise<string> {
  const name = `markup-probe-${randomUUID().slice(0, 8)}`;
  const base =
    '/apis/kubernaut.ai/v1alpha1/namespaces/kubernaut-system/remediationworkflows';
  const created = await kubeAdmin('POST', base, {
    apiVersion: 'kubernaut.ai/v1alpha1',
    kind: 'RemediationWorkflow',
    metadata: { name, namespace: 'kubernaut-system' },
    spec: {
      version: '1.0.0',
      actionType: 'GracefulRestart',
      description: {
        what: `Restart ${H.img}`,
        whenToUse: H.script,
        whenNotToUse: H.link,
      },
      labels: {
        severity: ['critical'],
        environment: ['*'],
        component: ['apps/v1/Deployment'],
        priority: '*',
      },
      execution: {
        engine: 'job',
        bundle: 'quay.io/kubernaut/markup-probe:1.0.0',
        serviceAccountName: `${name}-runner`,
      },
      parameters: [
        {
          name: 'TARGET_NAMESPACE',
          type: 'string',
          required: true,
          description: H.svg,
        },
      ],
      maintainers: [{ name: H.iframe, email: 'sre@kubernaut.example' }],
    },
  });
  expect([created.status, created.body]).toEqual([201, expect.any(String)]);
  const registered = await kubeAdmin(
    'PATCH',
    `${base}/${name}/status`,
    {
      status: {
        workflowId: randomUUID(),
        catalogStatus: 'Active',
        registeredBy: H.style,
        registeredAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
    },
    'application/merge-patch+json',
  );
  expect([registered.status, registered.body]).toEqual([
    200,
    expect.any(String),
  ]);
  return name;
}

/** Watches a page for what hostile markup would do if it ran: dialogs and window.__pwned. */
function guard(page: Page) {
  const dialogs: string[] = [];
  page.on('dialog', dialog => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => undefined);
  });
  return dialogs;
}

/** What of the markup became HTML or ran on the page, as a list of findings (empty: it held). */
async function markupEffects(page: Page, dialogs: string[]): Promise<string[]> {
  const found = await page.evaluate(() => {
    const hits: string[] = [];
    if ((window as { __pwned?: unknown }).__pwned !== undefined)
      hits.push('window.__pwned is set');
    for (const el of Array.from(document.querySelectorAll('*'))) {
      const tag = el.tagName.toLowerCase();
      for (const attr of Array.from(el.attributes))
        if (attr.value.includes('__pwned'))
          hits.push(`<${tag} ${attr.name}="${attr.value}">`);
      if (
        ['script', 'style'].includes(tag) &&
        (el.textContent ?? '').includes('__pwned')
      )
        hits.push(`<${tag}> with the injected text`);
      if (tag === 'img' && el.getAttribute('src') === 'x')
        hits.push('<img src=x>');
      /* eslint-disable no-script-url -- finds an injected link, makes none */
      if (tag === 'a' && /^\s*javascript:/i.test(el.getAttribute('href') ?? ''))
        hits.push('javascript: link');
      /* eslint-enable no-script-url */
    }
    if (getComputedStyle(document.body).visibility === 'hidden')
      hits.push('body hidden by injected style');
    return hits;
  });
  return [...found, ...dialogs.map(d => `dialog ${d}`)];
}

/** Waits for each literal to show as text on the page, then records whether any markup took effect. */
async function expectShownAsText(
  page: Page,
  where: string,
  literals: string[],
  dialogs: string[],
  cases: HardeningCase[],
) {
  for (const literal of literals)
    await expect
      .poll(
        async () => {
          const text = await page.locator('body').innerText();
          // The dev backend restarts when its sources change; a page that lost it loads again.
          if (!text.includes(literal) && /^Error: |Request failed/m.test(text))
            await page.reload();
          return text;
        },
        { timeout: 90_000, intervals: [1_000, 2_000, 5_000] },
      )
      .toContain(literal);
  const effects = await markupEffects(page, dialogs);
  cases.push({
    tried: `markup in ${where}`,
    held: effects.length === 0,
    observed: effects.length
      ? effects.join('; ')
      : `shown as text (${literals.length} payloads checked), nothing ran`,
  });
  expect(effects).toEqual([]);
}

test('the checks see markup that does render as HTML', async ({ page }) => {
  const dialogs = guard(page);
  // The payloads as a page that trusted them would render them: every check must fire.
  await page.setContent(
    `<body>${Object.values(H).join(
      '',
    )}<a href="javascript:void 0">x</a></body>`,
  );
  await page.evaluate(() => new Promise(resolve => setTimeout(resolve, 500)));
  const effects = await markupEffects(page, dialogs);
  expect(effects).toEqual(
    expect.arrayContaining([
      'window.__pwned is set',
      '<img src=x>',
      '<script> with the injected text',
      '<style> with the injected text',
      'body hidden by injected style',
      // eslint-disable-next-line no-script-url -- the name of what was found
      'javascript: link',
    ]),
  );
  expect(effects.some(e => e.startsWith('<iframe'))).toBe(true);
  expect(effects.some(e => e.startsWith('<svg onload'))).toBe(true);
});

test('markup in custom resources shows as text on every page, and nothing runs', async ({
  page,
}) => {
  const cases: HardeningCase[] = [];
  const dialogs = guard(page);
  try {
    const rrName = await startHostileRemediation();
    const workflow = await createHostileWorkflow();
    const detail = `/kubernaut/clusters/${cluster}/remediations/${rrName}`;
    await signInAsGuest(page, `${detail}?tab=details`);
    await expectShownAsText(
      page,
      'RR signal name (header, details tab)',
      [`HostileMarkup${H.img}`],
      dialogs,
      cases,
    );

    await page.goto(`${detail}?tab=approval`);
    await expectShownAsText(
      page,
      'RAR reason and AIAnalysis RCA summary, workflow rationale (approval tab)',
      [
        'renders an unescaped template and panics',
        H.img,
        'Restart markup-probe',
        H.svg,
      ],
      dialogs,
      cases,
    );

    await page.goto(`${detail}?tab=investigation`);
    await expectShownAsText(
      page,
      'RCA card (investigation tab)',
      ['renders an unescaped template and panics'],
      dialogs,
      cases,
    );

    await page.goto(`${detail}?tab=audit`);
    await expectShownAsText(page, 'audit trail', [H.img], dialogs, cases);

    await page.goto('/kubernaut/approvals');
    await expectShownAsText(page, 'approvals inbox', [H.img], dialogs, cases);

    await page.goto(`/kubernaut?q=${encodeURIComponent('markup-probe')}`);
    await expectShownAsText(
      page,
      'fleet remediations table',
      [`HostileMarkup${H.img}`],
      dialogs,
      cases,
    );

    // The drawer a catalog row opens, by its link (the catalog table is paged).
    await page.goto(
      `/kubernaut/workflows?workflow=${encodeURIComponent(
        `${cluster}/${workflow}`,
      )}`,
    );
    await expectShownAsText(
      page,
      'workflow drawer (name, descriptions, parameters, maintainer)',
      [workflow, `Restart ${H.img}`, H.script],
      dialogs,
      cases,
    );
  } finally {
    recordHardening('markup', cases);
  }
});

test('markup in the agent’s transcript shows as text, and nothing runs', async ({
  page,
}) => {
  const cases: HardeningCase[] = [];
  const dialogs = guard(page);
  try {
    await signInAsGuest(page, '/kubernaut/investigate');
    const question = page.getByRole('textbox', { name: 'What is happening?' });
    await expect(question).toBeVisible();
    // The agent streams only what happens after a person joins (upstream has no replay): ask about
    // the remediation the moment it starts, before its investigation (about 3 s later) begins.
    const rrName = await startHostileRemediation(true);
    await question.fill(`What is happening with ${rrName} in ${cluster}?`);
    await page.getByRole('button', { name: 'Investigate' }).click();
    await expect(page).toHaveURL(/\/kubernaut\/investigations\//);
    const transcript = page.getByRole('log', {
      name: 'Investigation transcript',
    });
    await expect(
      transcript.getByRole('button', { name: /^Run workflow / }).first(),
    ).toBeVisible({ timeout: 90_000 });
    await expectShownAsText(
      page,
      'agent transcript: streamed reasoning, root cause analysis and offered workflows',
      [
        'The log quotes markup:',
        'renders an unescaped template and panics',
        `template v7 of markup-probe ${H.iframe}`,
        `Restart markup-probe ${H.svg}`,
      ],
      dialogs,
      cases,
    );

    await page
      .getByRole('textbox', { name: 'Follow-up question' })
      .fill('why did it crash?');
    await page.getByRole('button', { name: 'Ask', exact: true }).click();
    await expectShownAsText(
      page,
      'agent answer to a follow-up',
      [`The template ${H.iframe}`],
      dialogs,
      cases,
    );
  } finally {
    recordHardening('markup', cases);
  }
});

/** Every credential of the running stack the browser must never see: the sandbox's tokens. */
function stackSecrets(): string[] {
  return [...kubeconfig().matchAll(/token: (\S+)/g)].map(m => m[1]);
}

test('no credential of the stack reaches a page, its config or a response', async ({
  page,
}) => {
  const secrets = stackSecrets();
  expect(secrets.length).toBeGreaterThan(3);
  const leaks: string[] = [];
  let scanned = 0;
  const scan = (where: string, text: string) => {
    scanned++;
    for (const secret of secrets)
      if (text.includes(secret))
        leaks.push(`${where} contains ${secret.slice(0, 12)}…`);
  };
  const pending: Array<Promise<void>> = [];
  page.on('response', response => {
    // Event streams never end; the backend suite reads their first events.
    if (
      (response.headers()['content-type'] ?? '').includes('text/event-stream')
    )
      return;
    pending.push(
      Promise.race([
        response
          .text()
          .then(text =>
            scan(`${response.request().method()} ${response.url()}`, text),
          ),
        new Promise<void>(resolve => setTimeout(resolve, 10_000)),
      ]).catch(() => undefined),
    );
  });
  const rrName = await startHostileRemediation();
  await signInAsGuest(page, '/kubernaut');
  for (const path of [
    '/kubernaut',
    '/kubernaut/approvals',
    '/kubernaut/workflows',
    '/kubernaut/investigations',
    `/kubernaut/clusters/${cluster}/remediations/${rrName}?tab=details`,
    `/kubernaut/clusters/${cluster}/remediations/${rrName}?tab=audit`,
  ]) {
    await page.goto(path);
    await expect(page.getByRole('main')).toBeVisible();
    await page.waitForTimeout(3_000);
    // The app may still be replacing the URL (sign-in, tab defaults): read once it settled.
    await expect
      .poll(() =>
        page
          .content()
          .then(html => scan(`HTML of ${path}`, html))
          .then(
            () => true,
            () => false,
          ),
      )
      .toBe(true);
    // What the app's JavaScript can read of its configuration (Backstage's frontend config).
    scan(
      `frontend config on ${path}`,
      await page.evaluate(
        () =>
          JSON.stringify(
            Array.from(
              document.querySelectorAll('script[type="backstage.io/config"]'),
            ).map(s => s.textContent),
          ) +
          JSON.stringify(
            (window as { __APP_CONFIG__?: unknown }).__APP_CONFIG__ ?? null,
          ),
      ),
    );
  }
  await Promise.all(pending);
  recordHardening('secrets', [
    {
      tried: `${secrets.length} sandbox tokens against pages, frontend config and every response in Chromium`,
      held: leaks.length === 0,
      observed: leaks.length
        ? leaks.join('; ')
        : `${scanned} documents and responses scanned, none found`,
    },
  ]);
  expect(leaks).toEqual([]);
  expect(scanned).toBeGreaterThan(20);
});
