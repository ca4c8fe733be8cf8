import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { Link } from 'react-router-dom';
import { SeverityChip } from '../shared/chips';
import { ConfidenceBar } from '../shared/ConfidenceBar';
import { useKubernautPaths } from '../paths';
import { ClusterProblems } from '../shared/ClusterProblems';
import { Countdown } from '../shared/time';
import { useApprovalPages } from './useApprovalPages';

/**
 * Pending approval requests across the fleet, soonest deadline first, with live countdowns; a
 * page at a time, with a way to load the next.
 */
export function ApprovalsInbox() {
  const approvals = useApprovalPages();
  const paths = useKubernautPaths();
  if (approvals.isPending) return <Progress />;
  if (approvals.isError)
    return (
      <ResponseErrorPanel
        error={approvals.error}
        title="Approvals unavailable"
      />
    );
  const pages = approvals.data.pages;
  const items = pages.flatMap(page => page.items);
  const { clusters, totalCount = items.length } = pages[pages.length - 1];
  return (
    <>
      <ClusterProblems clusters={clusters} />
      {items.length === 0 ? (
        <Typography color="text.secondary">
          No approval requests are waiting. Kubernaut asks here when policy
          needs a person.
        </Typography>
      ) : (
        <Stack
          spacing={1.5}
          component="ul"
          sx={{ p: 0, m: 0, listStyle: 'none' }}
          aria-label="Pending approvals"
        >
          {items.map(approval => (
            <Card
              variant="outlined"
              component="li"
              key={`${approval.cluster}/${approval.name}`}
            >
              <CardContent sx={{ py: 1.5, '&:last-child': { pb: 1.5 } }}>
                <Stack
                  direction={{ xs: 'column', md: 'row' }}
                  spacing={2}
                  alignItems={{ md: 'center' }}
                >
                  <SeverityChip severity={approval.severity} />
                  <Stack sx={{ flexGrow: 1, minWidth: 0 }}>
                    <Typography
                      variant="subtitle1"
                      component="h3"
                      sx={{ fontWeight: 600 }}
                      noWrap
                    >
                      {approval.workflow ??
                        approval.recommendedWorkflow?.name ??
                        'A workflow'}{' '}
                      on {approval.target.namespace}/{approval.target.kind}/
                      {approval.target.name}
                    </Typography>
                    <Typography variant="body2" color="text.secondary" noWrap>
                      {approval.signalName} in {approval.cluster}
                      {approval.environment
                        ? ` (${approval.environment})`
                        : ''}{' '}
                      ·{' '}
                      {approval.whyApprovalRequired ??
                        approval.reason ??
                        'policy requires approval'}
                    </Typography>
                  </Stack>
                  <ConfidenceBar
                    value={approval.confidence}
                    label="confidence"
                  />
                  <Countdown deadline={approval.requiredBy} />
                  <Button
                    variant="contained"
                    component={Link}
                    to={`${paths.remediation(
                      approval.cluster,
                      approval.remediation,
                    )}?tab=approval`}
                  >
                    Review
                  </Button>
                </Stack>
              </CardContent>
            </Card>
          ))}
        </Stack>
      )}
      {approvals.hasNextPage && (
        <Stack
          direction="row"
          spacing={2}
          alignItems="center"
          justifyContent="center"
          sx={{ mt: 2 }}
        >
          <Typography variant="body2" color="text.secondary">
            {items.length} of {totalCount} shown
          </Typography>
          <Button
            onClick={() => void approvals.fetchNextPage()}
            disabled={approvals.isFetchingNextPage}
            size="small"
          >
            {approvals.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </Button>
        </Stack>
      )}
    </>
  );
}
