import { stepState } from './PhaseStepper';

describe('stepState', () => {
  it.each([
    ['Pending', undefined, { active: 0, failedAt: undefined, done: false }],
    ['Analyzing', undefined, { active: 2, failedAt: undefined, done: false }],
    [
      'AwaitingApproval',
      undefined,
      { active: 3, failedAt: undefined, done: false },
    ],
    ['Blocked', undefined, { active: 3, failedAt: undefined, done: false }],
    ['Verifying', undefined, { active: 5, failedAt: undefined, done: false }],
    ['Completed', undefined, { active: 6, failedAt: undefined, done: true }],
    ['Failed', 'WorkflowExecution', { active: 4, failedAt: 4, done: false }],
    ['TimedOut', 'Approval', { active: 3, failedAt: 3, done: false }],
    ['Failed', undefined, { active: 6, failedAt: 6, done: false }],
    ['Unknown', undefined, { active: 0, failedAt: undefined, done: false }],
  ] as const)('%s (failed in %s)', (phase, failurePhase, expected) => {
    expect(stepState({ phase, failurePhase })).toEqual(expected);
  });
});
