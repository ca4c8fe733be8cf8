import { InputError } from '@backstage/errors';
import { ApprovalService } from './ApprovalService';
import { ApprovalTestFleet, approvalView } from './approvalTestFleet';

const at = (minute: number) =>
  new Date(Date.UTC(2026, 11, 1, 10, minute)).toISOString();
const everyone = () => true;
const keys = (items: readonly { cluster: string; name: string }[]) =>
  items.map(i => `${i.cluster}/${i.name}`);

function fleetOfSix() {
  const fleet = new ApprovalTestFleet(['a', 'b']);
  fleet.put(approvalView('a', 'a1', at(1)));
  fleet.put(approvalView('b', 'b2', at(2)), { severity: 'warning' });
  fleet.put(approvalView('a', 'a3', at(3)));
  fleet.put(approvalView('b', 'b4', at(4)));
  fleet.put(approvalView('a', 'a5'));
  fleet.put(approvalView('b', 'b6', at(0), { decision: 'Approved' }));
  return fleet;
}

describe('ApprovalService', () => {
  it('pages pending requests across clusters, soonest deadline first, with a total', () => {
    const service = new ApprovalService(fleetOfSix().registry());
    const first = service.list({
      state: 'pending',
      allowed: everyone,
      limit: 2,
    });
    expect(keys(first.items)).toEqual(['a/rar-a1', 'b/rar-b2']);
    expect(first.totalCount).toBe(5);
    expect(first.items[1]).toMatchObject({
      severity: 'warning',
      signalName: 'KubePodCrashLooping',
      target: { name: 'checkout' },
    });
    const second = service.list({
      state: 'pending',
      allowed: everyone,
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(keys(second.items)).toEqual(['a/rar-a3', 'b/rar-b4']);
    const last = service.list({
      state: 'pending',
      allowed: everyone,
      limit: 2,
      cursor: second.nextCursor,
    });
    expect(keys(last.items)).toEqual(['a/rar-a5']);
    expect(last.nextCursor).toBeUndefined();
    expect(last.clusters.map(c => c.name)).toEqual(['a', 'b']);
  });

  it('counts and pages only what the caller may see', () => {
    const service = new ApprovalService(fleetOfSix().registry());
    const page = service.list({
      state: 'pending',
      allowed: row => row.cluster === 'b',
      limit: 1,
    });
    expect(keys(page.items)).toEqual(['b/rar-b2']);
    expect(page.totalCount).toBe(2);
    expect(page.nextCursor).toBeDefined();
  });

  it('reflects decisions made after the first listing', () => {
    const fleet = fleetOfSix();
    const service = new ApprovalService(fleet.registry());
    expect(
      service.list({ state: 'pending', allowed: everyone }).totalCount,
    ).toBe(5);
    fleet.put(approvalView('a', 'a1', at(1), { decision: 'Rejected' }));
    fleet.put(approvalView('b', 'b7', at(0)));
    const page = service.list({ state: 'pending', allowed: everyone });
    expect(keys(page.items)).toEqual([
      'b/rar-b7',
      'b/rar-b2',
      'a/rar-a3',
      'b/rar-b4',
      'a/rar-a5',
    ]);
    const decided = service.list({ state: 'decided', allowed: everyone });
    expect(keys(decided.items)).toEqual(['b/rar-b6', 'a/rar-a1']);
    expect(service.list({ state: 'all', allowed: everyone }).totalCount).toBe(
      7,
    );
  });

  it('limits to the named clusters', () => {
    const service = new ApprovalService(fleetOfSix().registry());
    const page = service.list({
      state: 'pending',
      clusters: ['b'],
      allowed: everyone,
    });
    expect(keys(page.items)).toEqual(['b/rar-b2', 'b/rar-b4']);
  });

  it('refuses a malformed cursor and one from another query', () => {
    const service = new ApprovalService(fleetOfSix().registry());
    const { nextCursor } = service.list({
      state: 'pending',
      allowed: everyone,
      limit: 1,
    });
    expect(() =>
      service.list({ state: 'pending', allowed: everyone, cursor: 'nonsense' }),
    ).toThrow(InputError);
    expect(() =>
      service.list({ state: 'decided', allowed: everyone, cursor: nextCursor }),
    ).toThrow(/different query/);
  });
});
