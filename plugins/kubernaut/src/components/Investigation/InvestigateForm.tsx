import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  kubernautInvestigationCreatePermission,
  type ClusterHealth,
} from '@kubernaut/plugin-kubernaut-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { kubernautApiRef } from '../../api';
import { useKubernautPaths } from '../paths';
import {
  useIntakeCluster,
  useIntakeWorkloads,
  type IntakeCluster,
} from './intake/useIntakeCluster';

const EXAMPLES = [
  'The payment processing in prod-eu-west feels sluggish since this morning.',
  "What's going on with checkout-service? I see alerts firing.",
];

/** The menu's first entry: no choice of the operator's, the description decides. */
const FROM_DESCRIPTION = '';

/** What the form says about the cluster: picked and why, a question, or a request to choose. */
function ClusterStatus(props: {
  intake: IntakeCluster;
  clusters: ClusterHealth[];
  described: boolean;
}) {
  const { intake, clusters, described } = props;
  const { resolution, manual, chosen } = intake;
  const unreachable = clusters.find(
    c => c.name === chosen && c.status === 'unreachable',
  );
  if (unreachable)
    return (
      <Alert severity="warning" role="status">
        Cluster: {chosen} is unreachable; choose another cluster in the menu.
      </Alert>
    );
  if (manual)
    return (
      <Typography variant="body2" role="status">
        Cluster: <strong>{manual}</strong> — chosen by you
      </Typography>
    );
  if (resolution.kind === 'one')
    return (
      <Typography variant="body2" role="status">
        Cluster: <strong>{resolution.cluster}</strong> — {resolution.reason}
        <Typography component="span" variant="body2" color="text.secondary">
          {' '}
          (change it in the menu)
        </Typography>
      </Typography>
    );
  if (resolution.kind === 'several')
    return (
      <Alert severity="info" role="status">
        <Typography variant="body2" gutterBottom>
          Which cluster is this about? Your description fits{' '}
          {resolution.candidates.length} ({resolution.reason}):
        </Typography>
        <Stack
          direction="row"
          spacing={1}
          useFlexGap
          flexWrap="wrap"
          role="group"
          aria-label="Candidate clusters"
        >
          {resolution.candidates.map(name => (
            <Button
              key={name}
              size="small"
              variant="outlined"
              onClick={() => intake.choose(name)}
            >
              {name}
            </Button>
          ))}
        </Stack>
      </Alert>
    );
  return (
    <Typography variant="body2" color="text.secondary" role="status">
      {described
        ? 'Choose the cluster this is about in the menu, or name it in your description.'
        : 'Name the cluster, its environment or the workload in your description, or choose it in the menu.'}
    </Typography>
  );
}

/**
 * Natural-language intake: describe a symptom, Kubernaut investigates (or joins one running).
 * The cluster is read from the description (a named cluster, an environment, a workload that
 * runs in only some clusters); several candidates are put to the operator, and a choice the
 * operator makes in the menu stays however the description changes.
 *
 * Other views open it prefilled (`?description=…&cluster=…`, see `investigateWith`): the
 * description is filled in, a cluster given counts as the operator's choice, and nothing is
 * submitted until the operator presses Investigate.
 */
export function InvestigateForm() {
  const api = useApi(kubernautApiRef);
  const paths = useKubernautPaths();
  const navigate = useNavigate();
  const allowed = usePermission({
    permission: kubernautInvestigationCreatePermission,
  });
  const clusters = useQuery({
    queryKey: ['kubernaut', 'clusters'],
    queryFn: ({ signal }) => api.getClusters({ signal }),
  });
  const workloads = useIntakeWorkloads();
  const [params] = useSearchParams();
  const prefilled = params.get('description') ?? '';
  const prefilledCluster = params.get('cluster') || undefined;
  const [message, setMessage] = useState(prefilled);
  const intake = useIntakeCluster(message, clusters.data?.items, workloads);
  const { choose } = intake;
  const descriptionRef = useRef<HTMLTextAreaElement>(null);
  // A prefill arriving later (the page already open) replaces the description; so it is
  // filled and the caret is at its end, for the operator to go on typing.
  useEffect(() => {
    if (!prefilled) return;
    setMessage(prefilled);
    const field = descriptionRef.current;
    if (field) {
      field.focus();
      field.setSelectionRange(prefilled.length, prefilled.length);
    }
  }, [prefilled]);
  useEffect(() => {
    if (prefilledCluster) choose(prefilledCluster);
  }, [prefilledCluster, choose]);
  const chosen = intake.chosen;
  const reachable =
    chosen !== undefined &&
    clusters.data?.items.some(
      c => c.name === chosen && c.status !== 'unreachable',
    );
  const ready = Boolean(message.trim() && chosen && reachable);
  const start = useMutation({
    mutationFn: (cluster: string) =>
      api.startInvestigation({ cluster, message: message.trim() }),
    onSuccess: result => navigate(paths.investigation(result.id)),
  });

  return (
    <Card variant="outlined" sx={{ maxWidth: 880 }}>
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Investigate a symptom
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          Describe what you see in plain words. Kubernaut finds the workload,
          joins an investigation already running on it or starts one, and
          streams what it finds.
        </Typography>
        {!allowed.loading && !allowed.allowed && (
          <Alert severity="info" sx={{ mb: 2 }}>
            You may not start investigations (permission
            kubernaut.investigation.create).
          </Alert>
        )}
        <Stack
          component="form"
          spacing={2}
          onSubmit={event => {
            event.preventDefault();
            if (ready && chosen) start.mutate(chosen);
          }}
        >
          <TextField
            label="What is happening?"
            multiline
            minRows={3}
            value={message}
            onChange={event => setMessage(event.target.value)}
            inputRef={descriptionRef}
            inputProps={{ maxLength: 8000 }}
            placeholder={EXAMPLES[0]}
          />
          <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap">
            {EXAMPLES.map(example => (
              <Button
                key={example}
                size="small"
                variant="text"
                onClick={() => setMessage(example)}
              >
                “{example}”
              </Button>
            ))}
          </Stack>
          <TextField
            select
            label="Cluster"
            size="small"
            value={intake.manual ?? FROM_DESCRIPTION}
            onChange={event => intake.choose(event.target.value || undefined)}
            sx={{ maxWidth: 320 }}
            disabled={!clusters.data}
            InputLabelProps={{ shrink: true }}
            SelectProps={{ displayEmpty: true }}
          >
            <MenuItem value={FROM_DESCRIPTION}>
              <em>
                From the description
                {intake.resolution.kind === 'one'
                  ? `: ${intake.resolution.cluster}`
                  : ''}
              </em>
            </MenuItem>
            {(clusters.data?.items ?? []).map(c => (
              <MenuItem
                key={c.name}
                value={c.name}
                disabled={c.status === 'unreachable'}
              >
                {c.title && c.title !== c.name
                  ? `${c.title} (${c.name})`
                  : c.name}
                {c.status === 'unreachable' ? ' — unreachable' : ''}
              </MenuItem>
            ))}
          </TextField>
          {clusters.data && (
            <ClusterStatus
              intake={intake}
              clusters={clusters.data.items}
              described={Boolean(message.trim())}
            />
          )}
          {clusters.isError && (
            <Alert severity="error">
              Clusters unavailable: {(clusters.error as Error).message}
            </Alert>
          )}
          <div>
            <Button
              type="submit"
              variant="contained"
              disabled={!allowed.allowed || !ready || start.isPending}
            >
              {start.isPending ? 'Starting…' : 'Investigate'}
            </Button>
          </div>
          {start.isError && (
            <Alert severity="error">{(start.error as Error).message}</Alert>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
}
