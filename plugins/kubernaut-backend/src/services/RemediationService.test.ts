import type {
  ClusterHealth,
  QueryFilter,
  RemediationSummary,
  Severity,
  TargetPattern,
} from '@kubernaut/plugin-kubernaut-common';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import { RemediationRows } from '../cluster/RemediationRows';
import { RemediationService, type ListRequest } from './RemediationService';
import type { ListParams } from './filter';

const CLUSTERS = ['prod-eu-west', 'prod-us-east', 'staging'];
const TARGETS = ['checkout', 'cart', 'redis', 'orders', 'kafka', 'payments'];
const NAMESPACES = ['shop', 'data'];
const KINDS = ['Deployment', 'StatefulSet'];
const SEVERITIES: Severity[] = ['critical', 'high', 'warning'];

/** A seeded generator (mulberry32), so a failure can be replayed. */
function randomSource(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/**
 * Clusters whose rows are kept by `RemediationRows`. `indexed: false` answers target lookups
 * with every row, which is what the service did before the index: the reference to compare with.
 */
function fleet(indexed: boolean) {
  const connections = CLUSTERS.map(name => {
    const rows = new RemediationRows<RemediationSummary>();
    return {
      name,
      rows,
      get rowsVersion() {
        return rows.version;
      },
      fullListReads: 0,
      remediationRows() {
        this.fullListReads++;
        return rows.all();
      },
      remediationRowsByTargetName(names: readonly string[]) {
        return indexed ? rows.byTargetNames(names) : this.remediationRows();
      },
      health: () => ({ name } as ClusterHealth),
    };
  });
  const registry = {
    select: (names?: string[]) =>
      names?.length
        ? connections.filter(c => names.includes(c.name))
        : connections,
    health: (selected: typeof connections) => selected.map(c => c.health()),
  } as unknown as ClusterRegistry;
  return { connections, service: new RemediationService(registry) };
}

function randomRow(
  random: (n: number) => number,
  cluster: string,
  name: string,
): RemediationSummary {
  const ref = () => ({
    kind: KINDS[random(KINDS.length)],
    name: TARGETS[random(TARGETS.length)],
    namespace: NAMESPACES[random(NAMESPACES.length)],
  });
  return {
    cluster,
    name,
    namespace: 'kubernaut-system',
    phase: random(3) ? 'Processing' : 'Completed',
    severity: SEVERITIES[random(SEVERITIES.length)],
    signalName: 'KubePodCrashLooping',
    target: ref(),
    ...(random(2) ? { rcaTarget: ref() } : {}),
    // Few distinct seconds, so that creation-time ties are common.
    createdAt: new Date(Date.UTC(2026, 11, 1, 10, 0, random(40))).toISOString(),
  };
}

function randomQuestion(
  random: (n: number) => number,
): Pick<ListRequest, 'filter' | 'params' | 'sort' | 'direction' | 'limit'> {
  const patterns: TargetPattern[] = [];
  for (let i = random(3); i >= 0; i--)
    patterns.push({
      name: TARGETS[random(TARGETS.length)],
      ...(random(2) ? { namespace: NAMESPACES[random(2)] } : {}),
      ...(random(2) ? { kind: KINDS[random(2)] } : {}),
    });
  const filter: QueryFilter = {};
  const params: ListParams = {};
  const shape = random(4);
  if (shape !== 1) params.targets = patterns;
  if (shape !== 0) filter.targets = [TARGETS[random(TARGETS.length)]];
  if (random(3) === 0) filter.severities = ['critical'];
  if (random(4) === 0) filter.clusters = [CLUSTERS[random(CLUSTERS.length)]];
  return {
    filter,
    params,
    sort: random(4) === 0 ? 'severity' : 'created',
    direction: random(3) === 0 ? 'asc' : 'desc',
    limit: 1 + random(8),
  };
}

/** Every page of a question, following the cursors: the row names and the total. */
function allPages(
  service: RemediationService,
  question: ReturnType<typeof randomQuestion>,
) {
  const allowed = Object.assign(
    (row: RemediationSummary) => row.target.namespace !== 'data',
    { key: 'not-data' },
  );
  const seen: string[] = [];
  const totals: number[] = [];
  let cursor: string | undefined;
  do {
    const page = service.list({ ...question, allowed, cursor });
    seen.push(...page.items.map(r => `${r.cluster}/${r.name}`));
    totals.push(page.totalCount ?? -1);
    cursor = page.nextCursor;
  } while (cursor && seen.length < 1000);
  return { seen, totals };
}

describe('remediation lists by target', () => {
  it('answers target questions as the full scan does, through random changes', () => {
    const random = randomSource(11);
    const indexed = fleet(true);
    const scanned = fleet(false);
    for (let round = 0; round < 25; round++) {
      for (let change = 0; change < 60; change++) {
        const cluster = random(CLUSTERS.length);
        const name = `rr-${random(150)}`;
        const row = randomRow(random, CLUSTERS[cluster], name);
        const remove = random(6) === 0;
        for (const { connections } of [indexed, scanned]) {
          const connection = connections[cluster];
          if (remove) connection.rows.remove(name);
          else connection.rows.put({ ...row });
        }
      }
      for (let q = 0; q < 10; q++) {
        const question = randomQuestion(random);
        const expected = allPages(scanned.service, question);
        expect(allPages(indexed.service, question)).toEqual(expected);
      }
    }
  });

  it('does not read the whole list of a cluster to answer a target question', () => {
    const random = randomSource(3);
    const { connections, service } = fleet(true);
    for (let i = 0; i < 300; i++) {
      const connection = connections[i % CLUSTERS.length];
      connection.rows.put(randomRow(random, connection.name, `rr-${i}`));
    }
    const page = service.list({
      filter: {},
      params: { targets: [{ name: 'checkout', namespace: 'shop' }] },
      sort: 'created',
      direction: 'desc',
      limit: 50,
      allowed: Object.assign(() => true, { key: 'all' }),
    });
    expect(page.items.length).toBeGreaterThan(0);
    expect(
      page.items.every(
        r =>
          (r.target.name === 'checkout' && r.target.namespace === 'shop') ||
          (r.rcaTarget?.name === 'checkout' &&
            r.rcaTarget.namespace === 'shop'),
      ),
    ).toBe(true);
    expect(connections.map(c => c.fullListReads)).toEqual([0, 0, 0]);
  });
});

describe('pages asked again', () => {
  const ask = (
    service: RemediationService,
    allowed: ListRequest['allowed'] = Object.assign(() => true, {
      key: 'all',
    }),
  ) =>
    service.list({
      filter: {},
      params: {},
      sort: 'created',
      direction: 'desc',
      limit: 10,
      allowed,
    });

  function filled() {
    const random = randomSource(5);
    const built = fleet(true);
    for (let i = 0; i < 60; i++) {
      const connection = built.connections[i % CLUSTERS.length];
      connection.rows.put(randomRow(random, connection.name, `rr-${i}`));
    }
    return built;
  }

  it('are the same answer while no row and no health changed', () => {
    const { service } = filled();
    const first = ask(service);
    expect(ask(service)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('are computed afresh after a row changed in a cluster they span', () => {
    const { service, connections } = filled();
    const first = ask(service);
    connections[1].rows.put({
      ...randomRow(randomSource(9), connections[1].name, 'rr-new'),
      createdAt: '2027-01-01T00:00:00.000Z',
    });
    const after = ask(service);
    expect(after).not.toBe(first);
    expect(after.items[0].name).toBe('rr-new');
    expect(after.totalCount).toBe(first.totalCount + 1);
  });

  it("are computed afresh when a cluster's health changed", () => {
    const { service, connections } = filled();
    const first = ask(service);
    connections[2].health = () =>
      ({ name: connections[2].name, status: 'degraded' } as ClusterHealth);
    const after = ask(service);
    expect(after).not.toBe(first);
    expect(after.clusters.map(c => c.status)).toContain('degraded');
  });

  it('count every row of a question that asks nothing of a caller allowed everything, without judging them', () => {
    const { service, connections } = filled();
    const judged = jest.fn(() => true);
    const page = ask(service, Object.assign(judged, { key: 'allow' }));
    const rows = connections.reduce((n, c) => n + c.rows.all().length, 0);
    expect(page.totalCount).toBe(rows);
    expect(page.items).toHaveLength(10);
    expect(judged).not.toHaveBeenCalled();
  });

  it('are kept per permission decision, and not at all for a decision without a key', () => {
    const { service } = filled();
    const everything = ask(service);
    const onlyShop = Object.assign(
      (row: RemediationSummary) => row.target.namespace === 'shop',
      { key: 'shop' },
    );
    const shop = ask(service, onlyShop);
    expect(shop).not.toBe(everything);
    expect(shop.items.every(r => r.target.namespace === 'shop')).toBe(true);
    expect(ask(service)).toBe(everything);
    const unnamed = (row: RemediationSummary) =>
      row.target.namespace === 'shop';
    expect(ask(service, unnamed)).not.toBe(ask(service, unnamed));
    expect(ask(service, unnamed)).toEqual(shop);
  });
});
