import { ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntityPresentation } from '@backstage/plugin-catalog-react';
import type {
  InvestigationListItem,
  InvestigationStatus,
} from '@kubernaut/plugin-kubernaut-common';
import ClearIcon from '@mui/icons-material/Clear';
import SearchIcon from '@mui/icons-material/Search';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Checkbox from '@mui/material/Checkbox';
import FormControl from '@mui/material/FormControl';
import FormControlLabel from '@mui/material/FormControlLabel';
import IconButton from '@mui/material/IconButton';
import InputAdornment from '@mui/material/InputAdornment';
import InputLabel from '@mui/material/InputLabel';
import LinearProgress from '@mui/material/LinearProgress';
import Link from '@mui/material/Link';
import ListItemText from '@mui/material/ListItemText';
import MenuItem from '@mui/material/MenuItem';
import OutlinedInput from '@mui/material/OutlinedInput';
import Paper from '@mui/material/Paper';
import Select from '@mui/material/Select';
import Skeleton from '@mui/material/Skeleton';
import Stack from '@mui/material/Stack';
import Switch from '@mui/material/Switch';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import {
  Link as RouterLink,
  useNavigate,
  useSearchParams,
} from 'react-router-dom';
import { kubernautApiRef } from '../../api';
import { useKubernautPaths } from '../paths';
import { RelativeTime } from '../shared/time';
import {
  INVESTIGATION_STATUSES,
  InvestigationStatusChip,
  statusLabel,
} from './InvestigationStatusChip';
import { useInvestigationList } from './useInvestigationList';

/** How long typing pauses before the search is sent. */
export const SEARCH_DEBOUNCE_MS = 300;
const COLUMNS = [
  'Started by',
  'Cluster',
  'Remediation',
  'Status',
  'First question',
  'Last activity',
  'Events',
];

interface Filters {
  q: string;
  status: InvestigationStatus[];
  cluster: string;
  mine: boolean;
}

/** The filters live in the address, so a filtered list can be shared and survives a reload. */
function useFilters() {
  const [params, setParams] = useSearchParams();
  const filters: Filters = {
    q: params.get('q') ?? '',
    status: (params.get('status') ?? '')
      .split(',')
      .filter((s): s is InvestigationStatus =>
        (INVESTIGATION_STATUSES as string[]).includes(s),
      ),
    cluster: params.get('cluster') ?? '',
    mine: params.get('mine') === 'true',
  };
  const update = (patch: Partial<Filters>) =>
    setParams(
      current => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(patch)) {
          const text = Array.isArray(value)
            ? value.join(',')
            : typeof value === 'boolean'
            ? value
              ? 'true'
              : ''
            : value ?? '';
          if (text) next.set(key, text);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );
  return { filters, update };
}

/** Who started it, as the catalog names them (the entity ref on hover). */
function StartedBy(props: { entityRef: string }) {
  const { primaryTitle } = useEntityPresentation(props.entityRef, {
    defaultKind: 'user',
  });
  return (
    <Tooltip title={props.entityRef}>
      <Typography variant="body2" noWrap component="span">
        {primaryTitle}
      </Typography>
    </Tooltip>
  );
}

function SearchBox(props: { value: string; onChange(q: string): void }) {
  const { value } = props;
  const [draft, setDraft] = useState(value);
  const sent = useRef(value);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  // Another change of the address (clear filters, back button) shows in the box.
  useEffect(() => {
    if (value !== sent.current) {
      sent.current = value;
      setDraft(value);
    }
  }, [value]);
  useEffect(() => {
    const text = draft.trim();
    if (text === sent.current) return undefined;
    const timer = setTimeout(() => {
      sent.current = text;
      onChange.current(text);
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft]);
  return (
    <TextField
      size="small"
      value={draft}
      onChange={event => setDraft(event.target.value)}
      onKeyDown={event => {
        if (event.key === 'Escape') setDraft('');
      }}
      placeholder="Remediation, person, cluster or question"
      inputProps={{ 'aria-label': 'Search investigations', maxLength: 200 }}
      InputProps={{
        startAdornment: (
          <InputAdornment position="start">
            <SearchIcon fontSize="small" />
          </InputAdornment>
        ),
        endAdornment: draft ? (
          <InputAdornment position="end">
            <IconButton
              size="small"
              aria-label="Clear search"
              onClick={() => setDraft('')}
            >
              <ClearIcon fontSize="small" />
            </IconButton>
          </InputAdornment>
        ) : undefined,
      }}
      sx={{ flex: '1 1 320px', minWidth: 260 }}
    />
  );
}

function FilterBar(props: {
  filters: Filters;
  update(patch: Partial<Filters>): void;
}) {
  const { filters, update } = props;
  const api = useApi(kubernautApiRef);
  const clusters = useQuery({
    queryKey: ['kubernaut', 'clusters'],
    queryFn: ({ signal }) => api.getClusters({ signal }),
  });
  const options = clusters.data?.items ?? [];
  return (
    <Stack
      direction="row"
      spacing={0}
      useFlexGap
      flexWrap="wrap"
      alignItems="center"
      gap={1.5}
      sx={{ mb: 2 }}
      role="search"
      aria-label="Filter investigations"
    >
      <SearchBox value={filters.q} onChange={q => update({ q })} />
      <FormControl size="small" sx={{ width: 220 }}>
        <InputLabel id="kubernaut-investigations-status" shrink>
          Status
        </InputLabel>
        <Select<InvestigationStatus[]>
          multiple
          displayEmpty
          labelId="kubernaut-investigations-status"
          value={filters.status}
          onChange={event => {
            const value = event.target.value;
            update({
              status: (typeof value === 'string'
                ? value.split(',')
                : value) as InvestigationStatus[],
            });
          }}
          input={<OutlinedInput label="Status" notched />}
          renderValue={selected =>
            selected.length === 0 ||
            selected.length === INVESTIGATION_STATUSES.length
              ? 'Any status'
              : selected.map(statusLabel).join(', ')
          }
        >
          {INVESTIGATION_STATUSES.map(status => (
            <MenuItem key={status} value={status} dense>
              <Checkbox
                size="small"
                checked={filters.status.includes(status)}
                sx={{ py: 0 }}
              />
              <ListItemText primary={statusLabel(status)} />
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      <TextField
        select
        size="small"
        label="Cluster"
        value={filters.cluster}
        onChange={event => update({ cluster: event.target.value })}
        sx={{ width: 240 }}
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
      >
        <MenuItem value="">All clusters</MenuItem>
        {options.map(c => (
          <MenuItem key={c.name} value={c.name}>
            {c.title || c.name}
          </MenuItem>
        ))}
        {filters.cluster && !options.some(c => c.name === filters.cluster) && (
          <MenuItem value={filters.cluster}>{filters.cluster}</MenuItem>
        )}
      </TextField>
      <FormControlLabel
        control={
          <Switch
            checked={filters.mine}
            onChange={event => update({ mine: event.target.checked })}
          />
        }
        label="Mine only"
        sx={{ ml: 0.5 }}
      />
    </Stack>
  );
}

function InvestigationRow(props: { item: InvestigationListItem }) {
  const { item } = props;
  const paths = useKubernautPaths();
  const navigate = useNavigate();
  const href = paths.investigation(item.id);
  return (
    <TableRow
      hover
      onClick={event => {
        // The links inside the row go where they point; the rest of the row opens it.
        if ((event.target as HTMLElement).closest('a, button')) return;
        navigate(href);
      }}
      sx={{ cursor: 'pointer', '&:last-child td': { borderBottom: 0 } }}
      data-testid="investigation-row"
    >
      <TableCell sx={{ maxWidth: 160 }}>
        <StartedBy entityRef={item.createdBy} />
      </TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>{item.cluster}</TableCell>
      <TableCell sx={{ maxWidth: 220 }}>
        {item.remediation ? (
          <Link
            component={RouterLink}
            to={paths.remediation(item.cluster, item.remediation)}
            underline="hover"
            noWrap
            sx={{ display: 'block' }}
            title={item.remediation}
          >
            {item.remediation}
          </Link>
        ) : (
          <Typography variant="body2" color="text.disabled" component="span">
            —
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <InvestigationStatusChip status={item.status} />
      </TableCell>
      <TableCell sx={{ maxWidth: 420 }}>
        <Link
          component={RouterLink}
          to={href}
          color="inherit"
          underline="hover"
          variant="body2"
          sx={{
            display: '-webkit-box',
            lineHeight: 1.5,
            WebkitLineClamp: 2,
            WebkitBoxOrient: 'vertical',
            overflow: 'hidden',
            fontStyle: item.firstQuestion ? undefined : 'italic',
          }}
          title={item.firstQuestion}
        >
          {item.firstQuestion ??
            (item.remediation
              ? `Watch of ${item.remediation}`
              : 'Conversation without a question')}
        </Link>
      </TableCell>
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        <RelativeTime iso={item.updatedAt} />
      </TableCell>
      <TableCell align="right" sx={{ fontVariantNumeric: 'tabular-nums' }}>
        {item.eventCount}
      </TableCell>
    </TableRow>
  );
}

/** Calls `onVisible` when the end of the list scrolls into view (where the browser can tell). */
function useEndOfList(onVisible: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  const callback = useRef(onVisible);
  callback.current = onVisible;
  useEffect(() => {
    const element = ref.current;
    if (!element || typeof IntersectionObserver === 'undefined')
      return undefined;
    const observer = new IntersectionObserver(
      entries => {
        if (entries.some(e => e.isIntersecting)) callback.current();
      },
      { rootMargin: '200px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return ref;
}

/**
 * Active and past investigations the user may watch: who started them, where, about what, how
 * they stand and when something last happened. Any of them opens its stored transcript; the
 * list refreshes itself while some are running.
 */
export function InvestigationList() {
  const paths = useKubernautPaths();
  const { filters, update } = useFilters();
  const list = useInvestigationList({
    q: filters.q || undefined,
    status: filters.status.length ? filters.status : undefined,
    cluster: filters.cluster ? [filters.cluster] : undefined,
    mine: filters.mine || undefined,
  });
  const { items } = list;
  const filtered = Boolean(
    filters.q || filters.status.length || filters.cluster || filters.mine,
  );
  const loadMore = () => {
    if (list.hasNextPage && !list.isFetchingNextPage && !list.isError)
      void list.fetchNextPage();
  };
  const endRef = useEndOfList(loadMore);
  const running = items.filter(i => i.status === 'running').length;

  return (
    <>
      <Stack
        direction="row"
        alignItems="flex-end"
        justifyContent="space-between"
        flexWrap="wrap"
        sx={{ mb: 1.5 }}
      >
        <Box>
          <Typography variant="h5" component="h2">
            Investigations
          </Typography>
          <Typography variant="body2" color="text.secondary">
            Conversations with the agent and watches of remediations, running
            and ended, most recent activity first.
          </Typography>
        </Box>
        <Button component={RouterLink} to={paths.investigate()} size="small">
          Start an investigation
        </Button>
      </Stack>
      <FilterBar filters={filters} update={update} />

      {list.isError && !list.data ? (
        <Stack spacing={1} alignItems="flex-start">
          <ResponseErrorPanel
            error={list.error}
            title="Investigations unavailable"
          />
          <Button variant="outlined" onClick={() => void list.refetch()}>
            Try again
          </Button>
        </Stack>
      ) : (
        <>
          {list.isError && (
            <Alert
              severity="warning"
              sx={{ mb: 2 }}
              action={
                <Button color="inherit" onClick={() => void list.refetch()}>
                  Retry
                </Button>
              }
            >
              The list could not be refreshed: {list.error.message}
            </Alert>
          )}
          <TableContainer component={Paper} variant="outlined">
            <Box sx={{ height: 4 }}>
              {list.isFetching && !list.isPending && (
                <LinearProgress aria-label="Refreshing investigations" />
              )}
            </Box>
            <Table
              size="small"
              aria-label="Investigations"
              aria-busy={list.isPending}
              sx={{ minWidth: 1000 }}
            >
              <TableHead>
                <TableRow>
                  {COLUMNS.map(column => (
                    <TableCell
                      key={column}
                      align={column === 'Events' ? 'right' : 'left'}
                      sx={{ fontWeight: 600, whiteSpace: 'nowrap' }}
                    >
                      {column}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {list.isPending &&
                  Array.from({ length: 6 }, (_, i) => (
                    <TableRow key={i} aria-hidden>
                      {COLUMNS.map(column => (
                        <TableCell key={column}>
                          <Skeleton variant="text" />
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
                {!list.isPending && items.length === 0 && (
                  <TableRow>
                    <TableCell colSpan={COLUMNS.length} sx={{ py: 5 }}>
                      <Stack alignItems="center" spacing={1.5}>
                        <Typography color="text.secondary">
                          {filtered
                            ? 'No investigations match these filters.'
                            : 'No investigations yet.'}
                        </Typography>
                        {filtered ? (
                          <Button
                            variant="outlined"
                            size="small"
                            onClick={() =>
                              update({
                                q: '',
                                status: [],
                                cluster: '',
                                mine: false,
                              })
                            }
                          >
                            Clear filters
                          </Button>
                        ) : (
                          <Button
                            variant="outlined"
                            size="small"
                            component={RouterLink}
                            to={paths.investigate()}
                          >
                            Investigate a symptom
                          </Button>
                        )}
                      </Stack>
                    </TableCell>
                  </TableRow>
                )}
                {items.map(item => (
                  <InvestigationRow key={item.id} item={item} />
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          <Stack
            direction="row"
            alignItems="center"
            justifyContent="space-between"
            sx={{ mt: 1.5, minHeight: 36 }}
          >
            <Typography variant="body2" color="text.secondary" role="status">
              {list.isPending
                ? 'Loading investigations…'
                : `${items.length} shown${
                    list.hasNextPage ? ', more below' : ''
                  }${running ? ` · ${running} running, refreshing live` : ''}`}
            </Typography>
            {list.hasNextPage && (
              <Button
                onClick={loadMore}
                disabled={list.isFetchingNextPage}
                size="small"
              >
                {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
              </Button>
            )}
          </Stack>
          <div ref={endRef} aria-hidden />
        </>
      )}
    </>
  );
}
