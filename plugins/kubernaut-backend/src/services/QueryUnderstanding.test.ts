import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import { summaryRow } from '../testUtils/summaryRow';
import { QueryUnderstanding } from './QueryUnderstanding';

const row = (name: string, target: string) =>
  summaryRow({
    name,
    target: { kind: 'Deployment', name: target, namespace: 'shop' },
  });

function setUp() {
  const rows = [row('rr-1', 'checkout')];
  const connection = {
    name: 'prod',
    version: 1,
    remediationRows: jest.fn(() => rows),
    workflows: { items: new Map() },
  };
  const registry = {
    all: () => [connection],
    names: () => ['prod'],
  } as unknown as ClusterRegistry;
  return { rows, connection, understanding: new QueryUnderstanding(registry) };
}

describe('QueryUnderstanding', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2026, 11, 3, 10) }));
  afterEach(() => jest.useRealTimers());

  it("reads the fleet's names again only when a cluster changed, at most every ten seconds", () => {
    const { rows, connection, understanding } = setUp();
    expect(understanding.interpret('payments', 'fleet').filter.targets).toBe(
      undefined,
    );
    expect(connection.remediationRows).toHaveBeenCalledTimes(1);

    // Nothing changed: ten seconds later, the names are not read again.
    jest.advanceTimersByTime(11_000);
    understanding.interpret('checkout', 'fleet');
    expect(connection.remediationRows).toHaveBeenCalledTimes(1);

    // A new target: read again once ten seconds have passed since the last look.
    rows.push(row('rr-2', 'payments'));
    connection.version++;
    understanding.interpret('payments', 'fleet');
    expect(connection.remediationRows).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(11_000);
    expect(understanding.interpret('payments', 'fleet').filter.targets).toEqual(
      ['payments'],
    );
    expect(connection.remediationRows).toHaveBeenCalledTimes(2);
  });
});
