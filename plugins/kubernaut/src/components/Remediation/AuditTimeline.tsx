import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useAuditTrail } from '../../hooks/queries';

/** The remediation's Data Storage audit trail, oldest first. */
export function AuditTimeline(props: { cluster: string; name: string }) {
  const audit = useAuditTrail(props.cluster, props.name);
  if (audit.isPending) return <Progress />;
  if (audit.isError)
    return (
      <ResponseErrorPanel error={audit.error} title="Audit trail unavailable" />
    );
  if (audit.data.status === 'unavailable')
    return (
      <Alert severity="warning">
        History unavailable: Data Storage cannot be reached
        {audit.data.message ? ` (${audit.data.message})` : ''}.
      </Alert>
    );
  if (audit.data.events.length === 0)
    return (
      <Typography color="text.secondary">
        No audit events recorded yet.
      </Typography>
    );
  return (
    <Box
      component="ol"
      aria-label="Audit trail"
      sx={{ listStyle: 'none', p: 0, m: 0 }}
    >
      {audit.data.events.map(event => (
        <Box
          component="li"
          key={event.id}
          sx={{
            borderLeft: 2,
            borderColor: event.outcome === 'failure' ? 'error.main' : 'divider',
            pl: 2,
            pb: 1.5,
            position: 'relative',
          }}
        >
          <Stack
            direction="row"
            spacing={1}
            alignItems="baseline"
            flexWrap="wrap"
          >
            <Typography
              variant="caption"
              color="text.secondary"
              sx={{ fontVariantNumeric: 'tabular-nums', minWidth: 150 }}
            >
              {new Date(event.timestamp).toLocaleString()}
            </Typography>
            <Typography variant="body2" sx={{ fontWeight: 600 }}>
              {event.type}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {event.outcome} · {event.actor.type}:{event.actor.id}
            </Typography>
          </Stack>
          {Object.keys(event.data).length > 0 && (
            <Typography
              variant="caption"
              component="pre"
              color="text.secondary"
              sx={{ m: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
            >
              {Object.entries(event.data)
                .map(
                  ([k, v]) =>
                    `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`,
                )
                .join('\n')}
            </Typography>
          )}
        </Box>
      ))}
      {audit.data.total > audit.data.events.length && (
        <Typography variant="caption" color="text.secondary">
          Showing {audit.data.events.length} of {audit.data.total} events.
        </Typography>
      )}
    </Box>
  );
}
