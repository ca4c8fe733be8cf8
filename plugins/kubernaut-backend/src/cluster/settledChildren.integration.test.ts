import type { Sandbox } from '@kubernaut/sandbox';
import { eventually } from '../testUtils/eventually';
import { startOneClusterSandbox } from '../testUtils/sandboxConnection';
import { ClusterConnection } from './ClusterConnection';
import { endedAt } from './settledChildren';

jest.setTimeout(90_000);

/**
 * Two connections to one sandbox cluster: one keeps every child cached, the other treats every
 * ended remediation as settled (children read from the cluster on demand). Whatever the caches
 * hold, the answers must be the same.
 */
describe('children of settled remediations', () => {
  let sandbox: Sandbox;
  let cached: ClusterConnection;
  let settled: ClusterConnection;

  beforeAll(async () => {
    const started = await startOneClusterSandbox({
      name: 'st',
      environment: 'production',
      seed: 7,
    });
    sandbox = started.sandbox;
    const { config, logger } = started;
    cached = new ClusterConnection(config, logger, {
      settleMs: Number.MAX_SAFE_INTEGER,
    });
    settled = new ClusterConnection(config, logger, { settleMs: 0 });
    for (const connection of [cached, settled]) connection.start();
    await eventually('both connected', async () =>
      cached.health().status === 'connected' &&
      settled.health().status === 'connected'
        ? true
        : undefined,
    );
  });

  afterAll(async () => {
    cached?.stop();
    settled?.stop();
    await sandbox?.stop();
  });

  const ended = () =>
    cached.remediationRows().filter(row => endedAt(row) !== undefined);

  it('has ended remediations with children to compare', () => {
    const rows = ended();
    expect(rows.length).toBeGreaterThan(5);
    expect(
      rows.filter(row => cached.children(row.name).notifications.length > 0)
        .length,
    ).toBeGreaterThan(0);
    expect(
      rows.filter(row => cached.children(row.name).approvalRequest).length,
    ).toBeGreaterThan(0);
  });

  it('keeps no analysis, execution, assessment or notification of a settled remediation, and only an outline of its approval', () => {
    for (const row of ended()) {
      const children = settled.children(row.name);
      expect(children.signalProcessing).toBeUndefined();
      expect(children.analysis).toBeUndefined();
      expect(children.workflowExecution).toBeUndefined();
      expect(children.effectiveness).toBeUndefined();
      expect(children.notifications).toEqual([]);
      const full = cached.children(row.name).approvalRequest;
      if (!full) continue;
      const outline = children.approvalRequest!;
      expect(outline.decision).toBe(full.decision);
      expect(outline.decidedBy).toBe(full.decidedBy);
      expect(outline.investigationSummary).toBeUndefined();
      expect(outline.evidence).toEqual([]);
    }
    expect(settled.analyses.items.size).toBeLessThan(
      cached.analyses.items.size,
    );
  });

  it('answers the same children, read from the cluster on demand', async () => {
    for (const row of ended())
      expect(await settled.childrenOf(row.name)).toEqual(
        cached.children(row.name),
      );
  });

  it('shows the same rows: environment and approval decision outlive the children', () => {
    const outline = (connection: ClusterConnection) =>
      connection.remediationRows().map(row => ({
        name: row.name,
        environment: row.environment,
        approvalDecision: row.approvalDecision,
        approval: row.approval,
      }));
    expect(outline(settled)).toEqual(outline(cached));
  });

  it('keeps the children of a remediation that has not ended', () => {
    const running = cached
      .remediationRows()
      .filter(row => endedAt(row) === undefined);
    expect(running.map(row => settled.children(row.name))).toEqual(
      running.map(row => cached.children(row.name)),
    );
  });
});
