import type { RemediationDetail } from '@kubernaut/plugin-kubernaut-common';
import Step from '@mui/material/Step';
import StepLabel from '@mui/material/StepLabel';
import Stepper from '@mui/material/Stepper';
import Typography from '@mui/material/Typography';

const STEPS = [
  'Signal',
  'Processing',
  'Analysis',
  'Approval',
  'Execution',
  'Verification',
  'Outcome',
];

const STEP_OF_PHASE: Record<string, number> = {
  Pending: 0,
  Processing: 1,
  Analyzing: 2,
  AwaitingApproval: 3,
  Blocked: 3,
  Executing: 4,
  Verifying: 5,
  Completed: 6,
  Failed: 6,
  TimedOut: 6,
  Skipped: 6,
  Cancelled: 6,
};

const FAILURE_STEP: Record<string, number> = {
  SignalProcessing: 1,
  Processing: 1,
  AIAnalysis: 2,
  Analyzing: 2,
  Approval: 3,
  AwaitingApproval: 3,
  WorkflowExecution: 4,
  Executing: 4,
  Verification: 5,
  Verifying: 5,
};

/** Where a remediation is: signal → processing → analysis → approval → execution → verification → outcome. */
export function stepState(
  r: Pick<RemediationDetail, 'phase' | 'failurePhase'> &
    Partial<Pick<RemediationDetail, 'approvalRequest' | 'workflowExecution'>>,
) {
  const active = STEP_OF_PHASE[r.phase] ?? 0;
  const failed = ['Failed', 'TimedOut', 'Cancelled'].includes(r.phase);
  const failedAt = failed ? FAILURE_STEP[r.failurePhase ?? ''] ?? 6 : undefined;
  const done = r.phase === 'Completed';
  // A remediation that ended without running anything (nothing to do, or left to people) went
  // through no approval, execution or verification.
  const skipped = done && !r.workflowExecution ? [4, 5] : [];
  if (done && !r.approvalRequest) skipped.unshift(3);
  return { active: failedAt ?? active, failedAt, done, skipped };
}

export function PhaseStepper(props: { remediation: RemediationDetail }) {
  const { active, failedAt, done, skipped } = stepState(props.remediation);
  return (
    <Stepper
      activeStep={done ? STEPS.length : active}
      alternativeLabel
      aria-label="Remediation progress"
    >
      {STEPS.map((label, index) => (
        <Step
          key={label}
          completed={!skipped.includes(index) && (done || index < active)}
        >
          <StepLabel
            error={failedAt === index}
            optional={
              skipped.includes(index) ? (
                <Typography variant="caption" color="text.secondary">
                  skipped
                </Typography>
              ) : undefined
            }
          >
            {index === STEPS.length - 1 && done
              ? props.remediation.outcome ?? 'Completed'
              : failedAt === index
              ? `${label}: ${props.remediation.phase}`
              : label}
          </StepLabel>
        </Step>
      ))}
    </Stepper>
  );
}
