import { ResponseErrorPanel } from '@backstage/core-components';
import {
  REMEDIATION_SORTS,
  type KpiFigures,
  type RemediationSort,
} from '@kubernaut/plugin-kubernaut-common';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { lazy, Suspense, useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useFleetSummary, useRemediationPages } from '../../hooks/queries';
import { ClusterProblems } from '../shared/ClusterProblems';
import { ClusterHealthGrid } from './ClusterHealthGrid';
import { KpiCards } from './KpiCards';
import { QueryBar } from '../shared/QueryBar';
import { useKubernautPaths } from '../paths';
import { RemediationsTable, type SortState } from './RemediationsTable';

const TrendCharts = lazy(() => import('../charts/TrendCharts'));

/** The plugin's home: query bar, KPIs, cluster health, trends and the remediations table. */
export function FleetOverview() {
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const paths = useKubernautPaths();
  const q = params.get('q') ?? '';
  const sortParam = params.get('sort') as RemediationSort | null;
  const sort: SortState = {
    sort:
      sortParam && (REMEDIATION_SORTS as readonly string[]).includes(sortParam)
        ? sortParam
        : 'created',
    direction: params.get('dir') === 'asc' ? 'asc' : 'desc',
  };
  const update = (patch: Record<string, string | undefined>) =>
    setParams(current => {
      const next = new URLSearchParams(current);
      for (const [key, value] of Object.entries(patch)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      return next;
    });

  const summary = useFleetSummary(q);
  const pages = useRemediationPages({
    q,
    sort: sort.sort,
    direction: sort.direction,
    limit: 100,
  });
  const rows = useMemo(
    () => pages.data?.pages.flatMap(p => p.items) ?? [],
    [pages.data],
  );
  const firstPage = pages.data?.pages[0];
  const figures = useMemo(
    () =>
      new Map<string, KpiFigures>(
        summary.data?.byCluster.map(c => [c.cluster, c.figures]),
      ),
    [summary.data],
  );
  const clusters = summary.data?.clusters ?? firstPage?.clusters ?? [];

  return (
    <>
      <QueryBar
        value={q}
        onChange={next => update({ q: next || undefined })}
        onInvestigate={description =>
          navigate(paths.investigateWith({ description }))
        }
        scope="fleet"
        label="Ask about the fleet"
        placeholder="critical alerts in prod-eu-west since 8am waiting for approval"
      />
      {summary.isError && (
        <ResponseErrorPanel
          error={summary.error}
          title="Fleet figures unavailable"
        />
      )}
      <KpiCards figures={summary.data?.fleet} />
      <ClusterProblems clusters={clusters} />
      {clusters.length > 0 ? (
        <ClusterHealthGrid
          clusters={clusters}
          figures={figures}
          onSelect={cluster =>
            update({ q: [q, cluster].filter(Boolean).join(' ') })
          }
        />
      ) : (
        summary.isPending && <Skeleton height={120} />
      )}
      {summary.data && (
        <Suspense fallback={<Skeleton height={240} />}>
          <TrendCharts
            trend={summary.data.trend}
            byCluster={summary.data.byCluster}
          />
        </Suspense>
      )}
      <Stack direction="row" alignItems="baseline" spacing={1} sx={{ mb: 1 }}>
        <Typography variant="h6" component="h2">
          Remediations
        </Typography>
        <Typography variant="body2" color="text.secondary" aria-live="polite">
          {firstPage
            ? `${firstPage.totalCount.toLocaleString()} matching`
            : 'loading…'}
        </Typography>
      </Stack>
      {pages.isError ? (
        <ResponseErrorPanel
          error={pages.error}
          title="Remediations unavailable"
        />
      ) : pages.isPending ? (
        <Skeleton variant="rectangular" height={300} />
      ) : (
        <RemediationsTable
          rows={rows}
          totalCount={firstPage?.totalCount ?? 0}
          sort={sort}
          onSort={next => update({ sort: next.sort, dir: next.direction })}
          hasMore={Boolean(pages.hasNextPage)}
          loadingMore={pages.isFetchingNextPage}
          refreshing={pages.isFetching && !pages.isFetchingNextPage}
          onLoadMore={() => void pages.fetchNextPage()}
        />
      )}
    </>
  );
}
