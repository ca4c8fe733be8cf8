import {
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import type {
  ClusterHealth,
  Page,
  QueryFilter,
  RemediationDetail,
  RemediationSummary,
  Severity,
  RemediationSort,
} from '@kubernaut/plugin-kubernaut-common';
import type { ClusterConnection } from '../cluster/ClusterConnection';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import {
  remediationDetailFields,
  remediationSummary,
} from '../cluster/readers';
import { AnswerMemo, fleetState } from './AnswerMemo';
import {
  decodeCursor,
  encodeCursor,
  queryFingerprint,
  type CursorPosition,
} from './cursor';
import {
  candidateRows,
  compileFilter,
  filterKey,
  inScope,
  keepAll,
  requiredTargetNames,
  type ListParams,
} from './filter';

type SortField = RemediationSort;

export interface ListRequest {
  filter: QueryFilter;
  params: ListParams;
  sort: SortField;
  direction: 'asc' | 'desc';
  limit: number;
  cursor?: string;
  /**
   * Whether the caller may see a row (from the permission decision); `key` names the decision,
   * so that counts can be reused by callers with the same one.
   */
  allowed: ((row: RemediationSummary) => boolean) & { key?: string };
}

const SEVERITY_RANK: Record<Severity, number> = {
  critical: 0,
  high: 1,
  warning: 2,
  info: 3,
  unknown: 4,
};

function sortKey(row: RemediationSummary, sort: SortField): string | number {
  switch (sort) {
    case 'severity':
      return SEVERITY_RANK[row.severity];
    case 'phase':
      return row.phase;
    case 'cluster':
      return row.cluster;
    case 'name':
      return row.name;
    case 'deadline':
      return row.approval?.requiredBy ?? '9999';
    default:
      return row.createdAt;
  }
}

function compareTuples(
  a: CursorPosition,
  b: CursorPosition,
  descending: boolean,
): number {
  if (a.key !== b.key) return (a.key < b.key ? -1 : 1) * (descending ? -1 : 1);
  if (a.cluster !== b.cluster) return a.cluster < b.cluster ? -1 : 1;
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}

/** Where a cluster's newest-first rows continue after `after` (rows come before it up to here). */
function startAfter(
  rows: readonly RemediationSummary[],
  cluster: string,
  after: CursorPosition | undefined,
  ascending: boolean,
): number {
  if (!after) return ascending ? rows.length - 1 : 0;
  const key = String(after.key);
  // Newest first: rows[i] precedes the cursor if it is newer, or as new and earlier by cluster/name.
  const precedes = (row: RemediationSummary) => {
    if (row.createdAt !== key)
      return ascending ? row.createdAt < key : row.createdAt > key;
    if (cluster !== after.cluster)
      return ascending ? cluster > after.cluster : cluster < after.cluster;
    return ascending ? row.name >= after.name : row.name <= after.name;
  };
  if (!ascending) {
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (precedes(rows[mid])) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  let lo = -1;
  let hi = rows.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (precedes(rows[mid])) hi = mid - 1;
    else lo = mid;
  }
  return lo;
}

/**
 * The next `limit` rows in merged creation order, skipping rows `keep` rejects. Each cluster's
 * list is already newest first, so this touches only the rows it returns or skips.
 */
function mergePage(
  lists: ReadonlyArray<{
    cluster: string;
    rows: readonly RemediationSummary[];
  }>,
  keep: (row: RemediationSummary) => boolean,
  after: CursorPosition | undefined,
  ascending: boolean,
  limit: number,
): { items: RemediationSummary[]; more: boolean } {
  const step = ascending ? -1 : 1;
  const index = lists.map(l => startAfter(l.rows, l.cluster, after, ascending));
  const head = (i: number) => {
    const rows = lists[i].rows;
    while (index[i] >= 0 && index[i] < rows.length && !keep(rows[index[i]]))
      index[i] += step;
    return rows[index[i]];
  };
  const items: RemediationSummary[] = [];
  for (;;) {
    let best = -1;
    let bestRow: RemediationSummary | undefined;
    for (let i = 0; i < lists.length; i++) {
      const row = head(i);
      if (!row) continue;
      if (
        !bestRow ||
        (ascending
          ? row.createdAt < bestRow.createdAt
          : row.createdAt > bestRow.createdAt) ||
        (row.createdAt === bestRow.createdAt &&
          (ascending
            ? row.cluster > bestRow.cluster
            : row.cluster < bestRow.cluster))
      ) {
        best = i;
        bestRow = row;
      }
    }
    if (!bestRow) return { items, more: false };
    if (items.length === limit) return { items, more: true };
    items.push(bestRow);
    index[best] += step;
  }
}

/** Remediation rows across the fleet, from the watch caches, filtered, sorted and paged. */
export class RemediationService {
  /** Matching rows per cluster, filter and permission decision, valid while the cluster is unchanged. */
  private readonly counts = new Map<
    string,
    { version: number; count: number }
  >();

  /** Whole pages by question and visibility, while their clusters' rows and health are unchanged. */
  private readonly pages = new AnswerMemo<Page<RemediationSummary>>();

  constructor(private readonly registry: ClusterRegistry) {}

  private countMatches(
    connection: ClusterConnection,
    rows: readonly RemediationSummary[],
    keep: ((row: RemediationSummary) => boolean) | typeof keepAll,
    key: string | undefined,
  ): number {
    if (keep === keepAll) return rows.length;
    const cacheKey = key && `${connection.name}|${key}`;
    const cached = cacheKey ? this.counts.get(cacheKey) : undefined;
    if (cached && cached.version === connection.rowsVersion)
      return cached.count;
    let count = 0;
    for (const row of rows) if (keep(row)) count++;
    if (cacheKey) {
      if (this.counts.size > 500) this.counts.clear();
      this.counts.set(cacheKey, { version: connection.rowsVersion, count });
    }
    return count;
  }

  list(request: ListRequest): Page<RemediationSummary> {
    const connections = this.registry.select(request.params.clusters);
    const clusters = this.registry.health(connections);
    const query = filterKey(request.filter, request.params);
    if (request.allowed.key === undefined)
      return this.computePage(request, connections, clusters, query);
    const key = JSON.stringify([
      connections.map(c => c.name),
      query,
      request.sort,
      request.direction,
      request.limit,
      request.cursor ?? '',
      request.allowed.key,
    ]);
    const version = fleetState(connections, clusters);
    return (
      this.pages.find(key, version) ??
      this.pages.keep(
        key,
        version,
        this.computePage(request, connections, clusters, query),
      )
    );
  }

  private computePage(
    request: ListRequest,
    connections: ClusterConnection[],
    clusters: ClusterHealth[],
    query: string,
  ): Page<RemediationSummary> {
    // Health is reported for every cluster spanned; rows are read only where they can match.
    const scanned = inScope(connections, request.filter);
    const targetNames = requiredTargetNames(request.filter, request.params);
    const rowsOf = (connection: ClusterConnection) =>
      candidateRows(connection, targetNames);
    const predicate = compileFilter(request.filter, request.params);
    // Nothing asked and everything allowed (the ALLOW decision): every row is kept, unread.
    const keep =
      predicate === keepAll && request.allowed.key === 'allow'
        ? keepAll
        : (row: RemediationSummary) => predicate(row) && request.allowed(row);
    const descending = request.direction === 'desc';
    const fingerprint = queryFingerprint([
      query,
      request.sort,
      request.direction,
    ]);
    const after = request.cursor
      ? decodeCursor(request.cursor, fingerprint)
      : undefined;
    const position = (row: RemediationSummary): CursorPosition => ({
      key: sortKey(row, request.sort),
      cluster: row.cluster,
      name: row.name,
    });

    let items: RemediationSummary[];
    let totalCount = 0;
    let more = false;
    if (request.sort === 'created') {
      // Pages of one query and refreshes of an unchanged fleet reuse the count.
      const countKey =
        request.allowed.key !== undefined
          ? `${queryFingerprint(query)}|${request.allowed.key}`
          : undefined;
      const lists = scanned.map(c => ({ cluster: c.name, rows: rowsOf(c) }));
      scanned.forEach((connection, i) => {
        totalCount += this.countMatches(
          connection,
          lists[i].rows,
          keep,
          countKey,
        );
      });
      ({ items, more } = mergePage(
        lists,
        keep,
        after,
        !descending,
        request.limit,
      ));
    } else {
      const matches: Array<{ row: RemediationSummary; at: CursorPosition }> =
        [];
      for (const connection of scanned) {
        for (const row of rowsOf(connection))
          if (keep(row)) matches.push({ row, at: position(row) });
      }
      matches.sort((a, b) => compareTuples(a.at, b.at, descending));
      totalCount = matches.length;
      let start = 0;
      if (after)
        while (
          start < matches.length &&
          compareTuples(matches[start].at, after, descending) <= 0
        )
          start++;
      items = matches.slice(start, start + request.limit).map(m => m.row);
      more = start + request.limit < matches.length;
    }
    const last = items[items.length - 1];
    return {
      items: items.map(remediationSummary),
      ...(more && last
        ? { nextCursor: encodeCursor(position(last), fingerprint) }
        : {}),
      totalCount,
      clusters,
    };
  }

  /** One remediation with its children; 404 when unknown, 403 when the caller may not see it. */
  async detail(
    cluster: string,
    name: string,
    allowed: (row: RemediationSummary) => boolean,
  ): Promise<RemediationDetail> {
    const connection = this.registry.get(cluster);
    const record = connection.remediationRow(name);
    if (!record)
      throw new NotFoundError(
        `remediation ${name} not found in cluster ${cluster}`,
      );
    if (!allowed(record))
      throw new NotAllowedError(
        `you may not see remediation ${name} in cluster ${cluster}`,
      );
    const children = await connection.childrenOf(name).catch(error => {
      throw new ServiceUnavailableError(
        `the children of remediation ${name} could not be read from cluster ${cluster}: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    });
    const workflow = connection.workflows.items.get(
      children.analysis?.selectedWorkflow?.name ?? '',
    );
    const approvalRequest = children.approvalRequest
      ? {
          ...children.approvalRequest,
          recommendedWorkflow: children.approvalRequest.recommendedWorkflow
            ? {
                ...children.approvalRequest.recommendedWorkflow,
                name:
                  [...connection.workflows.items.values()].find(
                    w =>
                      w.workflowId ===
                      children.approvalRequest?.recommendedWorkflow?.workflowId,
                  )?.name ?? workflow?.name,
              }
            : undefined,
        }
      : undefined;
    return {
      ...remediationDetailFields(record),
      ...children,
      approvalRequest,
    };
  }
}
