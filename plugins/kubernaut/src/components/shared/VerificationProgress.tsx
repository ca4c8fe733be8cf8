import type {
  RemediationDetail,
  VerificationStepView,
} from '@kubernaut/plugin-kubernaut-common';
import CheckCircleOutline from '@mui/icons-material/CheckCircleOutline';
import HourglassEmpty from '@mui/icons-material/HourglassEmpty';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useNow } from '../../hooks/useNow';
import { ConfidenceBar } from './ConfidenceBar';
import { formatDuration } from './time';

export interface VerificationState {
  /** The EffectivenessAssessment's phase (Pending, Stabilizing, Assessing, Completed...). */
  phase?: string;
  stabilizationDeadline?: string;
  /** The steps reported so far, oldest first (status stream), or the assessed components. */
  steps: VerificationStepView[];
  /** The overall effectiveness score once components are scored. */
  score?: number;
  reason?: string;
}

/** "Stabilizing: assessment in 3 m 05 s", live, or when it elapsed. */
function Stabilization(props: { deadline: string }) {
  const now = useNow(1000);
  const left = (Date.parse(props.deadline) - now) / 1000;
  if (!Number.isFinite(left)) return null;
  return (
    <Typography
      variant="body2"
      role="timer"
      aria-live="off"
      sx={{ fontVariantNumeric: 'tabular-nums' }}
    >
      {left > 0
        ? `Stabilizing: assessment in ${formatDuration(left)}`
        : 'Stabilization window elapsed'}
    </Typography>
  );
}

/**
 * Verification you can watch: the stabilization countdown, each step as it is reported, then
 * the effectiveness result.
 */
export function VerificationProgress(props: { state: VerificationState }) {
  const { phase, stabilizationDeadline, steps, score, reason } = props.state;
  const stabilizing =
    !phase ||
    ['Pending', 'Stabilizing', 'WaitingForPropagation'].includes(phase);
  return (
    <Stack spacing={0.5} aria-label="Verification">
      {stabilizationDeadline && stabilizing && (
        <Stabilization deadline={stabilizationDeadline} />
      )}
      {steps.length > 0 && (
        <Stack component="ol" spacing={0.25} sx={{ m: 0, p: 0 }}>
          {steps.map((step, i) => (
            <Stack
              component="li"
              direction="row"
              spacing={0.75}
              alignItems="center"
              key={i}
              sx={{ listStyle: 'none' }}
            >
              {step.status === 'completed' ? (
                <CheckCircleOutline fontSize="inherit" color="success" />
              ) : (
                <HourglassEmpty fontSize="inherit" color="action" />
              )}
              <Typography variant="body2" color="text.secondary">
                {step.detail || step.step}
                {step.score !== undefined
                  ? ` · score ${step.score.toFixed(2)}`
                  : ''}
              </Typography>
            </Stack>
          ))}
        </Stack>
      )}
      {score !== undefined && (
        <Stack direction="row" spacing={1} alignItems="center">
          <Typography variant="body2">
            <strong>Effectiveness</strong>
            {reason ? ` (${reason})` : ''}
          </Typography>
          <ConfidenceBar value={score} label="Effectiveness score" />
        </Stack>
      )}
    </Stack>
  );
}

const COMPONENTS = [
  { key: 'health', label: 'Health' },
  { key: 'alert', label: 'Alert' },
  { key: 'metrics', label: 'Metrics' },
] as const;

/** An EffectivenessAssessment as verification progress: its components, assessed or waiting. */
export function verificationOf(
  ea: NonNullable<RemediationDetail['effectiveness']>,
): VerificationState {
  const scores = {
    health: ea.healthScore,
    alert: ea.alertScore,
    metrics: ea.metricsScore,
  };
  return {
    phase: ea.phase,
    stabilizationDeadline: ea.stabilizationDeadline,
    steps: COMPONENTS.map(({ key, label }) => {
      const done = ea.assessed?.[key] ?? scores[key] !== undefined;
      return {
        step: `${key}_assessed`,
        status: done ? 'completed' : 'pending',
        detail: done ? `${label} assessed` : `${label}: waiting`,
        score: done ? scores[key] : undefined,
      };
    }),
    score: ea.score,
    reason: ea.assessmentReason,
  };
}
