import type {
  ResourceRef,
  RemediationSummary,
} from '@kubernaut/plugin-kubernaut-common';
import { summaryRow } from '../testUtils/summaryRow';
import { newestFirst, RemediationRows } from './RemediationRows';

function row(
  name: string,
  createdAt: string,
  target: string,
  rcaTarget?: string,
): RemediationSummary {
  const ref = (workload: string) => ({
    kind: 'Deployment',
    name: workload,
    namespace: 'shop',
  });
  return summaryRow({
    name,
    createdAt,
    target: ref(target),
    ...(rcaTarget ? { rcaTarget: ref(rcaTarget) } : {}),
  });
}

const names = (rows: readonly RemediationSummary[]) => rows.map(r => r.name);
const at = (minute: number) =>
  new Date(Date.UTC(2026, 11, 1, 10, minute)).toISOString();

describe('remediation rows by target', () => {
  it('finds rows by their target and by their RCA target, newest first', () => {
    const rows = new RemediationRows<RemediationSummary>();
    rows.put(row('old', at(1), 'checkout'));
    rows.put(row('new', at(3), 'cart', 'checkout'));
    rows.put(row('middle', at(2), 'checkout'));
    rows.put(row('other', at(4), 'cart'));

    expect(names(rows.byTargetNames(['checkout']))).toEqual([
      'new',
      'middle',
      'old',
    ]);
    expect(names(rows.byTargetNames(['cart']))).toEqual(['other', 'new']);
    expect(names(rows.byTargetNames(['cart', 'checkout']))).toEqual([
      'other',
      'new',
      'middle',
      'old',
    ]);
    expect(rows.byTargetNames(['unknown'])).toEqual([]);
  });

  it('lists a row once when its RCA target is its own target', () => {
    const rows = new RemediationRows<RemediationSummary>();
    rows.put(row('same', at(1), 'checkout', 'checkout'));
    expect(names(rows.byTargetNames(['checkout']))).toEqual(['same']);
  });

  it('moves a modified row to the targets it now names', () => {
    const rows = new RemediationRows<RemediationSummary>();
    rows.put(row('rr-1', at(1), 'checkout-pod'));
    // The RCA names the owning deployment later: the row is found by both names.
    rows.put(row('rr-1', at(1), 'checkout-pod', 'checkout'));
    expect(names(rows.byTargetNames(['checkout']))).toEqual(['rr-1']);
    expect(names(rows.byTargetNames(['checkout-pod']))).toEqual(['rr-1']);
    // A re-analysis names another owner: the first is forgotten.
    rows.put(row('rr-1', at(1), 'checkout-pod', 'cart'));
    expect(rows.byTargetNames(['checkout'])).toEqual([]);
    expect(names(rows.byTargetNames(['cart']))).toEqual(['rr-1']);
    expect(rows.byTargetNames(['checkout-pod'])[0]).toBe(rows.get('rr-1'));
  });

  it('forgets deleted rows, and finds a recreated one at its new place', () => {
    const rows = new RemediationRows<RemediationSummary>();
    rows.put(row('rr-1', at(1), 'checkout'));
    rows.put(row('rr-2', at(2), 'checkout'));
    expect(rows.remove('rr-1')?.name).toBe('rr-1');
    expect(rows.remove('rr-1')).toBeUndefined();
    expect(names(rows.byTargetNames(['checkout']))).toEqual(['rr-2']);
    rows.remove('rr-2');
    expect(rows.byTargetNames(['checkout'])).toEqual([]);
    expect(rows.all()).toEqual([]);

    rows.put(row('rr-3', at(3), 'checkout'));
    // Same name, created again later and for another target.
    rows.put(row('rr-1', at(1), 'checkout'));
    rows.put(row('rr-1', at(5), 'cart'));
    expect(names(rows.byTargetNames(['checkout']))).toEqual(['rr-3']);
    expect(names(rows.byTargetNames(['cart']))).toEqual(['rr-1']);
    expect(names(rows.all())).toEqual(['rr-1', 'rr-3']);
  });

  it('rebuilds the index with the rows', () => {
    const rows = new RemediationRows<RemediationSummary>();
    rows.put(row('gone', at(1), 'checkout'));
    rows.rebuild([
      row('b', at(1), 'checkout'),
      row('a', at(2), 'cart', 'checkout'),
    ]);
    expect(names(rows.all())).toEqual(['a', 'b']);
    expect(names(rows.byTargetNames(['checkout']))).toEqual(['a', 'b']);
    expect(rows.get('gone')).toBeUndefined();
  });

  it('keeps every target list equal to a scan through random changes', () => {
    // A seeded generator (mulberry32), so a failure can be replayed.
    let state = 7;
    const random = (n: number) => {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
    };
    const targetNames = ['checkout', 'cart', 'redis', 'orders', 'kafka'];
    const rows = new RemediationRows<RemediationSummary>();
    const scan = (name: string) =>
      rows
        .all()
        .filter(
          r =>
            r.target.name === name ||
            (r.rcaTarget as ResourceRef | undefined)?.name === name,
        );
    const differences: string[] = [];
    const compare = (
      step: number,
      what: string,
      got: string[],
      want: string[],
    ) => {
      if (got.join() !== want.join())
        differences.push(`step ${step}, ${what}: ${got} instead of ${want}`);
    };
    for (let step = 0; step < 3000; step++) {
      const name = `rr-${random(200)}`;
      const change = random(10);
      if (step % 500 === 499)
        rows.rebuild(rows.all().slice(random(rows.all().length + 1)));
      else if (change === 0) rows.remove(name);
      else {
        const existing = rows.get(name);
        // Mostly updates of a live row (same creation time), sometimes a recreation.
        const createdAt =
          existing && change < 8 ? existing.createdAt : at(random(60));
        rows.put(
          row(
            name,
            createdAt,
            targetNames[random(5)],
            random(2) ? targetNames[random(5)] : undefined,
          ),
        );
      }
      if (step % 50 === 0 || step === 2999) {
        compare(
          step,
          'order',
          names(rows.all()),
          names([...rows.all()].sort(newestFirst)),
        );
        for (const target of targetNames)
          compare(
            step,
            target,
            names(rows.byTargetNames([target])),
            names(scan(target)),
          );
        compare(
          step,
          'cart or redis',
          names(rows.byTargetNames(['cart', 'redis'])),
          names(
            rows
              .all()
              .filter(
                r => scan('cart').includes(r) || scan('redis').includes(r),
              ),
          ),
        );
      }
    }
    expect(differences).toEqual([]);
    expect(rows.all().length).toBeGreaterThan(50);
  });
});

describe('RemediationRows version', () => {
  it('moves on every put, removal, rebuild and touch, and not on reads', () => {
    const rows = new RemediationRows<RemediationSummary>();
    const seen = [rows.version];
    const one = row('rr-1', '2026-12-01T10:00:00Z', 'api');
    rows.put(one);
    seen.push(rows.version);
    rows.put(one); // the same object, changed in place by its owner
    seen.push(rows.version);
    rows.all();
    rows.get('rr-1');
    rows.byTargetNames(['api']);
    expect(rows.version).toBe(seen[seen.length - 1]);
    rows.touch('rr-1');
    seen.push(rows.version);
    rows.remove('rr-1');
    seen.push(rows.version);
    rows.remove('rr-1'); // nothing to remove
    expect(rows.version).toBe(seen[seen.length - 1]);
    rows.rebuild([one]);
    seen.push(rows.version);
    expect(new Set(seen).size).toBe(seen.length);
  });
});

describe('RemediationRows journal', () => {
  it('names the rows changed since a version, put, touched or removed', () => {
    const rows = new RemediationRows<RemediationSummary>();
    rows.put(row('rr-1', '2026-12-01T10:00:00Z', 'api'));
    const start = rows.version;
    rows.put(row('rr-2', '2026-12-01T10:01:00Z', 'db'));
    const middle = rows.version;
    rows.touch('rr-1');
    rows.remove('rr-2');
    rows.remove('rr-9'); // not there: no change
    expect(rows.changedSince(start)).toEqual(['rr-2', 'rr-1', 'rr-2']);
    expect(rows.changedSince(middle)).toEqual(['rr-1', 'rr-2']);
    expect(rows.changedSince(rows.version)).toEqual([]);
  });

  it('cannot say what changed across a rebuild, beyond its length, or from a version it never had', () => {
    const rows = new RemediationRows<RemediationSummary>(4);
    rows.put(row('rr-1', '2026-12-01T10:00:00Z', 'api'));
    const before = rows.version;
    rows.rebuild([row('rr-1', '2026-12-01T10:00:00Z', 'api')]);
    expect(rows.changedSince(before)).toBeUndefined();
    const rebuilt = rows.version;
    expect(rows.changedSince(rebuilt)).toEqual([]);
    for (let i = 0; i < 5; i++) rows.touch('rr-1');
    // Five changes in a journal of four: the oldest half is forgotten.
    expect(rows.changedSince(rebuilt)).toBeUndefined();
    expect(rows.changedSince(rows.version - 2)).toEqual(['rr-1', 'rr-1']);
    expect(rows.changedSince(rows.version + 1)).toBeUndefined();
  });
});
