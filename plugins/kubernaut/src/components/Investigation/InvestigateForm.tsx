import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { kubernautInvestigationCreatePermission } from '@kubernaut/plugin-kubernaut-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { kubernautApiRef } from '../../api';
import { useKubernautPaths } from '../paths';

const EXAMPLES = [
  'The payment processing in prod-eu-west feels sluggish since this morning.',
  "What's going on with checkout-service? I see alerts firing.",
];

/** Natural-language intake: describe a symptom, Kubernaut investigates (or joins one running). */
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
  const [cluster, setCluster] = useState('');
  const [message, setMessage] = useState('');
  const chosen = cluster || clusters.data?.items[0]?.name || '';
  const start = useMutation({
    mutationFn: () =>
      api.startInvestigation({ cluster: chosen, message: message.trim() }),
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
            if (message.trim() && chosen) start.mutate();
          }}
        >
          <TextField
            select
            label="Cluster"
            size="small"
            value={chosen}
            onChange={event => setCluster(event.target.value)}
            sx={{ maxWidth: 320 }}
            disabled={!clusters.data}
          >
            {(clusters.data?.items ?? []).map(c => (
              <MenuItem
                key={c.name}
                value={c.name}
                disabled={c.status === 'unreachable'}
              >
                {c.title || c.name}
                {c.status === 'unreachable' ? ' (unreachable)' : ''}
              </MenuItem>
            ))}
          </TextField>
          <TextField
            label="What is happening?"
            multiline
            minRows={3}
            value={message}
            onChange={event => setMessage(event.target.value)}
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
          <div>
            <Button
              type="submit"
              variant="contained"
              disabled={
                !allowed.allowed ||
                !message.trim() ||
                !chosen ||
                start.isPending
              }
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
