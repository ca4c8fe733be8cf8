import { stepState } from './PhaseStepper';

describe('stepState', () => {
  it.each([
    [
      'Pending',
      undefined,
      { active: 0, failedAt: undefined, done: false, skipped: [] },
    ],
    [
      'Analyzing',
      undefined,
      { active: 2, failedAt: undefined, done: false, skipped: [] },
    ],
    [
      'AwaitingApproval',
      undefined,
      { active: 3, failedAt: undefined, done: false, skipped: [] },
    ],
    [
      'Blocked',
      undefined,
      { active: 3, failedAt: undefined, done: false, skipped: [] },
    ],
    [
      'Verifying',
      undefined,
      { active: 5, failedAt: undefined, done: false, skipped: [] },
    ],
    [
      'Completed',
      undefined,
      { active: 6, failedAt: undefined, done: true, skipped: [3, 4, 5] },
    ],
    [
      'Failed',
      'WorkflowExecution',
      { active: 4, failedAt: 4, done: false, skipped: [] },
    ],
    [
      'TimedOut',
      'Approval',
      { active: 3, failedAt: 3, done: false, skipped: [] },
    ],
    ['Failed', undefined, { active: 6, failedAt: 6, done: false, skipped: [] }],
    [
      'Unknown',
      undefined,
      { active: 0, failedAt: undefined, done: false, skipped: [] },
    ],
  ] as const)('%s (failed in %s)', (phase, failurePhase, expected) => {
    expect(stepState({ phase, failurePhase })).toEqual(expected);
  });

  it('marks what a remediation that ran nothing skipped, and nothing for one that ran', () => {
    const ran = {
      phase: 'Completed',
      approvalRequest: {},
      workflowExecution: {},
    } as unknown as Parameters<typeof stepState>[0];
    expect(stepState(ran).skipped).toEqual([]);
    expect(stepState({ ...ran, approvalRequest: undefined }).skipped).toEqual([
      3,
    ]);
  });
});
