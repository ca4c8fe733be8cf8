import type { RemediationSummary } from '@kubernaut/plugin-kubernaut-common';
import ArrowDownward from '@mui/icons-material/ArrowDownward';
import ArrowUpward from '@mui/icons-material/ArrowUpward';
import Box from '@mui/material/Box';
import ButtonBase from '@mui/material/ButtonBase';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { memo, type CSSProperties } from 'react';
import { Link } from 'react-router-dom';
import { FixedSizeList, type ListChildComponentProps } from 'react-window';
import type { RemediationSort } from '../../api';
import { useKubernautPaths } from '../paths';
import { PhaseChip, SeverityChip } from '../shared/chips';
import { Countdown, RelativeTime } from '../shared/time';

const ROW_HEIGHT = 52;
const MAX_VISIBLE_ROWS = 12;
const GRID =
  '96px minmax(220px, 2fr) minmax(180px, 1.5fr) 130px 150px minmax(140px, 1fr) 110px 120px';

const COLUMNS: Array<{ label: string; sort?: RemediationSort }> = [
  { label: 'Severity', sort: 'severity' },
  { label: 'Remediation', sort: 'name' },
  { label: 'Target' },
  { label: 'Cluster', sort: 'cluster' },
  { label: 'Phase', sort: 'phase' },
  { label: 'Workflow' },
  { label: 'Created', sort: 'created' },
  { label: 'Decide by', sort: 'deadline' },
];

export interface SortState {
  sort: RemediationSort;
  direction: 'asc' | 'desc';
}

interface RowData {
  rows: RemediationSummary[];
  href(row: RemediationSummary): string;
}

const Row = memo(function RemediationRow(
  props: ListChildComponentProps<RowData>,
) {
  const row = props.data.rows[props.index];
  const style: CSSProperties = {
    ...props.style,
    display: 'grid',
    gridTemplateColumns: GRID,
    alignItems: 'center',
  };
  if (!row)
    return (
      <div style={style} role="row" aria-busy="true">
        <Typography variant="body2" color="text.secondary" sx={{ px: 1 }}>
          Loading more…
        </Typography>
      </div>
    );
  const target = `${row.target.namespace ? `${row.target.namespace}/` : ''}${
    row.target.kind
  }/${row.target.name}`;
  return (
    <Box
      component={Link}
      to={props.data.href(row)}
      role="row"
      aria-rowindex={props.index + 2}
      style={style}
      sx={{
        color: 'inherit',
        textDecoration: 'none',
        borderBottom: 1,
        borderColor: 'divider',
        '&:hover, &:focus-visible': {
          bgcolor: 'action.hover',
          outline: 'none',
        },
        '& > div': { px: 1, overflow: 'hidden' },
      }}
    >
      <div role="cell">
        <SeverityChip severity={row.severity} />
      </div>
      <div role="cell">
        <Typography variant="body2" noWrap sx={{ fontWeight: 500 }}>
          {row.signalName}
        </Typography>
        <Typography
          variant="caption"
          color="text.secondary"
          noWrap
          component="p"
        >
          {row.name}
        </Typography>
      </div>
      <div role="cell">
        <Typography variant="body2" noWrap title={target}>
          {target}
        </Typography>
      </div>
      <div role="cell">
        <Typography variant="body2" noWrap>
          {row.cluster}
        </Typography>
      </div>
      <div role="cell">
        <PhaseChip phase={row.phase} />
      </div>
      <div role="cell">
        <Typography variant="body2" noWrap>
          {row.workflow ?? '—'}
        </Typography>
      </div>
      <div role="cell">
        <Typography variant="body2" noWrap>
          <RelativeTime iso={row.createdAt} />
        </Typography>
      </div>
      <div role="cell">
        {row.approval ? <Countdown deadline={row.approval.requiredBy} /> : '—'}
      </div>
    </Box>
  );
});

/**
 * Server-paged, server-sorted remediation rows in a virtualised list: only the visible rows are
 * in the DOM, and the next page loads as the last rows come into view.
 */
export function RemediationsTable(props: {
  rows: RemediationSummary[];
  totalCount: number;
  sort: SortState;
  onSort(sort: SortState): void;
  hasMore: boolean;
  loadingMore: boolean;
  refreshing: boolean;
  onLoadMore(): void;
}) {
  const paths = useKubernautPaths();
  const itemCount = props.rows.length + (props.hasMore ? 1 : 0);
  const height =
    Math.max(1, Math.min(itemCount, MAX_VISIBLE_ROWS)) * ROW_HEIGHT;
  return (
    <Box
      role="table"
      aria-label="Remediations"
      aria-rowcount={props.totalCount + 1}
      sx={{
        border: 1,
        borderColor: 'divider',
        borderRadius: 1,
        overflowX: 'auto',
      }}
    >
      <Box sx={{ minWidth: 1100 }}>
        <Box
          role="row"
          sx={{
            display: 'grid',
            gridTemplateColumns: GRID,
            borderBottom: 1,
            borderColor: 'divider',
            bgcolor: 'background.default',
          }}
        >
          {COLUMNS.map(column => {
            const active = column.sort === props.sort.sort;
            const Arrow =
              props.sort.direction === 'asc' ? ArrowUpward : ArrowDownward;
            return (
              <Box
                role="columnheader"
                key={column.label}
                aria-sort={
                  active
                    ? props.sort.direction === 'asc'
                      ? 'ascending'
                      : 'descending'
                    : undefined
                }
                sx={{ px: 1, py: 1 }}
              >
                {column.sort ? (
                  <ButtonBase
                    onClick={() =>
                      props.onSort({
                        sort: column.sort!,
                        direction:
                          active && props.sort.direction === 'desc'
                            ? 'asc'
                            : 'desc',
                      })
                    }
                    sx={{ typography: 'subtitle2', gap: 0.5 }}
                  >
                    {column.label}
                    {active && <Arrow sx={{ fontSize: 14 }} />}
                  </ButtonBase>
                ) : (
                  <Typography variant="subtitle2">{column.label}</Typography>
                )}
              </Box>
            );
          })}
        </Box>
        <Box sx={{ height: 4 }}>{props.refreshing && <LinearProgress />}</Box>
        {props.rows.length === 0 ? (
          <Typography sx={{ p: 3 }} color="text.secondary">
            No remediations match this view.
          </Typography>
        ) : (
          <FixedSizeList<RowData>
            height={height}
            width="100%"
            itemCount={itemCount}
            itemSize={ROW_HEIGHT}
            overscanCount={8}
            itemData={{
              rows: props.rows,
              href: row => paths.remediation(row.cluster, row.name),
            }}
            itemKey={(index, data) => {
              const row = data.rows[index];
              return row ? `${row.cluster}/${row.name}` : 'loading';
            }}
            onItemsRendered={({ visibleStopIndex }) => {
              if (
                props.hasMore &&
                !props.loadingMore &&
                visibleStopIndex >= props.rows.length - 5
              )
                props.onLoadMore();
            }}
          >
            {Row}
          </FixedSizeList>
        )}
      </Box>
    </Box>
  );
}
