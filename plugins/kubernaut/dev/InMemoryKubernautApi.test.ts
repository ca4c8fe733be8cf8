import { InMemoryKubernautApi } from './InMemoryKubernautApi';

describe('InMemoryKubernautApi', () => {
  it('filters remediations with the query language', async () => {
    const api = new InMemoryKubernautApi();
    const all = await api.listRemediations({});
    const critical = await api.listRemediations({ q: 'critical in staging' });

    expect(critical.totalCount).toBeGreaterThan(0);
    expect(critical.totalCount).toBeLessThan(all.totalCount);
    expect(
      critical.items.every(
        r => r.severity === 'critical' && r.cluster === 'staging',
      ),
    ).toBe(true);
  });

  it('pages with a cursor until the last page', async () => {
    const api = new InMemoryKubernautApi();
    const first = await api.listRemediations({ limit: 10 });
    const second = await api.listRemediations({
      limit: 10,
      cursor: first.nextCursor,
    });

    expect(first.items).toHaveLength(10);
    expect(second.items[0].name).not.toBe(first.items[0].name);
  });

  it('moves a remediation on when its approval is decided, once', async () => {
    const api = new InMemoryKubernautApi();
    const changes: string[] = [];
    const controller = new AbortController();
    const stream = api.streamFleetChanges(
      { onChanges: c => changes.push(...c.map(change => change.name)) },
      { signal: controller.signal },
    );
    const [pending] = (await api.listApprovals()).items;
    const decision = {
      decision: 'Approved' as const,
      resourceVersion: pending.resourceVersion,
    };

    await api.decide(pending.cluster, pending.name, decision);

    const after = await api.getRemediation(
      pending.cluster,
      pending.remediation,
    );
    expect(after.phase).toBe('Executing');
    expect(after.approval).toBeUndefined();
    expect(changes).toEqual([pending.remediation]);
    await expect(
      api.decide(pending.cluster, pending.name, decision),
    ).rejects.toThrow('already decided');
    controller.abort();
    await stream;
  });

  it('replays a started investigation after a sequence number', async () => {
    jest.useFakeTimers();
    const api = new InMemoryKubernautApi();
    const { id } = await api.startInvestigation({
      cluster: 'prod-us-east',
      message: 'Why does checkout-service restart?',
    });
    const seqs: number[] = [];

    const ended = api.streamInvestigation(id, 2, {
      onEvent: event => seqs.push(event.seq),
      onRewind: () => {},
    });
    await jest.runAllTimersAsync();

    await expect(ended).resolves.toBe('completed');
    expect(seqs[0]).toBe(3);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    jest.useRealTimers();
  });
});
