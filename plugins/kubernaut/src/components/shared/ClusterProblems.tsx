import type { ClusterHealth } from '@kubernaut/plugin-kubernaut-common';
import Alert from '@mui/material/Alert';
import Stack from '@mui/material/Stack';

/**
 * Names the clusters a view could not read (or read stale) in place, so one failing cluster
 * explains the gap in a page instead of breaking it.
 */
export function ClusterProblems(props: { clusters?: ClusterHealth[] }) {
  const problems = (props.clusters ?? []).filter(
    c => c.status === 'unreachable' || c.stale,
  );
  if (problems.length === 0) return null;
  return (
    <Stack spacing={1} sx={{ mb: 2 }}>
      {problems.map(c => (
        <Alert
          key={c.name}
          severity={c.status === 'unreachable' ? 'error' : 'warning'}
          variant="outlined"
        >
          <strong>{c.title || c.name}</strong>{' '}
          {c.status === 'unreachable'
            ? 'is unreachable: its remediations are missing from this view.'
            : 'is not watching: its data may be out of date.'}
          {c.lastError ? ` (${c.lastError})` : ''}
        </Alert>
      ))}
    </Stack>
  );
}
