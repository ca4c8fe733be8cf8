import type { RemediationDetail } from '@kubernaut/plugin-kubernaut-common';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { ConfidenceBar } from '../shared/ConfidenceBar';
import { PhaseChip } from '../shared/chips';

/** The EffectivenessAssessment: health, alert and metrics components of the score. */
export function EffectivenessPanel(props: { remediation: RemediationDetail }) {
  const ea = props.remediation.effectiveness;
  if (!ea)
    return (
      <Typography color="text.secondary">
        No effectiveness assessment yet: Kubernaut assesses a remediation after
        its workflow ran.
      </Typography>
    );
  const parts = [
    {
      label: 'Health',
      value: ea.healthScore,
      hint: 'Pods ready, no restarts after the fix',
    },
    {
      label: 'Alert',
      value: ea.alertScore,
      hint: 'The triggering alert resolved',
    },
    {
      label: 'Metrics',
      value: ea.metricsScore,
      hint: 'Metrics back within their baseline',
    },
  ];
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <Typography variant="body2">
          Assessment <strong>{ea.name}</strong>{' '}
          <PhaseChip phase={ea.phase ?? 'Unknown'} />
          {ea.assessmentReason ? ` — ${ea.assessmentReason}` : ''}
        </Typography>
      </Grid>
      {parts.map(part => (
        <Grid item xs={12} md={4} key={part.label}>
          <Card variant="outlined">
            <CardContent>
              <Typography
                variant="overline"
                color="text.secondary"
                component="h3"
              >
                {part.label}
              </Typography>
              {part.value !== undefined ? (
                <ConfidenceBar
                  value={part.value}
                  label={`${part.label} score`}
                />
              ) : (
                <Typography color="text.secondary">not measured</Typography>
              )}
              <Typography variant="caption" color="text.secondary">
                {part.hint}
              </Typography>
            </CardContent>
          </Card>
        </Grid>
      ))}
    </Grid>
  );
}
