import type { InvestigationStatus } from '@kubernaut/plugin-kubernaut-common';
import FiberManualRecord from '@mui/icons-material/FiberManualRecord';
import Chip, { type ChipProps } from '@mui/material/Chip';
import { keyframes } from '@mui/material/styles';
import Tooltip from '@mui/material/Tooltip';

export const INVESTIGATION_STATUSES: InvestigationStatus[] = [
  'running',
  'completed',
  'failed',
  'canceled',
  'interrupted',
];

const LABELS: Record<InvestigationStatus, string> = {
  running: 'Running',
  completed: 'Completed',
  failed: 'Failed',
  canceled: 'Canceled',
  interrupted: 'Interrupted',
};

const COLORS: Record<InvestigationStatus, ChipProps['color']> = {
  running: 'info',
  completed: 'success',
  failed: 'error',
  canceled: 'default',
  interrupted: 'warning',
};

const HINTS: Record<InvestigationStatus, string> = {
  running: 'Live: the agent or the remediation is still being followed',
  completed: 'Ended; its transcript is stored',
  failed: 'Ended with an error; its transcript is stored',
  canceled: 'The remediation was cancelled',
  interrupted:
    'The relay stopped before the end (connection dropped or backend restarted)',
};

export const statusLabel = (status: InvestigationStatus) =>
  LABELS[status] ?? status;

const pulse = keyframes`
  0% { opacity: 1; }
  50% { opacity: 0.25; }
  100% { opacity: 1; }
`;

/** An investigation's status; a running one pulses. */
export function InvestigationStatusChip(props: {
  status: InvestigationStatus;
}) {
  const running = props.status === 'running';
  return (
    <Tooltip title={HINTS[props.status] ?? ''}>
      <Chip
        size="small"
        variant={running ? 'filled' : 'outlined'}
        color={COLORS[props.status] ?? 'default'}
        label={statusLabel(props.status)}
        icon={
          running ? (
            <FiberManualRecord
              aria-hidden
              sx={{
                fontSize: '10px !important',
                animation: `${pulse} 1.6s ease-in-out infinite`,
                '@media (prefers-reduced-motion: reduce)': {
                  animation: 'none',
                },
              }}
            />
          ) : undefined
        }
      />
    </Tooltip>
  );
}
