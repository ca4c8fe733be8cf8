import { mockServices } from '@backstage/backend-test-utils';
import type { FleetChangeEvent } from '@kubernaut/plugin-kubernaut-common';
import type { Sandbox } from '@kubernaut/sandbox';
import { eventually } from '../testUtils/eventually';
import { startOneClusterSandbox } from '../testUtils/sandboxConnection';
import { ClusterConnection } from './ClusterConnection';

jest.setTimeout(60_000);

describe('ClusterConnection health against the sandbox', () => {
  let sandbox: Sandbox;
  let connection: ClusterConnection;
  const events: Array<FleetChangeEvent & { at: number }> = [];

  beforeAll(async () => {
    const started = await startOneClusterSandbox({
      name: 'cc',
      environment: 'staging',
      seed: 4,
    });
    sandbox = started.sandbox;
    const { config } = started;
    connection = new ClusterConnection(config, mockServices.logger.mock());
    connection.onChange(event => events.push({ ...event, at: Date.now() }));
    connection.start();
    await eventually('connected', async () =>
      connection.health().status === 'connected' ? true : undefined,
    );
  });

  afterAll(async () => {
    connection?.stop();
    await sandbox?.stop();
  });

  const healthSince = (since: number) =>
    events.filter(e => e.type === 'HEALTH' && e.at >= since);

  it('tells listeners when the cluster becomes unreachable and when it is back, and recovers every kind together', async () => {
    const downAt = Date.now();
    await sandbox.clusters[0].setDown(true);
    // A few seconds down: every kind is backing off by the time it is back.
    await eventually(
      'the outage told',
      async () =>
        healthSince(downAt).length > 0 &&
        connection.health().status !== 'connected'
          ? true
          : undefined,
      10_000,
    );
    await new Promise(resolve => setTimeout(resolve, 4_000));
    const upAt = Date.now();
    await sandbox.clusters[0].setDown(false);
    await eventually(
      'connected again',
      async () =>
        connection.health().status === 'connected' ? true : undefined,
      20_000,
    );
    const recoveredMs = Date.now() - upAt;
    expect(healthSince(upAt).length).toBeGreaterThan(0);
    // Nine kinds, each with its own backoff: the first to get through retries the others.
    expect(recoveredMs).toBeLessThan(5_000);
  });
});

describe('ClusterConnection rows and their version', () => {
  let sandbox: Sandbox;
  let connection: ClusterConnection;

  beforeAll(async () => {
    const started = await startOneClusterSandbox({
      name: 'rg',
      environment: 'production',
      seed: 7,
    });
    sandbox = started.sandbox;
    const { config } = started;
    connection = new ClusterConnection(config, mockServices.logger.mock(), {
      settleMs: Number.MAX_SAFE_INTEGER,
    });
    connection.start();
    await eventually('connected', async () =>
      connection.health().status === 'connected' ? true : undefined,
    );
  });

  afterAll(async () => {
    connection?.stop();
    await sandbox?.stop();
  });

  it('refreshes only the row whose request went, found through the owner index', async () => {
    const row = connection
      .remediationRows()
      .find(r => r.approvalDecision !== undefined);
    expect(row).toBeDefined();
    const rebuild = jest.spyOn((connection as any).rows, 'rebuild');
    const { store } = sandbox.clusters[0];
    const rarType = store
      .types()
      .find(t => t.kind === 'RemediationApprovalRequest')!;
    store.delete(rarType, 'kubernaut-system', `rar-${row!.name}`);
    await eventually('the decision gone from the row', async () =>
      connection.remediationRows().find(r => r.name === row!.name)
        ?.approvalDecision === undefined
        ? true
        : undefined,
    );
    expect(connection.children(row!.name).approvalRequest).toBeUndefined();
    expect(rebuild).not.toHaveBeenCalled();
  });

  it('moves the rows version when a remediation changes, not when only a child does', async () => {
    const { store } = sandbox.clusters[0];
    const type = (kind: string) => store.types().find(t => t.kind === kind)!;
    const annotate = (kind: string, name: string, value: string) =>
      store.update(type(kind), 'kubernaut-system', name, current => ({
        ...current,
        metadata: {
          ...current.metadata,
          annotations: { ...current.metadata.annotations, touched: value },
        },
      }));
    const row = connection
      .remediationRows()
      .find(r => connection.children(r.name).analysis !== undefined)!;
    const rowsBefore = connection.rowsVersion;
    const before = connection.version;
    annotate('AIAnalysis', `ai-${row.name}`, 'a');
    await eventually('the analysis change heard', async () =>
      connection.version > before ? true : undefined,
    );
    expect(connection.rowsVersion).toBe(rowsBefore);
    annotate('RemediationRequest', row.name, 'b');
    await eventually('the remediation change heard', async () =>
      connection.rowsVersion > rowsBefore ? true : undefined,
    );
  });
});
