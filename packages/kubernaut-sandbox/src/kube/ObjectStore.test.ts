import { ObjectStore, type StoreEvent } from './ObjectStore';
import { RESOURCE_TYPES } from './resources';
import { KubeError } from './status';

const RR = RESOURCE_TYPES.remediationRequests;
const SP = RESOURCE_TYPES.signalProcessings;

function rr(name: string, labels: Record<string, string> = {}) {
  return {
    apiVersion: 'kubernaut.ai/v1alpha1',
    kind: 'RemediationRequest',
    metadata: { name, namespace: 'kubernaut-system', labels },
    spec: { severity: 'critical' },
  };
}

function storeWith(count: number, historyLimit?: number) {
  const store = new ObjectStore([RR, SP], { historyLimit });
  for (let i = 0; i < count; i++)
    store.create(RR, rr(`rr-${String(i).padStart(4, '0')}`));
  return store;
}

describe('ObjectStore', () => {
  it('assigns uid, creationTimestamp, generation and increasing resourceVersions', () => {
    const store = storeWith(0);
    const a = store.create(RR, rr('rr-a'));
    const b = store.create(RR, rr('rr-b'));
    expect(a.object.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.object.metadata.generation).toBe(1);
    expect(Number(b.object.metadata.resourceVersion)).toBeGreaterThan(
      Number(a.object.metadata.resourceVersion),
    );
    expect(JSON.parse(a.json)).toEqual(a.object);
  });

  it('refuses duplicate and invalid names with Kubernetes status codes', () => {
    const store = storeWith(1);
    expect(() => store.create(RR, rr('rr-0000'))).toThrow(
      expect.objectContaining({ code: 409, reason: 'AlreadyExists' }),
    );
    expect(() => store.create(RR, rr('Bad_Name'))).toThrow(
      expect.objectContaining({ code: 422, reason: 'Invalid' }),
    );
  });

  it('pages a list with limit and continue, in name order, without duplicates', () => {
    const store = storeWith(25);
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = store.list(RR, { limit: 10, continueToken: token });
      names.push(...page.items.map(i => i.object.metadata.name));
      token = page.continueToken;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(25);
  });

  it('bumps generation on spec changes only, and checks the expected resourceVersion', () => {
    const store = storeWith(1);
    const original = store.get(RR, 'kubernaut-system', 'rr-0000')!;
    const statusOnly = store.update(RR, 'kubernaut-system', 'rr-0000', o => ({
      ...o,
      status: { overallPhase: 'Pending' },
    }));
    expect(statusOnly.object.metadata.generation).toBe(1);
    const specChange = store.update(RR, 'kubernaut-system', 'rr-0000', o => ({
      ...o,
      spec: { severity: 'warning' },
    }));
    expect(specChange.object.metadata.generation).toBe(2);
    expect(() =>
      store.update(RR, 'kubernaut-system', 'rr-0000', o => o, {
        expectedResourceVersion: original.object.metadata.resourceVersion,
      }),
    ).toThrow(expect.objectContaining({ code: 409, reason: 'Conflict' }));
  });

  it('replays history after a resourceVersion, then streams live events', () => {
    const store = storeWith(3);
    const rv = store.resourceVersion;
    store.update(RR, 'kubernaut-system', 'rr-0001', o => ({
      ...o,
      status: { overallPhase: 'Processing' },
    }));
    const events: StoreEvent[] = [];
    const stop = store.watch(RR, { resourceVersion: rv }, e => events.push(e));
    store.create(RR, rr('rr-live'));
    stop();
    store.create(RR, rr('rr-after-stop'));
    expect(events.map(e => [e.type, e.entry.object.metadata.name])).toEqual([
      ['MODIFIED', 'rr-0001'],
      ['ADDED', 'rr-live'],
    ]);
  });

  it('sends the current state as ADDED when a watch has no resourceVersion', () => {
    const store = storeWith(2);
    const events: StoreEvent[] = [];
    store.watch(RR, { filter: o => o.metadata.name === 'rr-0001' }, e =>
      events.push(e),
    );
    expect(events.map(e => [e.type, e.entry.object.metadata.name])).toEqual([
      ['ADDED', 'rr-0001'],
    ]);
  });

  it('answers 410 Gone for a resourceVersion older than its history', () => {
    const store = storeWith(5, 3);
    expect(() =>
      store.watch(RR, { resourceVersion: 1001 }, () => undefined),
    ).toThrow(expect.objectContaining({ code: 410 }));
    const rv = store.resourceVersion;
    store.compact();
    let error: unknown;
    try {
      store.watch(RR, { resourceVersion: rv - 1 }, () => undefined);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KubeError);
    expect((error as KubeError).code).toBe(410);
    expect(() =>
      store.watch(RR, { resourceVersion: rv }, () => undefined),
    ).toThrow(expect.objectContaining({ code: 410 }));
  });

  it('serves a list after a compaction whose resourceVersion can be watched from', () => {
    // A real API server never refuses a watch from the list it has just served (the watch
    // cache in k8s.io/apiserver/pkg/storage/cacher starts at the list's revision).
    const store = storeWith(5);
    store.compact();
    const { resourceVersion } = store.list(RR);
    const events: StoreEvent[] = [];
    expect(() =>
      store.watch(RR, { resourceVersion }, e => events.push(e)),
    ).not.toThrow();
    store.create(RR, {
      apiVersion: 'kubernaut.ai/v1alpha1',
      kind: 'RemediationRequest',
      metadata: { name: 'rr-after-compaction', namespace: 'kubernaut-system' },
      spec: {},
    });
    expect(events.map(e => e.entry.object.metadata.name)).toEqual([
      'rr-after-compaction',
    ]);
  });

  it('deletes owned objects with their owner, like the garbage collector', () => {
    const store = storeWith(1);
    const owner = store.get(RR, 'kubernaut-system', 'rr-0000')!.object;
    store.create(SP, {
      apiVersion: 'kubernaut.ai/v1alpha1',
      kind: 'SignalProcessing',
      metadata: {
        name: 'sp-rr-0000',
        namespace: 'kubernaut-system',
        ownerReferences: [
          {
            apiVersion: owner.apiVersion,
            kind: owner.kind,
            name: owner.metadata.name,
            uid: owner.metadata.uid,
            controller: true,
          },
        ],
      },
      spec: {},
    });
    const deleted: string[] = [];
    store.watch(SP, { resourceVersion: store.resourceVersion }, e =>
      deleted.push(`${e.type} ${e.entry.object.metadata.name}`),
    );
    store.delete(RR, 'kubernaut-system', 'rr-0000');
    expect(store.get(SP, 'kubernaut-system', 'sp-rr-0000')).toBeUndefined();
    expect(deleted).toEqual(['DELETED sp-rr-0000']);
  });
});
