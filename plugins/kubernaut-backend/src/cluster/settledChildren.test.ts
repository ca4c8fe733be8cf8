import {
  approvalOutline,
  endedAt,
  NotificationsByRemediation,
  SettledRemediations,
} from './settledChildren';

const row = (name: string, phase: string, completedAt?: string) => ({
  name,
  phase,
  completedAt,
  createdAt: '2026-12-02T10:00:00Z',
});

describe('SettledRemediations', () => {
  it('settles a remediation once it ended long enough ago, found by the sweep without a scan', () => {
    let now = Date.parse('2026-12-02T12:00:00Z');
    const settled = new SettledRemediations(60 * 60_000, () => now);
    const running = row('rr-running', 'Executing');
    const justEnded = row('rr-ended', 'Completed', '2026-12-02T11:30:00Z');
    const longAgo = row('rr-old', 'Failed', '2026-12-02T09:00:00Z');
    for (const r of [running, justEnded, longAgo]) settled.track(r);

    expect(settled.isSettled(running)).toBe(false);
    expect(settled.isSettled(justEnded)).toBe(false);
    expect(settled.isSettled(longAgo)).toBe(true);
    expect(settled.sweep()).toEqual([]);

    now = Date.parse('2026-12-02T12:31:00Z');
    expect(settled.isSettled(justEnded)).toBe(true);
    expect(settled.sweep()).toEqual(['rr-ended']);
    expect(settled.sweep()).toEqual([]);
  });

  it('forgets a remediation that was deleted or runs again', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    const settled = new SettledRemediations(60_000, () => now + 120_000);
    settled.track(row('rr-a', 'Completed', '2026-12-02T12:00:30Z'));
    settled.track(row('rr-b', 'Completed', '2026-12-02T12:00:30Z'));
    settled.forget('rr-a');
    settled.track(row('rr-b', 'Executing'));
    expect(settled.sweep()).toEqual([]);
  });

  it('takes the creation time of an ended remediation without a completion time', () => {
    expect(endedAt(row('rr', 'Failed'))).toBe(
      Date.parse('2026-12-02T10:00:00Z'),
    );
    expect(endedAt(row('rr', 'AwaitingApproval'))).toBeUndefined();
  });
});

describe('approvalOutline', () => {
  it('keeps the decision and drops the agent texts', () => {
    const outline = approvalOutline({
      name: 'rar-x',
      cluster: 'c',
      namespace: 'kubernaut-system',
      remediation: 'x',
      resourceVersion: '7',
      confidence: 0.8,
      investigationSummary: 'a long summary',
      reason: 'why',
      whyApprovalRequired: 'policy',
      evidence: ['e1', 'e2'],
      alternativesConsidered: [{ approach: 'a', prosCons: 'p' }],
      recommendedWorkflow: { name: 'w', rationale: 'because' },
      decision: 'Approved',
      decidedBy: 'alice',
      decidedAt: '2026-12-02T10:00:00Z',
      expired: false,
    });
    expect(outline).toMatchObject({
      name: 'rar-x',
      decision: 'Approved',
      decidedBy: 'alice',
      confidence: 0.8,
      recommendedWorkflow: { name: 'w', rationale: undefined },
      investigationSummary: undefined,
      evidence: [],
      alternativesConsidered: [],
    });
    expect(approvalOutline(outline)).toBe(outline);
  });
});

describe('NotificationsByRemediation', () => {
  it('finds a remediation’s notifications and follows moves and removals', () => {
    const index = new NotificationsByRemediation();
    index.put('nr-a-1', 'rr-1');
    index.put('nr-b-1', 'rr-1');
    index.put('nr-a-2', 'rr-2');
    index.put('nr-b-1', 'rr-2');
    index.remove('nr-a-1');
    index.put('nr-orphan', undefined);
    expect(index.of('rr-1')).toEqual([]);
    expect([...index.of('rr-2')].sort()).toEqual(['nr-a-2', 'nr-b-1']);
  });
});

describe('NotificationsByRemediation, settled', () => {
  it('remembers a settled remediation’s notifications by name, sharing the common combinations', () => {
    const index = new NotificationsByRemediation();
    for (const rr of ['rr-1', 'rr-2']) {
      index.put(`nr-completion-${rr}`, rr);
      index.put(`nr-approval-${rr}`, rr);
    }
    index.put('nr-odd-name', 'rr-2');
    expect([...index.settle('rr-1')].sort()).toEqual([
      'nr-approval-rr-1',
      'nr-completion-rr-1',
    ]);
    index.settle('rr-2');
    index.addSettled('rr-2', 'nr-approval-rr-2');
    expect(index.of('rr-1')).toEqual([]);
    expect(index.settledOf('rr-1')).toEqual([
      'nr-approval-rr-1',
      'nr-completion-rr-1',
    ]);
    expect(index.settledOf('rr-2').sort()).toEqual([
      'nr-approval-rr-2',
      'nr-completion-rr-2',
      'nr-odd-name',
    ]);
    index.forgetRemediation('rr-1');
    expect(index.settledOf('rr-1')).toEqual([]);
  });
});
