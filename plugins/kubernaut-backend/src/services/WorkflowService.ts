import type { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type {
  ClusterHealth,
  QueryFilter,
  RemediationSummary,
  WorkflowDetail,
  WorkflowRow,
} from '@kubernaut/plugin-kubernaut-common';
import type { ClusterConnection } from '../cluster/ClusterConnection';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import { remediationSummary, type WorkflowRecord } from '../cluster/readers';

interface Effectiveness {
  byWorkflow: Map<
    string,
    Array<{ at: string; score: number; remediation: string }>
  >;
  fetchedAt: number;
}

const TTL_MS = 60_000;

/**
 * The workflow catalog: RemediationWorkflow CRs, how often the cached remediations picked each,
 * and effectiveness aggregated from Data Storage events per workflow (Kubernaut has no
 * per-workflow endpoint), cached for a minute per cluster.
 */
export class WorkflowService {
  private readonly effectiveness = new Map<string, Effectiveness>();
  private readonly inflight = new Map<
    string,
    Promise<Effectiveness | undefined>
  >();

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly logger: LoggerService,
  ) {}

  private async effectivenessFor(
    cluster: string,
  ): Promise<Effectiveness | undefined> {
    const cached = this.effectiveness.get(cluster);
    if (cached && Date.now() - cached.fetchedAt < TTL_MS) return cached;
    const running = this.inflight.get(cluster);
    if (running) return running;
    const client = this.registry.dataStorageFor(cluster);
    if (!client) return undefined;
    const load = (async () => {
      try {
        const since = '30d';
        const [created, completed] = await Promise.all([
          client.allEvents({
            event_type: 'remediation.workflow_created',
            since,
          }),
          client.allEvents({
            event_type: 'effectiveness.assessment.completed',
            since,
          }),
        ]);
        const workflowOf = new Map<string, string>();
        for (const event of created) {
          const name = event.event_data?.workflow_name;
          if (typeof name === 'string')
            workflowOf.set(event.correlation_id, name);
        }
        const byWorkflow = new Map<
          string,
          Array<{ at: string; score: number; remediation: string }>
        >();
        for (const event of completed) {
          const score = event.event_data?.score;
          const workflow =
            workflowOf.get(event.correlation_id) ??
            (typeof event.event_data?.workflow_name === 'string'
              ? event.event_data.workflow_name
              : undefined);
          if (typeof score !== 'number' || !workflow) continue;
          const list = byWorkflow.get(workflow) ?? [];
          list.push({
            at: event.event_timestamp,
            score,
            remediation: event.correlation_id,
          });
          byWorkflow.set(workflow, list);
        }
        for (const list of byWorkflow.values())
          list.sort((a, b) => a.at.localeCompare(b.at));
        const result = { byWorkflow, fetchedAt: Date.now() };
        this.effectiveness.set(cluster, result);
        return result;
      } catch (error) {
        this.logger.warn(
          `${cluster}: workflow effectiveness unavailable: ${
            error instanceof Error ? error.message : String(error)
          }`,
        );
        return cached;
      } finally {
        this.inflight.delete(cluster);
      }
    })();
    this.inflight.set(cluster, load);
    return load;
  }

  private usage(connection: ClusterConnection) {
    const usage = new Map<string, { count: number; lastUsed?: string }>();
    for (const row of connection.remediationRows()) {
      if (!row.workflow) continue;
      const entry = usage.get(row.workflow) ?? { count: 0 };
      entry.count++;
      if (!entry.lastUsed || row.createdAt > entry.lastUsed)
        entry.lastUsed = row.createdAt;
      usage.set(row.workflow, entry);
    }
    return usage;
  }

  private row(
    connection: ClusterConnection,
    workflow: WorkflowRecord,
    usage: Map<string, { count: number; lastUsed?: string }>,
    effectiveness?: Effectiveness,
  ): WorkflowRow {
    const scores = effectiveness?.byWorkflow.get(workflow.name) ?? [];
    const used = usage.get(workflow.name);
    return {
      cluster: connection.name,
      name: workflow.name,
      workflowId: workflow.workflowId,
      actionType: workflow.actionType,
      version: workflow.version,
      engine: workflow.engine,
      status: workflow.status,
      description: workflow.description,
      matchCount: used?.count ?? 0,
      ...(scores.length
        ? {
            effectiveness: {
              score:
                Math.round(
                  (scores.reduce((s, e) => s + e.score, 0) / scores.length) *
                    1000,
                ) / 1000,
              samples: scores.length,
            },
          }
        : {}),
      lastUsed: [used?.lastUsed, scores[scores.length - 1]?.at]
        .filter(Boolean)
        .sort()
        .pop(),
    };
  }

  async list(
    filter: QueryFilter,
    clusters?: string[],
  ): Promise<{ items: WorkflowRow[]; clusters: ClusterHealth[] }> {
    const connections = this.registry.select(clusters ?? filter.clusters);
    const text = (filter.text ?? []).map(t => t.toLowerCase());
    const items: WorkflowRow[] = [];
    await Promise.all(
      connections.map(async connection => {
        const effectiveness = await this.effectivenessFor(connection.name);
        const usage = this.usage(connection);
        for (const workflow of connection.workflows.items.values()) {
          if (
            filter.workflows?.length &&
            !filter.workflows.includes(workflow.name)
          )
            continue;
          if (
            filter.actionTypes?.length &&
            !filter.actionTypes.includes(workflow.actionType)
          )
            continue;
          const haystack = `${workflow.name} ${workflow.actionType} ${
            workflow.description ?? ''
          } ${workflow.whenToUse ?? ''}`.toLowerCase();
          if (text.length && !text.every(t => haystack.includes(t))) continue;
          items.push(this.row(connection, workflow, usage, effectiveness));
        }
      }),
    );
    items.sort(
      (a, b) =>
        b.matchCount - a.matchCount ||
        a.name.localeCompare(b.name) ||
        a.cluster.localeCompare(b.cluster),
    );
    return { items, clusters: this.registry.health(connections) };
  }

  async detail(
    cluster: string,
    name: string,
    allowed: (row: RemediationSummary) => boolean,
  ): Promise<WorkflowDetail> {
    const connection = this.registry.get(cluster);
    const workflow = connection.workflows.items.get(name);
    if (!workflow)
      throw new NotFoundError(
        `workflow ${name} not found in cluster ${cluster}`,
      );
    const effectiveness = await this.effectivenessFor(cluster);
    const base = this.row(
      connection,
      workflow,
      this.usage(connection),
      effectiveness,
    );
    return {
      ...base,
      whenToUse: workflow.whenToUse,
      whenNotToUse: workflow.whenNotToUse,
      parameters: workflow.parameters,
      labels: workflow.labels,
      history: effectiveness?.byWorkflow.get(name) ?? [],
      recentRemediations: connection
        .remediationRows()
        .filter(row => row.workflow === name && allowed(row))
        .slice(0, 20)
        .map(remediationSummary),
      effectivenessStatus: effectiveness ? 'ok' : 'unavailable',
    };
  }
}
