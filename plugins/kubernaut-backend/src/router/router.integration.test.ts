import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  KUBERNAUT_APPROVAL_RESOURCE_TYPE,
  KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
  kubernautApprovalDecidePermission,
  type RemediationSummary,
} from '@kubernaut/plugin-kubernaut-common';
import type { Server } from 'node:http';
import request from 'supertest';
import { eventually } from '../testUtils/eventually';
import { startKubernautTestBackend } from '../testUtils/kubernautTestBackend';
import type { SandboxProcess } from '../testUtils/sandboxProcess';

jest.setTimeout(90_000);

const auth = { Authorization: mockCredentials.user.header() };

/** Every row a query matches, page by page. */
async function everyRow(server: Server, query: Record<string, string>) {
  const rows: RemediationSummary[] = [];
  let cursor: string | undefined;
  do {
    const { body } = await request(server)
      .get('/api/kubernaut/remediations')
      .query({ ...query, limit: 500, ...(cursor ? { cursor } : {}) })
      .set(auth)
      .expect(200);
    rows.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return rows;
}

async function allConnected(server: Server) {
  await eventually('every cluster connected', async () => {
    const { body } = await request(server)
      .get('/api/kubernaut/clusters')
      .set(auth);
    return body.items.every((c: { status: string }) => c.status === 'connected')
      ? true
      : undefined;
  });
}

describe('kubernaut backend read path against the sandbox', () => {
  let sandbox: SandboxProcess;
  let server: Server;
  let stopBackend: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({
      sandbox,
      server,
      stop: stopBackend,
    } = await startKubernautTestBackend({
      sandbox: [
        '--clusters',
        'it-a:production:v1.6,it-b:staging:v1.5',
        '--speed',
        '20',
        '--seed',
        '5',
      ],
    }));
  });

  afterAll(() => stopBackend?.());

  it('reports both clusters with their status layouts', async () => {
    const { body } = await request(server)
      .get('/api/kubernaut/clusters')
      .set(auth)
      .expect(200);
    expect(
      body.items.map(
        (c: {
          name: string;
          statusLayout: string;
          counts: { RemediationRequest: number };
        }) => [c.name, c.statusLayout, c.counts.RemediationRequest > 10],
      ),
    ).toEqual([
      ['it-a', 'v1.6', true],
      ['it-b', 'v1.5', true],
    ]);
  });

  it('pages through every remediation with the cursor, newest first, without duplicates', async () => {
    const seen: RemediationSummary[] = [];
    let cursor: string | undefined;
    let total = 0;
    do {
      const { body } = await request(server)
        .get('/api/kubernaut/remediations')
        .query({ limit: 7, ...(cursor ? { cursor } : {}) })
        .set(auth)
        .expect(200);
      seen.push(...body.items);
      total = body.totalCount;
      cursor = body.nextCursor;
    } while (cursor);
    const keys = seen.map(r => `${r.cluster}/${r.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(seen.length).toBeGreaterThanOrEqual(total - 2); // live remediations may start while paging
    const created = seen.map(r => r.createdAt);
    expect(created).toEqual([...created].sort().reverse());
  });

  it('filters with q= and explicit parameters, and sorts', async () => {
    const { body } = await request(server)
      .get('/api/kubernaut/remediations')
      .query({ q: 'failed in production', limit: 500 })
      .set(auth)
      .expect(200);
    expect(body.items.length).toBeGreaterThan(0);
    expect(
      body.items.every(
        (r: RemediationSummary) =>
          r.phase === 'Failed' && r.environment === 'production',
      ),
    ).toBe(true);

    const bySeverity = await request(server)
      .get('/api/kubernaut/remediations')
      .query({
        sort: 'severity',
        direction: 'asc',
        cluster: 'it-b',
        limit: 500,
      })
      .set(auth)
      .expect(200);
    const ranks = bySeverity.body.items.map((r: RemediationSummary) =>
      ['critical', 'high', 'warning', 'info', 'unknown'].indexOf(r.severity),
    );
    expect(ranks).toEqual([...ranks].sort((a: number, b: number) => a - b));
    expect(
      bySeverity.body.items.every(
        (r: RemediationSummary) => r.cluster === 'it-b',
      ),
    ).toBe(true);
  });

  it('refuses bad input with Backstage error bodies', async () => {
    const cases: Array<[string, number]> = [
      ['/api/kubernaut/remediations?limit=0', 400],
      ['/api/kubernaut/remediations?limit=501', 400],
      ['/api/kubernaut/remediations?cursor=not-a-cursor', 400],
      [`/api/kubernaut/remediations?q=${'x'.repeat(501)}`, 400],
      ['/api/kubernaut/remediations?phase=Exploded', 400],
      ['/api/kubernaut/remediations?cluster=nope', 404],
      ['/api/kubernaut/remediations?sneaky=1', 400],
      ['/api/kubernaut/clusters/nope/remediations/rr-x', 404],
      ['/api/kubernaut/clusters/it-a/remediations/rr-missing', 404],
      ['/api/kubernaut/clusters/it-a/remediations/Bad..Name', 400],
      ['/api/kubernaut/fleet/summary?window=1y', 400],
      ['/api/kubernaut/workflows/it-a/no-such-workflow', 404],
      ['/api/kubernaut/approvals?state=maybe', 400],
      ['/api/kubernaut/workloads?cluster=nope', 404],
      ['/api/kubernaut/workloads?cluster=Not_A_Cluster', 400],
      ['/api/kubernaut/workloads?limit=5', 400],
    ];
    for (const [url, status] of cases) {
      const response = await request(server).get(url).set(auth);
      expect([url, response.status]).toEqual([url, status]);
      expect(response.body.error).toEqual(
        expect.objectContaining({
          name: expect.any(String),
          message: expect.any(String),
        }),
      );
    }
    const other = await request(server)
      .get('/api/kubernaut/remediations')
      .query({ limit: 2 })
      .set(auth);
    const wrongQuery = await request(server)
      .get('/api/kubernaut/remediations')
      .query({ limit: 2, q: 'critical', cursor: other.body.nextCursor })
      .set(auth);
    expect(wrongQuery.status).toBe(400);
    const anonymous = await request(server)
      .get('/api/kubernaut/remediations')
      .set('Authorization', mockCredentials.none.header());
    expect(anonymous.status).toBe(401);
  });

  it('applies exclusions: "critical except staging", "non-critical except it-b"', async () => {
    const { body: understood } = await request(server)
      .get('/api/kubernaut/query/parse')
      .query({ q: 'critical except staging' })
      .set(auth)
      .expect(200);
    expect(understood.filter).toEqual({
      severities: ['critical'],
      excludedEnvironments: ['staging'],
    });
    const critical = await everyRow(server, { q: 'critical' });
    expect(critical.some(r => r.environment === 'staging')).toBe(true);
    const rows = await everyRow(server, { q: 'critical except staging' });
    expect(rows.length).toBeGreaterThan(0);
    expect(
      rows.every(r => r.severity === 'critical' && r.environment !== 'staging'),
    ).toBe(true);

    const others = await everyRow(server, { q: 'non-critical except it-b' });
    expect(others.length).toBeGreaterThan(0);
    expect(
      others.every(r => r.severity !== 'critical' && r.cluster !== 'it-b'),
    ).toBe(true);
    // The count agrees with the rows.
    const { body: page } = await request(server)
      .get('/api/kubernaut/remediations')
      .query({ q: 'critical except staging', limit: 1 })
      .set(auth)
      .expect(200);
    expect(page.totalCount).toBeGreaterThanOrEqual(rows.length - 2);
    expect(page.totalCount).toBeLessThanOrEqual(rows.length + 2);
  });

  it('filters by how approvals were decided and by workload kind', async () => {
    const decided = await everyRow(server, {
      q: 'rejected or expired approvals',
    });
    expect(decided.length).toBeGreaterThan(0);
    expect(
      decided.every(
        r =>
          r.approvalDecision === 'Rejected' || r.approvalDecision === 'Expired',
      ),
    ).toBe(true);
    // The row's decision is its approval request's.
    const { body: detail } = await request(server)
      .get(
        `/api/kubernaut/clusters/${decided[0].cluster}/remediations/${decided[0].name}`,
      )
      .set(auth)
      .expect(200);
    expect(detail.approvalRequest.decision).toBe(decided[0].approvalDecision);
    const approved = await everyRow(server, { q: 'approved' });
    expect(approved.every(r => r.approvalDecision === 'Approved')).toBe(true);

    const statefulSets = await everyRow(server, { q: 'statefulsets' });
    expect(statefulSets.length).toBeGreaterThan(0);
    expect(
      statefulSets.every(
        r =>
          r.target.kind === 'StatefulSet' ||
          r.rcaTarget?.kind === 'StatefulSet',
      ),
    ).toBe(true);
  });

  it('bounds lists and the fleet summary by a range with both ends', async () => {
    const q = 'last 6 hours until 2 hours ago';
    const rows = await everyRow(server, { q });
    const { body: summary } = await request(server)
      .get('/api/kubernaut/fleet/summary')
      .query({ q })
      .set(auth)
      .expect(200);
    const since = Date.parse(summary.window.since);
    const until = Date.parse(summary.window.until);
    expect(until - since).toBe(4 * 3_600_000);
    expect(Math.abs(until - (Date.now() - 2 * 3_600_000))).toBeLessThan(
      120_000,
    );
    expect(summary.historySource).toBe('cache');
    expect(summary.trend[0].start).toBe(summary.window.since);
    expect(rows.length).toBeGreaterThan(0);
    // Created within the range: the parser's range is the list's (within the minute it is memoised).
    expect(
      rows.every(
        r =>
          Date.parse(r.createdAt) >= since - 60_000 &&
          Date.parse(r.createdAt) < until + 60_000,
      ),
    ).toBe(true);
    // Ended within the window: what the KPIs count. A past window no longer changes.
    const all = await everyRow(server, {});
    const endedIn = (r: RemediationSummary) =>
      r.completedAt !== undefined &&
      Date.parse(r.completedAt) >= since &&
      Date.parse(r.completedAt) < until &&
      ['Completed', 'Failed', 'TimedOut', 'Skipped', 'Cancelled'].includes(
        r.phase,
      );
    const resolved = all.filter(r => endedIn(r) && r.phase === 'Completed');
    const failed = all.filter(r => endedIn(r) && r.phase !== 'Completed');
    expect(resolved.length).toBeGreaterThan(0);
    expect(summary.fleet.resolved).toBe(resolved.length);
    expect(summary.fleet.failed).toBe(failed.length);
    const sum = (key: 'resolved' | 'failed') =>
      summary.trend.reduce(
        (n: number, b: Record<string, number>) => n + b[key],
        0,
      );
    expect(sum('resolved')).toBe(resolved.length);
    expect(sum('failed')).toBe(failed.length);
  });

  it('lists the workloads the caches know, per cluster', async () => {
    const { body } = await request(server)
      .get('/api/kubernaut/workloads')
      .set(auth)
      .expect(200);
    expect(body.items.length).toBeGreaterThan(0);
    expect(
      new Set(body.items.map((w: { cluster: string }) => w.cluster)),
    ).toEqual(new Set(['it-a', 'it-b']));
    const { body: page } = await request(server)
      .get('/api/kubernaut/remediations')
      .query({ cluster: 'it-a', limit: 1 })
      .set(auth);
    const { target } = page.items[0] as RemediationSummary;
    expect(body.items).toContainEqual({ cluster: 'it-a', ...target });
    const { body: one } = await request(server)
      .get('/api/kubernaut/workloads')
      .query({ cluster: 'it-b' })
      .set(auth)
      .expect(200);
    expect(one.items.length).toBeGreaterThan(0);
    expect(
      one.items.every((w: { cluster: string }) => w.cluster === 'it-b'),
    ).toBe(true);
  });

  it('returns one remediation with its children in either status layout', async () => {
    for (const cluster of ['it-a', 'it-b']) {
      const { body: page } = await request(server)
        .get('/api/kubernaut/remediations')
        .query({ cluster, q: 'remediated', limit: 1 })
        .set(auth)
        .expect(200);
      const row = page.items[0] as RemediationSummary;
      const { body } = await request(server)
        .get(`/api/kubernaut/clusters/${cluster}/remediations/${row.name}`)
        .set(auth)
        .expect(200);
      expect(body).toEqual(
        expect.objectContaining({
          phase: 'Completed',
          outcome: 'Remediated',
          statusLayout: cluster === 'it-a' ? 'v1.6' : 'v1.5',
          signalProcessing: expect.objectContaining({ phase: 'Completed' }),
          analysis: expect.objectContaining({
            rootCause: expect.any(String),
            selectedWorkflow: expect.objectContaining({
              confidence: expect.any(Number),
            }),
          }),
          workflowExecution: expect.objectContaining({
            phase: 'Completed',
            workflow: expect.any(String),
          }),
          effectiveness: expect.objectContaining({ phase: 'Completed' }),
        }),
      );
      expect(body.notifications.length).toBeGreaterThan(0);
    }
  });

  it('reads the audit trail oldest first, in pages', async () => {
    const { body: page } = await request(server)
      .get('/api/kubernaut/remediations')
      .query({ cluster: 'it-a', q: 'remediated', limit: 1 })
      .set(auth);
    const name = page.items[0].name;
    const { body } = await request(server)
      .get(`/api/kubernaut/clusters/it-a/remediations/${name}/audit`)
      .query({ limit: 5 })
      .set(auth)
      .expect(200);
    expect(body.status).toBe('ok');
    expect(body.events).toHaveLength(5);
    expect(body.events[0].type).toBe('gateway.signal.received');
    expect(body.nextOffset).toBe(5);
    const times = body.events.map((e: { timestamp: string }) => e.timestamp);
    expect(times).toEqual([...times].sort());
  });

  it('summarises the fleet from the caches, and from Data Storage for longer windows', async () => {
    // The sandbox moves remediations on while the test reads; three reads agree only when no
    // approval was requested or decided between them, so read until they do.
    const read = async () => {
      const { body: day } = await request(server)
        .get('/api/kubernaut/fleet/summary')
        .set(auth)
        .expect(200);
      const { body: approvals } = await request(server)
        .get('/api/kubernaut/approvals')
        .set(auth)
        .expect(200);
      const { body: awaiting } = await request(server)
        .get('/api/kubernaut/remediations')
        .query({ q: 'waiting for approval', limit: 500 })
        .set(auth);
      return { day, approvals, awaiting };
    };
    const { day, approvals, awaiting } = await eventually(
      'summary, approvals and remediations read in one quiet moment',
      async () => {
        const reads = await read();
        const count = reads.awaiting.totalCount;
        return reads.approvals.items.length === count &&
          reads.day.fleet.awaitingApproval === count
          ? reads
          : undefined;
      },
    );
    expect(day.historySource).toBe('cache');
    // The window ends at now rounded up to the second, so that one second's askers share an answer.
    const until = Date.parse(day.window.until);
    expect(until % 1000).toBe(0);
    expect(Math.abs(until - Date.now())).toBeLessThan(30_000);
    expect(until - Date.parse(day.window.since)).toBe(24 * 3_600_000);
    expect(day.byCluster.map((c: { cluster: string }) => c.cluster)).toEqual([
      'it-a',
      'it-b',
    ]);
    expect(approvals.items.length).toBe(awaiting.totalCount);
    // Each request carries what identifies it to a person: its remediation's target and signal.
    for (const item of approvals.items) {
      const row = awaiting.items.find(
        (r: RemediationSummary) =>
          r.cluster === item.cluster && r.name === item.remediation,
      );
      expect(item.target).toEqual(row.target);
      expect(item.signalName).toBe(row.signalName);
    }
    expect(day.fleet.awaitingApproval).toBe(awaiting.totalCount);
    const { body: week } = await request(server)
      .get('/api/kubernaut/fleet/summary')
      .query({ window: '7d' })
      .set(auth)
      .expect(200);
    expect(week.historySource).toBe('cache+dataStorage');
    expect(week.fleet.resolved).toBeGreaterThan(day.fleet.resolved);

    // The trend slices the window and adds up to the window's figures.
    expect(day.trend).toHaveLength(24);
    const sum = (key: 'resolved' | 'failed') =>
      day.trend.reduce((n: number, b: Record<string, number>) => n + b[key], 0);
    expect(sum('resolved')).toBe(day.fleet.resolved);
    expect(sum('failed')).toBe(day.fleet.failed);
    expect(day.trend[0].start).toBe(day.window.since);
  });

  it('lists the remediations of a catalog entity by target pattern', async () => {
    const { body: all } = await request(server)
      .get('/api/kubernaut/remediations')
      .query({ limit: 1 })
      .set(auth)
      .expect(200);
    const { namespace, kind, name } = all.items[0].target;
    const { body } = await request(server)
      .get('/api/kubernaut/remediations')
      .query({
        target: [`${namespace}/${kind}/${name}`, 'other/none'],
        limit: 500,
      })
      .set(auth)
      .expect(200);
    expect(body.items.length).toBeGreaterThan(0);
    expect(
      body.items.every(
        (r: RemediationSummary) =>
          (r.target.name === name && r.target.namespace === namespace) ||
          r.rcaTarget?.name === name,
      ),
    ).toBe(true);
    await request(server)
      .get('/api/kubernaut/remediations')
      .query({ target: 'Not A Target' })
      .set(auth)
      .expect(400);
  });

  it('lists the workflow catalog with match counts and measured effectiveness', async () => {
    const { body } = await request(server)
      .get('/api/kubernaut/workflows')
      .query({ cluster: 'it-a' })
      .set(auth)
      .expect(200);
    expect(body.items.length).toBeGreaterThanOrEqual(15);
    expect(body.items[0].matchCount).toBeGreaterThan(0);
    expect(
      body.items.filter((w: { effectiveness?: unknown }) => w.effectiveness)
        .length,
    ).toBeGreaterThan(10);
    const { body: detail } = await request(server)
      .get(`/api/kubernaut/workflows/it-a/${body.items[0].name}`)
      .set(auth)
      .expect(200);
    expect(detail.history.length).toBeGreaterThan(0);
    expect(detail.recentRemediations.length).toBe(
      body.items[0].matchCount > 20 ? 20 : body.items[0].matchCount,
    );
  });

  it('keeps serving the other cluster and cached rows while one is down, then recovers', async () => {
    await sandbox.admin('/clusters/it-b/down', {});
    const degraded = await eventually('it-b to look unhealthy', async () => {
      const { body } = await request(server)
        .get('/api/kubernaut/clusters')
        .set(auth);
      const b = body.items.find((c: { name: string }) => c.name === 'it-b');
      return b.status !== 'connected' ? b : undefined;
    });
    expect(degraded).toEqual(
      expect.objectContaining({ stale: true, lastError: expect.any(String) }),
    );
    const { body } = await request(server)
      .get('/api/kubernaut/remediations')
      .query({ limit: 500 })
      .set(auth)
      .expect(200);
    expect(
      body.items.some((r: RemediationSummary) => r.cluster === 'it-a'),
    ).toBe(true);
    expect(
      body.items.some((r: RemediationSummary) => r.cluster === 'it-b'),
    ).toBe(true);
    const { body: page } = await request(server)
      .get('/api/kubernaut/remediations')
      .query({ cluster: 'it-b', limit: 1 })
      .set(auth);
    const { body: audit } = await request(server)
      .get(
        `/api/kubernaut/clusters/it-b/remediations/${page.items[0].name}/audit`,
      )
      .set(auth)
      .expect(200);
    expect(audit.status).toBe('unavailable');

    await sandbox.admin('/clusters/it-b/up', {});
    await allConnected(server);
  });

  it('relists after 410 Gone and keeps up with new remediations', async () => {
    await sandbox.admin('/clusters/it-a/compact', {});
    await sandbox.admin('/clusters/it-a/watches/drop', {});
    const { rrName } = await sandbox.admin('/clusters/it-a/scenarios', {
      scenario: 'storefront-crashloop',
      scriptedDecisions: false,
    });
    const cached = await eventually(
      'the new remediation in the cache',
      async () => {
        const { body } = await request(server)
          .get(`/api/kubernaut/clusters/it-a/remediations/${rrName}`)
          .set(auth);
        return body.name === rrName ? body : undefined;
      },
    );
    expect(cached.cluster).toBe('it-a');
    await allConnected(server);
  });

  it('counts a new remediation at once, though repeated counts are reused', async () => {
    const count = async () =>
      (
        await request(server)
          .get('/api/kubernaut/remediations?cluster=it-a&limit=1')
          .set(auth)
      ).body.totalCount as number;
    const before = await count();
    expect(await count()).toBeGreaterThanOrEqual(before);
    const { rrName } = await sandbox.admin('/clusters/it-a/scenarios', {
      scenario: 'storefront-crashloop',
      scriptedDecisions: false,
    });
    await eventually('the new remediation counted', async () => {
      const { body } = await request(server)
        .get(`/api/kubernaut/clusters/it-a/remediations/${rrName}`)
        .set(auth);
      return body.name === rrName && (await count()) > before
        ? true
        : undefined;
    });
  });

  it('pushes changes to /events as they happen', async () => {
    const address = server.address() as { port: number };
    const controller = new AbortController();
    const response = await fetch(
      `http://127.0.0.1:${address.port}/api/kubernaut/events`,
      { headers: auth, signal: controller.signal },
    );
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    await sandbox.admin('/clusters/it-a/scenarios', {
      scenario: 'checkout-oom',
      scriptedDecisions: false,
    });
    let text = '';
    while (!text.includes('event: changes')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain('event: clusters');
    expect(text).toMatch(
      /event: changes\ndata: \[.*"kind":"RemediationRequest"/,
    );
  });
});

describe('kubernaut backend read path with conditional permissions', () => {
  let sandbox: SandboxProcess;
  let server: Server;
  let stopBackend: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      authorizeConditional: async requests =>
        requests.map(() => ({
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'kubernaut',
          resourceType: KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
          conditions: {
            rule: 'IS_IN_CLUSTER',
            resourceType: KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
            params: { clusters: ['pb'] },
          },
        })),
    });
    ({
      sandbox,
      server,
      stop: stopBackend,
    } = await startKubernautTestBackend({
      sandbox: [
        '--clusters',
        'pa:production:v1.6,pb:staging:v1.6',
        '--speed',
        '5',
        '--seed',
        '9',
      ],
      features: [permissions.factory],
    }));
  });

  afterAll(() => stopBackend?.());

  it('shows only what the policy allows, in lists, counts, KPIs and details', async () => {
    const { body } = await request(server)
      .get('/api/kubernaut/remediations')
      .query({ limit: 500 })
      .set(auth)
      .expect(200);
    expect(body.items.length).toBeGreaterThan(0);
    expect(
      body.items.every((r: RemediationSummary) => r.cluster === 'pb'),
    ).toBe(true);
    expect(body.totalCount).toBe(body.items.length);

    const { body: summary } = await request(server)
      .get('/api/kubernaut/fleet/summary')
      .set(auth)
      .expect(200);
    const pa = summary.byCluster.find(
      (c: { cluster: string }) => c.cluster === 'pa',
    ).figures;
    expect(pa).toEqual(
      expect.objectContaining({
        activeInvestigations: 0,
        resolved: 0,
        failed: 0,
      }),
    );

    const { body: hidden } = await request(server)
      .get('/api/kubernaut/remediations')
      .query({ cluster: 'pa', limit: 1 })
      .set(auth);
    expect(hidden.items).toEqual([]);
    const { body: workloads } = await request(server)
      .get('/api/kubernaut/workloads')
      .set(auth)
      .expect(200);
    expect(workloads.items.length).toBeGreaterThan(0);
    expect(
      workloads.items.every((w: { cluster: string }) => w.cluster === 'pb'),
    ).toBe(true);
    const { body: hiddenWorkloads } = await request(server)
      .get('/api/kubernaut/workloads')
      .query({ cluster: 'pa' })
      .set(auth)
      .expect(200);
    expect(hiddenWorkloads.items).toEqual([]);

    const anyPa = (
      await sandbox.admin('/clusters/pa/scenarios', {
        scenario: 'payment-latency',
      })
    ).rrName;
    await eventually('the pa remediation to be cached', async () => {
      const response = await request(server)
        .get(`/api/kubernaut/clusters/pa/remediations/${anyPa}`)
        .set(auth);
      return response.status === 403 ? response : undefined;
    });
  });
});

describe('"waiting on me" with a conditional decide policy', () => {
  let sandbox: SandboxProcess;
  let server: Server;
  let stopBackend: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    // Everyone sees everything; approvals are theirs to decide only in db.
    const permissions = mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      authorizeConditional: async requests =>
        requests.map(({ permission }) =>
          permission.name === kubernautApprovalDecidePermission.name
            ? {
                result: AuthorizeResult.CONDITIONAL,
                pluginId: 'kubernaut',
                resourceType: KUBERNAUT_APPROVAL_RESOURCE_TYPE,
                conditions: {
                  rule: 'IS_IN_CLUSTER',
                  resourceType: KUBERNAUT_APPROVAL_RESOURCE_TYPE,
                  params: { clusters: ['db'] },
                },
              }
            : { result: AuthorizeResult.ALLOW },
        ),
    });
    ({
      sandbox,
      server,
      stop: stopBackend,
    } = await startKubernautTestBackend({
      sandbox: [
        '--clusters',
        'da:production:v1.6,db:production:v1.5',
        '--speed',
        '10',
        '--seed',
        '13',
      ],
      features: [permissions.factory],
    }));
  });

  afterAll(() => stopBackend?.());

  it('lists and counts only the pending approvals the caller may decide', async () => {
    const started = await Promise.all(
      ['da', 'db'].map(
        async cluster =>
          [
            cluster,
            (
              await sandbox.admin(`/clusters/${cluster}/scenarios`, {
                scenario: 'payment-latency',
                scriptedDecisions: false,
              })
            ).rrName as string,
          ] as const,
      ),
    );
    const pending = await eventually('both approvals pending', async () => {
      const rows = await everyRow(server, { q: 'waiting for approval' });
      return started.every(([cluster, name]) =>
        rows.some(r => r.cluster === cluster && r.name === name),
      )
        ? rows
        : undefined;
    });
    expect(new Set(pending.map(r => r.cluster))).toEqual(new Set(['da', 'db']));

    // Read in one quiet moment: approvals come and go while the sandbox runs.
    const { mine, summary } = await eventually(
      'list and summary agree',
      async () => {
        const rows = await everyRow(server, { q: 'waiting on me' });
        const { body } = await request(server)
          .get('/api/kubernaut/fleet/summary')
          .query({ q: 'waiting on me' })
          .set(auth)
          .expect(200);
        return body.fleet.awaitingApproval === rows.length
          ? { mine: rows, summary: body }
          : undefined;
      },
    );
    expect(mine.length).toBeGreaterThan(0);
    expect(
      mine.every(r => r.cluster === 'db' && r.approval !== undefined),
    ).toBe(true);
    expect(mine.map(r => r.name)).toContain(started[1][1]);
    expect(
      summary.byCluster.find((c: { cluster: string }) => c.cluster === 'da')
        .figures.awaitingApproval,
    ).toBe(0);
  });
});
