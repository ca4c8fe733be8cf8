import type {
  FleetSummary,
  KpiFigures,
  QueryFilter,
  RemediationSummary,
  TrendBucket,
} from '@kubernaut/plugin-kubernaut-common';
import { TERMINAL_PHASES } from '@kubernaut/plugin-kubernaut-common';

const TERMINAL = new Set<string>(TERMINAL_PHASES);
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterConnection } from '../cluster/ClusterConnection';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import type { DataStorageEvent } from '../clients/DataStorageClient';
import { AnswerMemo, fleetState } from './AnswerMemo';
import { EndingHistory } from './EndingHistory';
import { KpiTally, kpiFigures, kpiTrend, type KpiWindow } from './KpiTally';
import {
  candidateRows,
  compileFilter,
  filterKey,
  inScope,
  requiredTargetNames,
  type ListParams,
} from './filter';

/** Finished RRs stay in the cluster for 24h (Kubernaut's default retention). */
const CACHE_HORIZON_MS = 24 * 3600_000;

export interface Ended {
  key: string;
  endedAt: string;
  /** endedAt in epoch milliseconds, parsed once. */
  endedAtMs: number;
  seconds?: number;
  outcome?: string;
  failed: boolean;
}

const TREND_SLICES = 24;
/**
 * A cached tally follows up to this many row changes one by one; after more, it is built again
 * from the rows (about 8 ms for 20,000).
 */
const MAX_FOLLOWED_CHANGES = 2000;
/**
 * Rows counted by name across the kept tallies (about 30 bytes each besides the endings, which
 * the rows share): 1,000,000 is five tallies of the whole fleet at 200,000 remediations.
 */
const MAX_COUNTED_ROWS = 1_000_000;
/** Requests whose window starts and ends in the same five seconds share figures. */
const WINDOW_BUCKET_MS = 5000;

/** The fleet's merged figures for one question, valid while every cluster keeps its version. */
interface MergedFigures {
  versions: number[];
  fleet: KpiFigures;
  trend: TrendBucket[];
  byCluster: FleetSummary['byCluster'];
}

/** The trend's slices start where this request's window starts (the counts are shared). */
function relabelTrend(
  trend: TrendBucket[],
  since: Date,
  until: Date,
): TrendBucket[] {
  const start = since.getTime();
  const width = Math.max(1, (until.getTime() - start) / trend.length);
  return trend.map((bucket, i) => ({
    ...bucket,
    start: new Date(start + i * width).toISOString(),
  }));
}

function relabelByCluster(
  byCluster: FleetSummary['byCluster'],
  since: Date,
  until: Date,
): FleetSummary['byCluster'] {
  return byCluster.map(entry =>
    entry.trend
      ? { ...entry, trend: relabelTrend(entry.trend, since, until) }
      : entry,
  );
}

const message = (error: unknown) =>
  error instanceof Error ? error.message : String(error);

/**
 * How each row ended, memoised per row object (a row is replaced whenever its RemediationRequest
 * changes; only the environment and the approval fields, which this ignores, are updated in
 * place). A plain Map hashes objects by identity; it is cleared when replaced rows have piled up.
 */
const endedByRow = new Map<RemediationSummary, Ended | null>();

function endedFromRow(row: RemediationSummary): Ended | undefined {
  const memo = endedByRow.get(row);
  if (memo !== undefined) return memo ?? undefined;
  let ended: Ended | null = null;
  if (TERMINAL.has(row.phase) && row.completedAt) {
    const endedAtMs = Date.parse(row.completedAt);
    const seconds = (endedAtMs - Date.parse(row.createdAt)) / 1000;
    ended = {
      key: row.name,
      endedAt: row.completedAt,
      endedAtMs,
      seconds: seconds >= 0 ? seconds : undefined,
      outcome: row.outcome,
      failed: row.phase !== 'Completed',
    };
  }
  endedByRow.set(row, ended);
  return ended ?? undefined;
}

/**
 * How a remediation ended, from the orchestrator's one terminal event
 * (`pkg/remediationorchestrator/audit/manager.go`): `orchestrator.lifecycle.completed` for every
 * ending, `event_outcome: failure` for failures and timeouts; `event_data.outcome` is only
 * Success/Failed, the CRD's outcome (Remediated, Inconclusive…) is `crd_outcome`.
 */
export function endedFromEvent(event: DataStorageEvent): Ended {
  const data = event.event_data ?? {};
  const durationMs =
    typeof data.duration_ms === 'number' ? data.duration_ms : event.duration_ms;
  return {
    key: event.correlation_id,
    endedAt: event.event_timestamp,
    endedAtMs: Date.parse(event.event_timestamp),
    seconds: durationMs === undefined ? undefined : durationMs / 1000,
    outcome:
      typeof data.crd_outcome === 'string' ? data.crd_outcome : undefined,
    failed: event.event_outcome === 'failure' || data.outcome === 'Failed',
  };
}

/** The orchestrator also writes `lifecycle.completed` when it deletes an RR (retention_cleanup). */
export const isRemediationEnding = (event: DataStorageEvent) =>
  event.event_type === 'orchestrator.lifecycle.completed' &&
  event.event_action === 'completed';

/**
 * Fleet KPIs: live figures from the watch caches; for windows longer than the caches hold, the
 * older part comes from Data Storage lifecycle events (not double-counted).
 */
export class FleetService {
  constructor(
    private readonly registry: ClusterRegistry,
    private readonly logger: LoggerService,
    private readonly history: EndingHistory = new EndingHistory(),
  ) {}

  /**
   * Each cluster's tally per question and visibility, for every window, following the rows'
   * changes; least recently used first, and at most `MAX_COUNTED_ROWS` rows counted in all.
   */
  private readonly tallies = new Map<
    string,
    { version: number; tally: KpiTally }
  >();

  /**
   * One cluster's figures and trend for a window, kept with its tally until the tally changes or
   * another window is asked: after a change in one cluster, the others' are not worked out again
   * (the 90th percentile walks a tenth of a cluster's successes).
   */
  private readonly figuresOfTally = new WeakMap<
    KpiTally,
    {
      changes: number;
      sinceMs: number;
      untilMs: number;
      figures: KpiFigures;
      trend: TrendBucket[];
    }
  >();

  private clusterFigures(
    window: KpiWindow,
    span: { sinceMs: number; untilMs: number },
  ): { figures: KpiFigures; trend: TrendBucket[] } {
    const { tally, sinceMs, untilMs } = window;
    const kept = this.figuresOfTally.get(tally);
    if (
      kept &&
      kept.changes === tally.changes &&
      kept.sinceMs === sinceMs &&
      kept.untilMs === untilMs
    )
      return { figures: kept.figures, trend: kept.trend };
    const figures = kpiFigures([window]);
    const trend = kpiTrend([window], span, TREND_SLICES);
    this.figuresOfTally.set(tally, {
      changes: tally.changes,
      sinceMs,
      untilMs,
      figures,
      trend,
    });
    return { figures, trend };
  }

  private usedTally(key: string) {
    const kept = this.tallies.get(key);
    if (kept) {
      this.tallies.delete(key);
      this.tallies.set(key, kept);
    }
    return kept;
  }

  private keepTally(key: string, kept: { version: number; tally: KpiTally }) {
    this.tallies.delete(key);
    this.tallies.set(key, kept);
    let counted = 0;
    for (const { tally } of this.tallies.values()) counted += tally.size;
    for (const [oldest, { tally }] of this.tallies) {
      if (counted <= MAX_COUNTED_ROWS || oldest === key) break;
      this.tallies.delete(oldest);
      counted -= tally.size;
    }
  }
  private readonly merged = new Map<string, MergedFigures>();
  /** Whole answers by question, window and visibility, while rows and health are unchanged. */
  private readonly answers = new AnswerMemo<FleetSummary>();

  async summary(request: {
    filter: QueryFilter;
    params: ListParams;
    since: Date;
    until: Date;
    allowed: ((row: RemediationSummary) => boolean) & { key?: string };
  }): Promise<FleetSummary> {
    const connections = this.registry.select(request.params.clusters);
    const rowCount = this.registry.all().reduce((n, c) => {
      try {
        return n + c.remediationRows().length;
      } catch {
        return n; // reported below, where its figures are read
      }
    }, 0);
    if (endedByRow.size > 2 * rowCount + 1000) endedByRow.clear();
    const predicate = compileFilter(
      { ...request.filter, since: undefined, until: undefined },
      request.params,
    );
    const sinceIso = request.since.toISOString();
    const untilIso = request.until.toISOString();
    const sinceMs = request.since.getTime();
    const untilMs = request.until.getTime();
    const span = { sinceMs, untilMs };
    const horizon = new Date(Date.now() - CACHE_HORIZON_MS);
    // A minute of slack: a default 24h window starts a few milliseconds before the horizon.
    const needsHistory = request.since.getTime() < horizon.getTime() - 60_000;
    const filterOnlyByCluster = Object.keys(request.filter).every(
      k =>
        k === 'clusters' ||
        k === 'excludedClusters' ||
        k === 'since' ||
        k === 'until',
    );
    const inFilter = new Set(
      inScope(connections, request.filter).map(c => c.name),
    );
    const tallyKey = filterKey(
      { ...request.filter, since: undefined, until: undefined },
      request.params,
    );
    const targetNames = requiredTargetNames(request.filter, request.params);
    const windowKey = [
      Math.floor(request.since.getTime() / WINDOW_BUCKET_MS),
      Math.floor(request.until.getTime() / WINDOW_BUCKET_MS),
    ].join('|');
    // Figures that read no history depend only on the rows, the question and the visibility.
    const mergedKey =
      request.allowed.key && !needsHistory
        ? JSON.stringify([
            connections.map(c => c.name),
            request.allowed.key,
            tallyKey,
            windowKey,
          ])
        : undefined;
    const versions = connections.map(c => c.rowsVersion);
    const health = connections
      .map(c => c.health())
      .sort((a, b) => a.name.localeCompare(b.name));
    // The whole answer, for the same window to the millisecond (the route rounds it to a second).
    const answerKey =
      mergedKey && JSON.stringify([mergedKey, sinceIso, untilIso]);
    const answerVersion = answerKey && fleetState(connections, health);
    if (answerKey && answerVersion) {
      const kept = this.answers.find(answerKey, answerVersion);
      if (kept) return kept;
    }
    const reused = mergedKey ? this.merged.get(mergedKey) : undefined;
    if (reused && reused.versions.every((v, i) => v === versions[i])) {
      const answer: FleetSummary = {
        window: { since: sinceIso, until: untilIso },
        historySource: 'cache',
        fleet: reused.fleet,
        trend: relabelTrend(reused.trend, request.since, request.until),
        byCluster: relabelByCluster(
          reused.byCluster,
          request.since,
          request.until,
        ),
        clusters: health,
      };
      return answerKey && answerVersion
        ? this.answers.keep(answerKey, answerVersion, answer)
        : answer;
    }
    const byCluster: FleetSummary['byCluster'] = [];
    const windows: KpiWindow[] = [];
    let usedHistory = false;
    let unreadable = 0;

    /** One cluster's tally: reused while the cluster is unchanged, else read from its rows. */
    const tallyCluster = async (
      connection: ClusterConnection,
    ): Promise<KpiTally> => {
      // Unchanged clusters reuse their tally, whatever the window: it keeps every ending.
      const cacheKey =
        request.allowed.key && !needsHistory
          ? [connection.name, request.allowed.key, tallyKey].join('|')
          : undefined;
      const cached = cacheKey ? this.usedTally(cacheKey) : undefined;
      const counts = (row: RemediationSummary) =>
        predicate(row) && request.allowed(row);
      if (cached && cached.version === connection.rowsVersion)
        return cached.tally;
      // A few rows changed since: take back what each counted and count it as it is now.
      const changed = cached && connection.rowsChangedSince(cached.version);
      if (cached && changed && changed.length <= MAX_FOLLOWED_CHANGES) {
        const version = connection.rowsVersion;
        for (const name of new Set(changed)) {
          const row = connection.remediationRow(name);
          if (row && counts(row))
            cached.tally.count(name, row, endedFromRow(row));
          else cached.tally.forget(name);
        }
        cached.version = version;
        return cached.tally;
      }
      const tally = new KpiTally();
      const seen = new Set<string>();
      const all = connection.remediationRows();
      let visible = 0;
      for (const row of candidateRows(connection, targetNames)) {
        if (!counts(row)) continue;
        visible++;
        const ended = endedFromRow(row);
        // Counted by name when kept, so that it can follow changed rows later.
        if (cacheKey) tally.count(row.name, row, ended);
        else {
          tally.row(row);
          if (ended) tally.end(ended);
        }
        if (!ended) continue;
        if (
          needsHistory &&
          ended.endedAtMs >= sinceMs &&
          ended.endedAtMs < untilMs
        )
          seen.add(ended.key);
      }
      // History from Data Storage cannot be filtered by row attributes or conditional permissions.
      if (
        needsHistory &&
        filterOnlyByCluster &&
        inFilter.has(connection.name) &&
        visible === all.length
      ) {
        const client = this.registry.dataStorageFor(connection.name);
        if (client) {
          try {
            const events = await this.history.read(
              connection.name,
              client,
              request.since,
            );
            for (const event of events) {
              if (
                !isRemediationEnding(event) ||
                seen.has(event.correlation_id) ||
                Date.parse(event.event_timestamp) < sinceMs ||
                event.event_timestamp >= horizon.toISOString() ||
                event.event_timestamp >= untilIso
              )
                continue;
              seen.add(event.correlation_id);
              tally.end(endedFromEvent(event));
            }
            usedHistory = true;
          } catch (error) {
            this.logger.warn(
              `${connection.name}: history unavailable for KPIs: ${message(
                error,
              )}`,
            );
          }
        }
      }
      if (cacheKey) {
        this.keepTally(cacheKey, {
          version: connection.rowsVersion,
          tally,
        });
      }
      return tally;
    };

    await Promise.all(
      connections.map(async connection => {
        // One cluster whose rows cannot be read leaves the others' figures standing.
        try {
          const window = (await tallyCluster(connection)).window(
            sinceMs,
            untilMs,
          );
          byCluster.push({
            cluster: connection.name,
            ...this.clusterFigures(window, span),
          });
          windows.push(window);
        } catch (error) {
          unreadable++;
          this.logger.warn(
            `${
              connection.name
            }: figures unavailable for the fleet summary: ${message(error)}`,
          );
        }
      }),
    );
    byCluster.sort((a, b) => a.cluster.localeCompare(b.cluster));
    const figures = kpiFigures(windows);
    const trend = kpiTrend(windows, span, TREND_SLICES);
    const answer: FleetSummary = {
      window: { since: sinceIso, until: untilIso },
      historySource: usedHistory ? 'cache+dataStorage' : 'cache',
      fleet: figures,
      trend,
      byCluster,
      clusters: health,
    };
    // A cluster that changed while its tally was read makes these figures stale at once.
    if (
      mergedKey &&
      unreadable === 0 &&
      versions.every((v, i) => v === connections[i].rowsVersion)
    ) {
      if (this.merged.size > 200) this.merged.clear();
      this.merged.set(mergedKey, {
        versions,
        fleet: figures,
        trend,
        byCluster,
      });
      if (answerKey && answerVersion)
        return this.answers.keep(answerKey, answerVersion, answer);
    }
    return answer;
  }
}
