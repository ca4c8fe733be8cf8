import type { KpiFigures } from '@kubernaut/plugin-kubernaut-common';
import Grid from '@mui/material/Grid';
import { FigureCard } from '../shared/FigureCard';
import { formatDuration } from '../shared/time';

interface Kpi {
  label: string;
  value: string;
  hint: string;
  tone?: 'error.main' | 'warning.main' | 'success.main';
}

function kpis(f: KpiFigures): Kpi[] {
  return [
    {
      label: 'Active investigations',
      value: String(f.activeInvestigations),
      hint: 'Remediations that have not ended',
    },
    {
      label: 'Awaiting approval',
      value: String(f.awaitingApproval),
      hint: 'Approval requests waiting for a person',
      tone: f.awaitingApproval ? 'warning.main' : undefined,
    },
    {
      label: 'Resolved',
      value: String(f.resolved),
      hint: `${f.failed} failed in the window`,
      tone: 'success.main',
    },
    {
      label: 'Critical alerts',
      value: String(f.criticalAlerts),
      hint: 'Active remediations of critical signals',
      tone: f.criticalAlerts ? 'error.main' : undefined,
    },
    {
      label: 'Mean time to resolve',
      value:
        f.meanTimeToResolve !== undefined
          ? formatDuration(f.meanTimeToResolve)
          : '—',
      hint:
        f.p90TimeToResolve !== undefined
          ? `p90 ${formatDuration(f.p90TimeToResolve)}`
          : 'nothing resolved in the window',
    },
    {
      label: 'Success rate',
      value:
        f.successRate !== undefined
          ? `${Math.round(f.successRate * 100)}%`
          : '—',
      hint: 'Remediated of those that ended',
    },
  ];
}

export function KpiCards(props: { figures?: KpiFigures }) {
  const items = props.figures ? kpis(props.figures) : undefined;
  return (
    <Grid
      container
      spacing={2}
      sx={{ mb: 2 }}
      component="section"
      aria-label="Key figures"
    >
      {(items ?? Array.from({ length: 6 }, () => undefined)).map((kpi, i) => (
        <Grid item xs={6} sm={4} lg={2} key={kpi?.label ?? i}>
          <FigureCard
            label={kpi?.label ?? ''}
            value={kpi?.value}
            hint={kpi?.hint}
            tone={kpi?.tone}
          />
        </Grid>
      ))}
    </Grid>
  );
}
