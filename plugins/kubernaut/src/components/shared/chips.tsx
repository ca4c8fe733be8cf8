import type {
  RemediationPhase,
  Severity,
} from '@kubernaut/plugin-kubernaut-common';
import Chip, { type ChipProps } from '@mui/material/Chip';

const PHASE_COLORS: Record<string, ChipProps['color']> = {
  Pending: 'default',
  Processing: 'info',
  Analyzing: 'info',
  AwaitingApproval: 'warning',
  Executing: 'primary',
  Verifying: 'primary',
  Blocked: 'warning',
  Completed: 'success',
  Failed: 'error',
  TimedOut: 'error',
  Skipped: 'default',
  Cancelled: 'default',
};

const PHASE_LABELS: Record<string, string> = {
  AwaitingApproval: 'Awaiting approval',
  TimedOut: 'Timed out',
};

export function phaseLabel(phase: string): string {
  return PHASE_LABELS[phase] ?? phase;
}

export function PhaseChip(props: { phase: RemediationPhase | string }) {
  return (
    <Chip
      size="small"
      variant="outlined"
      color={PHASE_COLORS[props.phase] ?? 'default'}
      label={phaseLabel(props.phase)}
    />
  );
}

const SEVERITY_COLORS: Record<Severity, ChipProps['color']> = {
  critical: 'error',
  high: 'warning',
  warning: 'warning',
  info: 'info',
  unknown: 'default',
};

export function SeverityChip(props: { severity: Severity | string }) {
  const color = SEVERITY_COLORS[props.severity as Severity] ?? 'default';
  return (
    <Chip
      size="small"
      color={color}
      variant={props.severity === 'critical' ? 'filled' : 'outlined'}
      label={props.severity}
    />
  );
}
