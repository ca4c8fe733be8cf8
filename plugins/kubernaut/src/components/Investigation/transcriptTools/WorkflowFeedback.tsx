import { useApi } from '@backstage/core-plugin-api';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { kubernautApiRef } from '../../../api';

/**
 * "RCA feedback 👍 n / 👎 m": how people rated the analyses that recommended a workflow, known
 * by its id or its name. Nothing while the counts load, or when nobody rated one yet.
 */
export function WorkflowFeedback(props: { ids: Array<string | undefined> }) {
  const api = useApi(kubernautApiRef);
  const { data } = useQuery({
    queryKey: ['kubernaut', 'workflow-feedback'],
    queryFn: ({ signal }) => api.getWorkflowFeedback({ signal }),
    staleTime: 60_000,
  });
  const ids = new Set(props.ids.filter(Boolean));
  let up = 0;
  let down = 0;
  for (const item of data?.items ?? [])
    if (ids.has(item.workflowId)) {
      up += item.up;
      down += item.down;
    }
  if (up + down === 0) return null;
  return (
    <Typography
      variant="body2"
      color="text.secondary"
      aria-label={`RCA feedback: ${up} helpful, ${down} not helpful`}
    >
      RCA feedback 👍 {up} / 👎 {down}
    </Typography>
  );
}
