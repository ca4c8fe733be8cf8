import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Close from '@mui/icons-material/Close';
import Box from '@mui/material/Box';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import MuiLink from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { lazy, Suspense } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { useWorkflow } from '../../hooks/queries';
import { WorkflowFeedback } from '../Investigation/transcriptTools/WorkflowFeedback';
import { useKubernautPaths } from '../paths';
import { PhaseChip } from '../shared/chips';
import { RelativeTime } from '../shared/time';

const EffectivenessChart = lazy(() => import('../charts/EffectivenessChart'));

/** One workflow: what it does, its parameters, effectiveness over time, recent remediations. */
export function WorkflowDrawer(props: {
  cluster?: string;
  name?: string;
  onClose(): void;
}) {
  const workflow = useWorkflow(props.cluster, props.name);
  const paths = useKubernautPaths();
  return (
    <Drawer
      anchor="right"
      open={Boolean(props.name)}
      onClose={props.onClose}
      PaperProps={{ sx: { width: { xs: '100%', md: 560 }, p: 3 } }}
    >
      <Stack direction="row" alignItems="center" sx={{ mb: 2 }}>
        <Typography variant="h5" component="h2" sx={{ flexGrow: 1 }}>
          {props.name}
        </Typography>
        <IconButton onClick={props.onClose} aria-label="Close workflow details">
          <Close />
        </IconButton>
      </Stack>
      {workflow.isPending ? (
        <Progress />
      ) : workflow.isError ? (
        <ResponseErrorPanel
          error={workflow.error}
          title="Workflow unavailable"
        />
      ) : (
        <Stack spacing={2}>
          <Typography variant="body2" color="text.secondary">
            {workflow.data.actionType} · {workflow.data.status} ·{' '}
            {workflow.data.cluster}
            {workflow.data.version ? ` · v${workflow.data.version}` : ''}
          </Typography>
          <WorkflowFeedback
            ids={[workflow.data.workflowId, workflow.data.name]}
          />
          {workflow.data.description && (
            <Typography variant="body2">{workflow.data.description}</Typography>
          )}
          {workflow.data.whenToUse && (
            <Typography variant="body2">
              <strong>When to use:</strong> {workflow.data.whenToUse}
            </Typography>
          )}
          {workflow.data.whenNotToUse && (
            <Typography variant="body2">
              <strong>When not to:</strong> {workflow.data.whenNotToUse}
            </Typography>
          )}
          <Box>
            <Typography variant="subtitle2" component="h3">
              Effectiveness over time
            </Typography>
            {workflow.data.effectivenessStatus === 'unavailable' ? (
              <Typography variant="body2" color="text.secondary">
                Data Storage unavailable: no history.
              </Typography>
            ) : workflow.data.history.length === 0 ? (
              <Typography variant="body2" color="text.secondary">
                No assessments yet.
              </Typography>
            ) : (
              <Suspense fallback={<Progress />}>
                <EffectivenessChart history={workflow.data.history} />
              </Suspense>
            )}
          </Box>
          {workflow.data.parameters.length > 0 && (
            <Box>
              <Typography variant="subtitle2" component="h3">
                Parameters
              </Typography>
              {workflow.data.parameters.map(p => (
                <Typography variant="body2" key={p.name}>
                  <code>{p.name}</code> ({p.type}
                  {p.required ? ', required' : ''})
                  {p.description ? ` — ${p.description}` : ''}
                </Typography>
              ))}
            </Box>
          )}
          <Box>
            <Typography variant="subtitle2" component="h3">
              Recent remediations
            </Typography>
            {workflow.data.recentRemediations.length === 0 ? (
              <Typography variant="body2" color="text.secondary">
                None in the caches.
              </Typography>
            ) : (
              <Stack
                spacing={0.5}
                component="ul"
                sx={{ listStyle: 'none', p: 0, m: 0 }}
              >
                {workflow.data.recentRemediations.map(r => (
                  <Stack
                    component="li"
                    direction="row"
                    spacing={1}
                    alignItems="center"
                    key={r.name}
                  >
                    <PhaseChip phase={r.phase} />
                    <MuiLink
                      component={RouterLink}
                      to={paths.remediation(r.cluster, r.name)}
                    >
                      {r.target.name}
                    </MuiLink>
                    <Typography variant="caption" color="text.secondary">
                      <RelativeTime iso={r.createdAt} />
                    </Typography>
                  </Stack>
                ))}
              </Stack>
            )}
          </Box>
        </Stack>
      )}
    </Drawer>
  );
}
