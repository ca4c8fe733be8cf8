import { ApprovalTestFleet, approvalView } from './approvalTestFleet';
import {
  approvalOrder,
  ClusterPendingApprovals,
  PendingApprovalIndex,
} from './PendingApprovalIndex';

const at = (minute: number) =>
  new Date(Date.UTC(2026, 11, 1, 10, minute)).toISOString();
const names = (items: readonly { name: string }[]) => items.map(i => i.name);

describe('PendingApprovalIndex', () => {
  it('keeps pending requests in deadline order as they are added, decided, expired and deleted', () => {
    const fleet = new ApprovalTestFleet(['prod']);
    const index = new PendingApprovalIndex(fleet.registry());
    fleet.put(approvalView('prod', 'late', at(30)));
    const prod = fleet.connection('prod');
    expect(names(index.pending(prod))).toEqual(['rar-late']);

    fleet.put(approvalView('prod', 'soon', at(5)));
    fleet.put(approvalView('prod', 'open-ended'));
    fleet.put(approvalView('prod', 'middle', at(10)));
    expect(names(index.pending(prod))).toEqual([
      'rar-soon',
      'rar-middle',
      'rar-late',
      'rar-open-ended',
    ]);

    fleet.put(approvalView('prod', 'soon', at(5), { decision: 'Approved' }));
    fleet.put(approvalView('prod', 'late', at(30), { expired: true }));
    fleet.delete('prod', 'rar-middle');
    expect(names(index.pending(prod))).toEqual(['rar-open-ended']);
  });

  it('moves a request whose deadline changes and drops a decision that is taken back', () => {
    const fleet = new ApprovalTestFleet(['prod']);
    const index = new PendingApprovalIndex(fleet.registry());
    const prod = fleet.connection('prod');
    fleet.put(approvalView('prod', 'a', at(1)));
    fleet.put(approvalView('prod', 'b', at(2)));
    expect(names(index.pending(prod))).toEqual(['rar-a', 'rar-b']);

    fleet.put(approvalView('prod', 'a', at(3)));
    expect(names(index.pending(prod))).toEqual(['rar-b', 'rar-a']);
    fleet.put(approvalView('prod', 'b', at(2), { decision: 'Rejected' }));
    fleet.put(approvalView('prod', 'b', at(2)));
    expect(names(index.pending(prod))).toEqual(['rar-b', 'rar-a']);
  });

  it('builds a cluster from its cache on first use and rebuilds it after a relist', () => {
    const fleet = new ApprovalTestFleet(['prod', 'stage']);
    fleet.put(approvalView('prod', 'before', at(2)));
    fleet.put(approvalView('prod', 'decided', at(1), { decision: 'Approved' }));
    const index = new PendingApprovalIndex(fleet.registry());
    const prod = fleet.connection('prod');
    expect(names(index.pending(prod))).toEqual(['rar-before']);

    fleet.relist('prod', [
      approvalView('prod', 'relisted', at(4)),
      approvalView('prod', 'first', at(3)),
    ]);
    expect(names(index.pending(prod))).toEqual(['rar-first', 'rar-relisted']);

    fleet.put(approvalView('stage', 'elsewhere', at(0)));
    expect(names(index.pending(prod))).toEqual(['rar-first', 'rar-relisted']);
    expect(names(index.pending(fleet.connection('stage')))).toEqual([
      'rar-elsewhere',
    ]);
  });

  it('stops listening when closed', () => {
    const fleet = new ApprovalTestFleet(['prod']);
    const index = new PendingApprovalIndex(fleet.registry());
    expect(fleet.listenerCount).toBe(1);
    index.close();
    expect(fleet.listenerCount).toBe(0);
  });
});

describe('ClusterPendingApprovals', () => {
  it('ignores requests that are not pending and updates for names it never held', () => {
    const list = new ClusterPendingApprovals([
      approvalView('prod', 'a', at(1), { decision: 'Approved' }),
      approvalView('prod', 'b', at(2)),
    ]);
    list.update('rar-unknown', undefined);
    list.update('rar-a', approvalView('prod', 'a', at(1), { expired: true }));
    expect(names(list.all())).toEqual(['rar-b']);
  });

  it('finds a request among equal deadlines when removing it', () => {
    const same = ['c', 'a', 'b'].map(n => approvalView('prod', n, at(1)));
    const list = new ClusterPendingApprovals(same);
    expect(names(list.all())).toEqual(['rar-a', 'rar-b', 'rar-c']);
    list.update('rar-b', undefined);
    expect(names(list.all())).toEqual(['rar-a', 'rar-c']);
  });
});

describe('approvalOrder', () => {
  it('orders by deadline (none last), then name, then cluster', () => {
    const items = [
      approvalView('b', 'x'),
      approvalView('b', 'x', at(1)),
      approvalView('a', 'x', at(1)),
      approvalView('a', 'w', at(1)),
      approvalView('a', 'z', at(0)),
    ].sort(approvalOrder);
    expect(items.map(i => `${i.cluster}/${i.name}`)).toEqual([
      'a/rar-z',
      'a/rar-w',
      'a/rar-x',
      'b/rar-x',
      'b/rar-x',
    ]);
    expect(items[4].requiredBy).toBeUndefined();
  });
});
