import {
  ResponseErrorPanel,
  Table,
  type TableColumn,
} from '@backstage/core-components';
import type { WorkflowRow } from '@kubernaut/plugin-kubernaut-common';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import MuiLink from '@mui/material/Link';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { lazy, Suspense, useMemo } from 'react';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import { useWorkflows } from '../../hooks/queries';
import { QueryBar } from '../shared/QueryBar';
import { ConfidenceBar } from '../shared/ConfidenceBar';
import { ClusterProblems } from '../shared/ClusterProblems';
import { FigureCard } from '../shared/FigureCard';
import { RelativeTime } from '../shared/time';
import { WorkflowDrawer } from './WorkflowDrawer';

const WorkflowComparisonChart = lazy(() => import('./WorkflowComparisonChart'));

const workflowParam = (row: WorkflowRow) => `${row.cluster}/${row.name}`;

/** The workflow's name, a link that opens its drawer (the keyboard's and screen reader's way in). */
function WorkflowLink(props: { row: WorkflowRow }) {
  const [params] = useSearchParams();
  const next = new URLSearchParams(params);
  next.set('workflow', workflowParam(props.row));
  return (
    <MuiLink component={RouterLink} to={{ search: `?${next.toString()}` }}>
      {props.row.name}
    </MuiLink>
  );
}

const columns: TableColumn<WorkflowRow>[] = [
  {
    title: 'Workflow',
    field: 'name',
    highlight: true,
    cellStyle: { whiteSpace: 'nowrap' },
    render: row => <WorkflowLink row={row} />,
  },
  {
    title: 'Action type',
    field: 'actionType',
    cellStyle: { whiteSpace: 'nowrap' },
  },
  { title: 'Cluster', field: 'cluster' },
  {
    title: 'Status',
    field: 'status',
    render: row => (
      <Chip
        size="small"
        variant="outlined"
        color={/active/i.test(row.status) ? 'success' : 'default'}
        label={row.status}
      />
    ),
  },
  { title: 'Matches', field: 'matchCount', type: 'numeric' },
  {
    title: 'Effectiveness',
    field: 'effectiveness.score',
    customSort: (a, b) =>
      (a.effectiveness?.score ?? -1) - (b.effectiveness?.score ?? -1),
    render: row =>
      row.effectiveness ? (
        <ConfidenceBar
          value={row.effectiveness.score}
          label={`${row.name} effectiveness`}
        />
      ) : (
        '—'
      ),
  },
  {
    title: 'Last used',
    field: 'lastUsed',
    render: row => (row.lastUsed ? <RelativeTime iso={row.lastUsed} /> : '—'),
  },
];

/**
 * The workflow catalog: search (also in plain words), KPIs, a comparison of the workflows found,
 * table and a detail drawer.
 */
export function WorkflowCatalog() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const selected = params.get('workflow')?.split('/') ?? [];
  const workflows = useWorkflows(q);
  const set = (key: string, value?: string) =>
    setParams(current => {
      const next = new URLSearchParams(current);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });
  const items = useMemo(() => workflows.data?.items ?? [], [workflows.data]);
  const figures = useMemo(() => {
    const scored = items.filter(w => w.effectiveness);
    const samples = scored.reduce((n, w) => n + w.effectiveness!.samples, 0);
    return {
      active: items.filter(w => /active/i.test(w.status)).length,
      executions: items.reduce((n, w) => n + w.matchCount, 0),
      average: samples
        ? scored.reduce(
            (n, w) => n + w.effectiveness!.score * w.effectiveness!.samples,
            0,
          ) / samples
        : undefined,
    };
  }, [items]);

  return (
    <>
      <QueryBar
        value={q}
        onChange={next => set('q', next || undefined)}
        scope="workflows"
        label="Search workflows"
        placeholder="rollback workflows in prod-us-east"
      />
      <ClusterProblems clusters={workflows.data?.clusters} />
      <Grid container spacing={2} sx={{ mb: 2 }}>
        {[
          ['Active workflows', String(figures.active)],
          ['Matched remediations', String(figures.executions)],
          [
            'Average effectiveness',
            figures.average !== undefined
              ? `${Math.round(figures.average * 100)}%`
              : '—',
          ],
        ].map(([label, value]) => (
          <Grid item xs={12} sm={4} key={label}>
            <FigureCard
              label={label}
              value={workflows.data ? value : undefined}
            />
          </Grid>
        ))}
      </Grid>
      {figures.average !== undefined && (
        <Box sx={{ mb: 2 }}>
          <Suspense fallback={<Skeleton variant="rectangular" height={200} />}>
            <WorkflowComparisonChart workflows={items} />
          </Suspense>
        </Box>
      )}
      {workflows.isError ? (
        <ResponseErrorPanel
          error={workflows.error}
          title="Workflow catalog unavailable"
        />
      ) : (
        <Table<WorkflowRow>
          title="Workflow catalog"
          isLoading={workflows.isPending}
          data={items}
          columns={columns}
          options={{
            paging: true,
            pageSize: 20,
            search: false,
            padding: 'dense',
            // Draggable headers are buttons around the sort buttons: nested controls.
            draggable: false,
          }}
          onRowClick={(event, row) => {
            // A click on the name link opens the drawer through the link alone.
            if (row && !(event?.target as Element | undefined)?.closest('a'))
              set('workflow', workflowParam(row));
          }}
          emptyContent={
            <Typography sx={{ p: 2 }} color="text.secondary">
              No workflows match.
            </Typography>
          }
        />
      )}
      <WorkflowDrawer
        cluster={selected[0]}
        name={selected[1]}
        onClose={() => set('workflow')}
      />
    </>
  );
}
