import type {
  ClusterHealth,
  KpiFigures,
} from '@kubernaut/plugin-kubernaut-common';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { RelativeTime } from '../shared/time';

const STATUS: Record<
  ClusterHealth['status'],
  { label: string; color: 'success' | 'info' | 'warning' | 'error' }
> = {
  connected: { label: 'Connected', color: 'success' },
  syncing: { label: 'Syncing', color: 'info' },
  degraded: { label: 'Degraded', color: 'warning' },
  unreachable: { label: 'Unreachable', color: 'error' },
};

/**
 * One card per cluster: status, stale badge, live figures, last sync. Its "Show remediations"
 * button filters to it; the button's click area covers the card, so a click anywhere on it does.
 */
export function ClusterHealthGrid(props: {
  clusters: ClusterHealth[];
  figures: Map<string, KpiFigures>;
  onSelect(cluster: string): void;
}) {
  return (
    <Grid
      container
      spacing={2}
      sx={{ mb: 2 }}
      component="section"
      aria-label="Cluster health"
    >
      {props.clusters.map(cluster => {
        const status = STATUS[cluster.status];
        const figures = props.figures.get(cluster.name);
        return (
          <Grid item xs={12} sm={6} lg={4} key={cluster.name}>
            <Card
              variant="outlined"
              sx={{
                position: 'relative',
                borderLeft: 4,
                borderLeftColor: `${status.color}.main`,
                '&:hover': { bgcolor: 'action.hover' },
              }}
            >
              <CardContent sx={{ py: 1.5, '&:last-child': { pb: 1.5 } }}>
                <Stack
                  direction="row"
                  spacing={1}
                  alignItems="center"
                  sx={{ mb: 0.5 }}
                >
                  <Typography
                    variant="subtitle1"
                    component="h3"
                    sx={{ fontWeight: 600, flexGrow: 1 }}
                    noWrap
                  >
                    {cluster.title || cluster.name}
                  </Typography>
                  {cluster.stale && cluster.status !== 'unreachable' && (
                    <Chip
                      size="small"
                      color="warning"
                      variant="outlined"
                      label="Stale"
                    />
                  )}
                  <Chip
                    size="small"
                    color={status.color}
                    label={status.label}
                  />
                </Stack>
                <Typography
                  variant="caption"
                  color="text.secondary"
                  component="p"
                >
                  {[cluster.environment, `Kubernaut ${cluster.statusLayout}`]
                    .filter(Boolean)
                    .join(' · ')}
                </Typography>
                <Stack direction="row" spacing={2} sx={{ mt: 1 }}>
                  <Figure
                    label="Active"
                    value={figures?.activeInvestigations}
                  />
                  <Figure label="Approval" value={figures?.awaitingApproval} />
                  <Figure label="Critical" value={figures?.criticalAlerts} />
                  <Figure
                    label="Cached RRs"
                    value={cluster.counts.RemediationRequest}
                  />
                </Stack>
                <Stack
                  direction="row"
                  spacing={1}
                  alignItems="center"
                  sx={{ mt: 0.5 }}
                >
                  <Typography
                    variant="caption"
                    color="text.secondary"
                    component="p"
                    sx={{ flexGrow: 1, minWidth: 0 }}
                    noWrap
                  >
                    Last sync <RelativeTime iso={cluster.lastSync} />
                    {cluster.lastError ? ` · ${cluster.lastError}` : ''}
                  </Typography>
                  <Button
                    size="small"
                    onClick={() => props.onSelect(cluster.name)}
                    aria-label={`Show remediations in ${cluster.name}`}
                    sx={{
                      flexShrink: 0,
                      position: 'static',
                      '&::after': {
                        content: '""',
                        position: 'absolute',
                        inset: 0,
                      },
                      '&.Mui-focusVisible::after': {
                        outline: theme =>
                          `2px solid ${theme.palette.primary.main}`,
                        outlineOffset: -2,
                        borderRadius: 1,
                      },
                    }}
                  >
                    Show remediations
                  </Button>
                </Stack>
              </CardContent>
            </Card>
          </Grid>
        );
      })}
    </Grid>
  );
}

function Figure(props: { label: string; value?: number }) {
  return (
    <div>
      <Typography
        variant="h6"
        component="p"
        sx={{ lineHeight: 1.2, fontVariantNumeric: 'tabular-nums' }}
      >
        {props.value ?? '—'}
      </Typography>
      <Typography variant="caption" color="text.secondary">
        {props.label}
      </Typography>
    </div>
  );
}
