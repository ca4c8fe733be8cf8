import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ClusterHealth,
  RemediationSummary,
} from '@kubernaut/plugin-kubernaut-common';
import type { DataStorageEvent } from '../clients/DataStorageClient';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import { RemediationRows } from '../cluster/RemediationRows';
import { seededRandom } from '../testUtils/seededRandom';
import {
  endedFromEvent,
  FleetService,
  isRemediationEnding,
} from './FleetService';

/**
 * Fleet history reads the orchestrator's terminal events as upstream writes them
 * (`pkg/remediationorchestrator/audit/manager.go`; shapes as in a live v1.5 capture).
 */
function lifecycleCompleted(
  overrides: Partial<DataStorageEvent> & {
    event_data: Record<string, unknown>;
  },
): DataStorageEvent {
  return {
    event_id: 'e-1',
    event_type: 'orchestrator.lifecycle.completed',
    event_category: 'orchestration',
    event_action: 'completed',
    event_outcome: 'success',
    event_timestamp: '2026-11-20T10:00:00Z',
    actor_type: 'service',
    actor_id: 'remediationorchestrator-controller',
    correlation_id: 'rr-a46194c375c3-e7161c3e',
    ...overrides,
  };
}

describe('fleet history from Data Storage', () => {
  it('reads a success: outcome Success, the CRD outcome from crd_outcome, duration_ms', () => {
    const ended = endedFromEvent(
      lifecycleCompleted({
        duration_ms: 1221457,
        event_data: {
          outcome: 'Success',
          crd_outcome: 'Remediated',
          duration_ms: 1221457,
        },
      }),
    );
    expect(ended).toMatchObject({
      failed: false,
      outcome: 'Remediated',
      seconds: 1221.457,
    });
  });

  it('counts lifecycle.completed with event_outcome failure as a failure, not a success', () => {
    const ended = endedFromEvent(
      lifecycleCompleted({
        event_outcome: 'failure',
        event_data: {
          outcome: 'Failed',
          duration_ms: 4200,
          failure_phase: 'WorkflowExecution',
        },
      }),
    );
    expect(ended).toMatchObject({ failed: true, seconds: 4.2 });
    expect(ended.outcome).toBeUndefined();
  });

  it('counts a timeout (failure, no outcome in event_data) as a failure', () => {
    const ended = endedFromEvent(
      lifecycleCompleted({
        event_outcome: 'failure',
        event_data: { duration_ms: 3_600_000, failure_phase: 'AIAnalysis' },
      }),
    );
    expect(ended.failed).toBe(true);
  });

  it('skips the retention_cleanup event written when an RR is deleted', () => {
    const cleanup = lifecycleCompleted({
      event_action: 'retention_cleanup',
      event_data: { duration_ms: 10 },
    });
    expect(isRemediationEnding(cleanup)).toBe(false);
    expect(
      isRemediationEnding(
        lifecycleCompleted({ event_data: { outcome: 'Success' } }),
      ),
    ).toBe(true);
  });
});

describe('fleet summary over a window and a filter', () => {
  function connection(name: string, rows: RemediationSummary[]) {
    return {
      name,
      rowsVersion: 1,
      remediationRows: () => rows,
      health: () => ({ name } as ClusterHealth),
    };
  }
  const ended = (
    cluster: string,
    name: string,
    completedAt: string,
    fields: Partial<RemediationSummary> = {},
  ): RemediationSummary => ({
    cluster,
    name,
    namespace: 'kubernaut-system',
    phase: 'Completed',
    outcome: 'Remediated',
    severity: 'critical',
    environment: cluster === 'staging' ? 'staging' : 'production',
    signalName: 'KubePodCrashLooping',
    target: { kind: 'Deployment', name: 'checkout', namespace: 'shop' },
    createdAt: new Date(Date.parse(completedAt) - 60_000).toISOString(),
    completedAt,
    ...fields,
  });
  const hoursAgo = (h: number) =>
    new Date(Date.now() - h * 3_600_000).toISOString();
  const pending = (cluster: string, name: string): RemediationSummary => ({
    ...ended(cluster, name, hoursAgo(1)),
    phase: 'AwaitingApproval',
    outcome: undefined,
    completedAt: undefined,
    approval: { name: `rar-${name}` },
  });
  const clusters = [
    connection('prod', [
      ended('prod', 'rr-1h', hoursAgo(1)),
      ended('prod', 'rr-5h', hoursAgo(5)),
      ended('prod', 'rr-9h', hoursAgo(9), { phase: 'Failed' }),
      pending('prod', 'rr-pending-prod'),
    ]),
    connection('staging', [
      ended('staging', 'rr-staging-5h', hoursAgo(5)),
      pending('staging', 'rr-pending-staging'),
    ]),
  ];
  const registry = {
    all: () => clusters,
    select: (names?: string[]) =>
      names?.length ? clusters.filter(c => names.includes(c.name)) : clusters,
    dataStorageFor: () => undefined,
  } as unknown as ClusterRegistry;
  const logger = { warn: jest.fn() } as unknown as LoggerService;
  const allowAll = Object.assign(() => true, { key: 'allow' });

  it('counts endings between since and until, and the trend spans that window', async () => {
    const fleet = new FleetService(registry, logger);
    const since = new Date(hoursAgo(8));
    const until = new Date(hoursAgo(2));
    const summary = await fleet.summary({
      filter: {},
      params: {},
      since,
      until,
      allowed: allowAll,
    });
    expect(summary.window).toEqual({
      since: since.toISOString(),
      until: until.toISOString(),
    });
    expect(summary.fleet).toMatchObject({ resolved: 2, failed: 0 });
    expect(summary.trend[0].start).toBe(since.toISOString());
    expect(summary.trend.reduce((n, b) => n + b.resolved + b.failed, 0)).toBe(
      2,
    );
  });

  it("breaks the trend down by cluster over the fleet trend's slices", async () => {
    const fleet = new FleetService(registry, logger);
    const since = new Date(hoursAgo(24));
    const summary = await fleet.summary({
      filter: {},
      params: {},
      since,
      until: new Date(),
      allowed: allowAll,
    });
    const trendOf = (cluster: string) =>
      summary.byCluster.find(c => c.cluster === cluster)!.trend!;
    const total = (trend: Array<{ resolved: number; failed: number }>) =>
      trend.reduce(
        (n, b) => ({
          resolved: n.resolved + b.resolved,
          failed: n.failed + b.failed,
        }),
        { resolved: 0, failed: 0 },
      );
    expect(total(trendOf('prod'))).toEqual({ resolved: 2, failed: 1 });
    expect(total(trendOf('staging'))).toEqual({ resolved: 1, failed: 0 });
    // Every slice of the fleet trend is the sum of the clusters' slices, starting at the same time.
    summary.trend.forEach((bucket, i) => {
      expect(trendOf('prod')[i].start).toBe(bucket.start);
      expect(trendOf('staging')[i].start).toBe(bucket.start);
      expect(trendOf('prod')[i].resolved + trendOf('staging')[i].resolved).toBe(
        bucket.resolved,
      );
      expect(trendOf('prod')[i].failed + trendOf('staging')[i].failed).toBe(
        bucket.failed,
      );
    });
  });

  it('leaves out a cluster whose rows cannot be read, keeping the others and its health', async () => {
    let broken = true;
    const flaky = {
      ...connection('flaky', [ended('flaky', 'rr-flaky', hoursAgo(2))]),
      remediationRows: () => {
        if (broken) throw new Error('cache torn down');
        return [ended('flaky', 'rr-flaky', hoursAgo(2))];
      },
    };
    const withFlaky = [...clusters, flaky];
    const warn = jest.fn();
    const fleet = new FleetService(
      {
        all: () => withFlaky,
        select: () => withFlaky,
        dataStorageFor: () => undefined,
      } as unknown as ClusterRegistry,
      { warn } as unknown as LoggerService,
    );
    const ask = () =>
      fleet.summary({
        filter: {},
        params: {},
        since: new Date(hoursAgo(24)),
        until: new Date(),
        allowed: allowAll,
      });
    const summary = await ask();
    expect(summary.byCluster.map(c => c.cluster)).toEqual(['prod', 'staging']);
    expect(summary.fleet).toMatchObject({ resolved: 3, failed: 1 });
    expect(summary.clusters.map(c => c.name)).toEqual([
      'flaky',
      'prod',
      'staging',
    ]);
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('flaky: figures unavailable'),
    );
    // Figures missing a cluster are not kept: once it reads again, it counts.
    broken = false;
    const recovered = await ask();
    expect(recovered.byCluster.map(c => c.cluster)).toEqual([
      'flaky',
      'prod',
      'staging',
    ]);
    expect(recovered.fleet.resolved).toBe(4);
  });

  it('leaves excluded clusters out of the figures', async () => {
    const fleet = new FleetService(registry, logger);
    const summary = await fleet.summary({
      filter: { excludedClusters: ['staging'] },
      params: {},
      since: new Date(hoursAgo(24)),
      until: new Date(),
      allowed: allowAll,
    });
    const staging = summary.byCluster.find(c => c.cluster === 'staging');
    expect(staging?.figures).toMatchObject({
      resolved: 0,
      awaitingApproval: 0,
    });
    expect(summary.fleet).toMatchObject({
      resolved: 2,
      failed: 1,
      awaitingApproval: 1,
    });
  });

  it('counts only the approvals the caller may decide for "waiting on me", per decision', async () => {
    const fleet = new FleetService(registry, logger);
    const decidable = (cluster: string) =>
      Object.assign((r: RemediationSummary) => r.cluster === cluster, {
        key: cluster,
      });
    const waiting = (cluster: string) =>
      fleet.summary({
        filter: { awaitingApproval: true, decidableByMe: true },
        params: { decidable: decidable(cluster) },
        since: new Date(hoursAgo(24)),
        until: new Date(),
        allowed: allowAll,
      });
    // The same filter and visibility with another decision is not answered from the cache.
    expect((await waiting('staging')).byCluster).toEqual([
      expect.objectContaining({
        cluster: 'prod',
        figures: expect.objectContaining({ awaitingApproval: 0 }),
      }),
      expect.objectContaining({
        cluster: 'staging',
        figures: expect.objectContaining({ awaitingApproval: 1 }),
      }),
    ]);
    expect((await waiting('prod')).fleet.awaitingApproval).toBe(1);
    expect(
      (await waiting('prod')).byCluster.find(c => c.cluster === 'prod')?.figures
        .awaitingApproval,
    ).toBe(1);
  });
});

describe('fleet summary over a long window', () => {
  it('reads Data Storage once for repeated summaries of the same window', async () => {
    const allEvents = jest.fn(async () => [
      lifecycleCompleted({
        correlation_id: 'rr-old',
        event_timestamp: new Date(Date.now() - 5 * 86_400_000).toISOString(),
        event_data: { outcome: 'Success', crd_outcome: 'Remediated' },
      }),
    ]);
    const prod = {
      name: 'prod',
      rowsVersion: 1,
      remediationRows: () => [],
      health: () => ({ name: 'prod' } as ClusterHealth),
    };
    const registry = {
      all: () => [prod],
      select: () => [prod],
      dataStorageFor: () => ({ allEvents }),
    } as unknown as ClusterRegistry;
    const fleet = new FleetService(registry, {
      warn: jest.fn(),
    } as unknown as LoggerService);
    const since = new Date(Date.now() - 30 * 86_400_000);
    const until = new Date();
    const allowAll = Object.assign(() => true, { key: 'allow' });
    for (let i = 0; i < 3; i++) {
      const summary = await fleet.summary({
        filter: {},
        params: {},
        since,
        until,
        allowed: allowAll,
      });
      expect(summary.fleet.resolved).toBe(1);
      expect(summary.historySource).toBe('cache+dataStorage');
    }
    expect(allEvents).toHaveBeenCalledTimes(1);
  });
});

describe('fleet summary reuse', () => {
  const at = (hoursAgo: number) =>
    new Date(Date.now() - hoursAgo * 3_600_000).toISOString();
  const resolved = (
    cluster: string,
    name: string,
    fields: Partial<RemediationSummary> = {},
  ): RemediationSummary => ({
    cluster,
    name,
    namespace: 'kubernaut-system',
    phase: 'Completed',
    outcome: 'Remediated',
    severity: 'critical',
    signalName: 'KubePodCrashLooping',
    target: { kind: 'Deployment', name: 'checkout', namespace: 'shop' },
    createdAt: at(3),
    completedAt: at(2),
    ...fields,
  });
  function setUp() {
    const clusters = ['prod', 'staging'].map(name => {
      const rows = new RemediationRows<RemediationSummary>();
      rows.put(resolved(name, `rr-${name}`));
      return {
        name,
        get rowsVersion() {
          return rows.version;
        },
        rows,
        remediationRows: jest.fn(() => rows.all()),
        remediationRow: (row: string) => rows.get(row),
        rowsChangedSince: (version: number) => rows.changedSince(version),
        health: jest.fn(() => ({ name } as ClusterHealth)),
      };
    });
    const registry = {
      all: () => clusters,
      select: () => clusters,
      dataStorageFor: () => undefined,
    } as unknown as ClusterRegistry;
    const fleet = new FleetService(registry, {
      warn: jest.fn(),
    } as unknown as LoggerService);
    return { clusters, fleet };
  }
  // Aligned to the five-second buckets, so that a millisecond later is the same bucket.
  const window = {
    since: new Date(Math.floor((Date.now() - 86_400_000) / 5000) * 5000),
    until: new Date(),
  };
  const visibleTo = (
    key: string,
    allowed: (r: RemediationSummary) => boolean,
  ) => Object.assign(allowed, { key });
  const everyone = visibleTo('all', () => true);

  it('answers a repeated question from the merged figures, with fresh health', async () => {
    const { clusters, fleet } = setUp();
    const ask = (since = window.since) =>
      fleet.summary({
        filter: {},
        params: {},
        since,
        until: window.until,
        allowed: everyone,
      });
    const first = await ask();
    const again = await ask(new Date(window.since.getTime() + 1));
    expect(first.fleet.resolved).toBe(2);
    expect(again.fleet).toBe(first.fleet);
    expect(again.byCluster.map(c => c.figures)).toEqual(
      first.byCluster.map(c => c.figures),
    );
    expect(again.byCluster[0].figures).toBe(first.byCluster[0].figures);
    expect(again.trend.map(b => b.resolved)).toEqual(
      first.trend.map(b => b.resolved),
    );
    // The slices start where this request's window starts.
    expect(again.trend[0].start).toBe(
      new Date(window.since.getTime() + 1).toISOString(),
    );
    for (const cluster of again.byCluster)
      expect(cluster.trend?.[0].start).toBe(again.trend[0].start);
    expect(clusters[0].health).toHaveBeenCalledTimes(2);
  });

  it("tallies an unchanged cluster's rows once, whatever the window", async () => {
    const { clusters, fleet } = setUp();
    const ask = (shiftMs: number) =>
      fleet.summary({
        filter: {},
        params: {},
        since: new Date(window.since.getTime() + shiftMs),
        until: new Date(window.until.getTime() + shiftMs),
        allowed: everyone,
      });
    const first = await ask(0);
    const reads = clusters[0].remediationRows.mock.calls.length;
    // Windows in later five-second buckets: merged afresh from the same tallies.
    const later = await ask(3_600_000);
    await ask(5_000);
    await ask(60_000);
    // One read per question counts the fleet's rows; tallying would read them twice more.
    expect(clusters[0].remediationRows.mock.calls.length - reads).toBe(3);
    expect(later.fleet.resolved).toBe(first.fleet.resolved);
  });

  it('recomputes when a cluster changes', async () => {
    const { clusters, fleet } = setUp();
    const ask = () =>
      fleet.summary({ filter: {}, params: {}, ...window, allowed: everyone });
    expect((await ask()).fleet.resolved).toBe(2);
    clusters[1].rows.put(resolved('staging', 'rr-staging-2'));
    const after = await ask();
    expect(after.fleet.resolved).toBe(3);
    expect(
      after.byCluster.find(c => c.cluster === 'staging')?.figures.resolved,
    ).toBe(2);
    // Prod's figures, unchanged, are the ones worked out before, and nothing else comes with them.
    const prod = after.byCluster.find(c => c.cluster === 'prod');
    expect(Object.keys(prod ?? {}).sort()).toEqual([
      'cluster',
      'figures',
      'trend',
    ]);
    expect(prod?.figures.resolved).toBe(1);
  });

  it('does not share figures between visibilities, filters or windows', async () => {
    const { fleet } = setUp();
    const ask = (
      allowed: ReturnType<typeof visibleTo>,
      clusters?: string[],
      since = window.since,
    ) =>
      fleet.summary({
        filter: clusters ? { clusters } : {},
        params: {},
        since,
        until: window.until,
        allowed,
      });
    expect((await ask(everyone)).fleet.resolved).toBe(2);
    const prodOnly = visibleTo('prod', r => r.cluster === 'prod');
    expect((await ask(prodOnly)).fleet.resolved).toBe(1);
    expect((await ask(everyone, ['staging'])).fleet.resolved).toBe(1);
    // A window starting after both endings counts neither.
    expect(
      (await ask(everyone, undefined, new Date(at(1)))).fleet.resolved,
    ).toBe(0);
    expect((await ask(everyone)).fleet.resolved).toBe(2);
  });
  it('gives the same answer to the same window until a row or a health changes', async () => {
    const { clusters, fleet } = setUp();
    const ask = () =>
      fleet.summary({ filter: {}, params: {}, ...window, allowed: everyone });
    const first = await ask();
    expect(await ask()).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    clusters[0].health.mockReturnValue({
      name: 'prod',
      status: 'degraded',
    } as ClusterHealth);
    const degraded = await ask();
    expect(degraded).not.toBe(first);
    expect(degraded.clusters.find(c => c.name === 'prod')?.status).toBe(
      'degraded',
    );
    expect(await ask()).toBe(degraded);
    clusters[1].rows.put(resolved('staging', 'rr-staging-2'));
    const changed = await ask();
    expect(changed).not.toBe(degraded);
    expect(changed.fleet.resolved).toBe(3);
    // Another window (a millisecond later) is relabelled, not the same answer.
    const later = await fleet.summary({
      filter: {},
      params: {},
      since: new Date(window.since.getTime() + 1),
      until: new Date(window.until.getTime() + 1),
      allowed: everyone,
    });
    expect(later).not.toBe(changed);
    expect(later.window.until).toBe(
      new Date(window.until.getTime() + 1).toISOString(),
    );
  });
});

describe('fleet summary following changed rows', () => {
  const PHASES = [
    'Processing',
    'AwaitingApproval',
    'Completed',
    'Failed',
    'TimedOut',
  ] as const;
  const now = Date.now();

  function randomRow(random: () => number, name: string): RemediationSummary {
    const pick = <T>(items: readonly T[]) =>
      items[Math.floor(random() * items.length)];
    const phase = pick(PHASES);
    // Whole seconds over the last two days, so that ties in end times and durations are common.
    const createdMs = now - Math.floor(random() * 48 * 3600) * 1000;
    const completedMs = createdMs + Math.floor(random() * 600) * 1000;
    const ended = phase !== 'Processing' && phase !== 'AwaitingApproval';
    return {
      cluster: 'prod',
      name,
      namespace: 'kubernaut-system',
      phase,
      outcome: ended
        ? pick(['Remediated', 'Inconclusive', undefined] as const)
        : undefined,
      severity: pick(['critical', 'high', 'warning'] as const),
      environment: pick(['production', 'staging']),
      signalName: 'KubePodCrashLooping',
      target: { kind: 'Deployment', name: 'checkout', namespace: 'shop' },
      createdAt: new Date(createdMs).toISOString(),
      ...(ended && completedMs <= now
        ? { completedAt: new Date(completedMs).toISOString() }
        : {}),
      ...(phase === 'AwaitingApproval' && random() < 0.7
        ? { approval: { name: `rar-${name}` } }
        : {}),
    };
  }

  function fleetOver(rows: RemediationRows<RemediationSummary>) {
    const connection = {
      name: 'prod',
      get rowsVersion() {
        return rows.version;
      },
      remediationRows: jest.fn(() => rows.all()),
      remediationRow: (name: string) => rows.get(name),
      rowsChangedSince: (version: number) => rows.changedSince(version),
      health: () => ({ name: 'prod' } as ClusterHealth),
    };
    const registry = {
      all: () => [connection],
      select: () => [connection],
      dataStorageFor: () => undefined,
    } as unknown as ClusterRegistry;
    const logger = { warn: jest.fn() } as unknown as LoggerService;
    return { connection, fleet: new FleetService(registry, logger) };
  }

  it('gives the figures a tally built afresh gives, through random changes (seeded)', async () => {
    const random = seededRandom(27);
    const rows = new RemediationRows<RemediationSummary>();
    for (let i = 0; i < 400; i++) rows.put(randomRow(random, `rr-${i}`));
    const followed = fleetOver(rows);
    const production = Object.assign(
      (row: RemediationSummary) => row.environment === 'production',
      { key: 'production' },
    );
    const questions = [
      { filter: {}, allowed: Object.assign(() => true, { key: 'all' }) },
      { filter: { severities: ['critical' as const] }, allowed: production },
    ];
    const ask = (
      fleet: FleetService,
      question: (typeof questions)[number],
      hours: number,
    ) =>
      fleet.summary({
        filter: question.filter,
        params: {},
        since: new Date(now - hours * 3_600_000),
        until: new Date(now),
        allowed: question.allowed,
      });
    for (const question of questions) await ask(followed.fleet, question, 24);
    const fullReads = () =>
      followed.connection.remediationRows.mock.calls.length;
    const readsBefore = fullReads();
    for (let round = 0; round < 30; round++) {
      const changes = 1 + Math.floor(random() * 12);
      for (let c = 0; c < changes; c++) {
        const name = `rr-${Math.floor(random() * 450)}`;
        const roll = random();
        if (roll < 0.15) rows.remove(name);
        else if (roll < 0.3 && rows.get(name)) {
          // Changed in place, as ClusterConnection does with derived fields.
          const row = rows.get(name)!;
          row.environment =
            row.environment === 'production' ? 'staging' : 'production';
          row.approval = row.approval ? undefined : { name: `rar-${name}` };
          rows.touch(name);
        } else rows.put(randomRow(random, name));
      }
      for (const question of questions)
        for (const hours of [1, 24]) {
          const fresh = fleetOver(rows).fleet;
          const expected = await ask(fresh, question, hours);
          const actual = await ask(followed.fleet, question, hours);
          expect(actual.fleet).toEqual(expected.fleet);
          expect(actual.trend).toEqual(expected.trend);
          expect(actual.byCluster).toEqual(expected.byCluster);
        }
    }
    // Counting the fleet's rows reads each list once per question; tallying did not read it again.
    expect(fullReads() - readsBefore).toBe(30 * 4);
  });
});
