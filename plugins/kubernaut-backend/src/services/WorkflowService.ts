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
import type { DataStorageEvent } from '../clients/DataStorageClient';
import { remediationSummary, type WorkflowRecord } from '../cluster/readers';
import { effectivenessOf } from './effectivenessScore';

interface Effectiveness {
  byWorkflow: Map<
    string,
    Array<{ at: string; score: number; remediation: string }>
  >;
  fetchedAt: number;
}

const TTL_MS = 60_000;

const nonEmpty = (value: unknown) =>
  typeof value === 'string' && value ? value : undefined;

/**
 * Effectiveness per workflow name from Data Storage's events. `remediation.workflow_created`
 * names the workflow by its UUID only (`pkg/remediationorchestrator/audit/manager.go`); the UUID
 * is resolved through the catalog (RemediationWorkflow `status.workflowId`), else through the
 * `workflowexecution.selection.completed` event that carries both. Scores come from the
 * component events, weighed as Data Storage does.
 */
export function scoresByWorkflow(
  created: DataStorageEvent[],
  selected: DataStorageEvent[],
  assessments: DataStorageEvent[],
  catalog: Iterable<WorkflowRecord>,
): Map<string, Array<{ at: string; score: number; remediation: string }>> {
  const nameOfId = new Map<string, string>();
  for (const workflow of catalog)
    if (workflow.workflowId) nameOfId.set(workflow.workflowId, workflow.name);
  const workflowOf = new Map<string, string>();
  for (const event of selected) {
    const name = nonEmpty(event.event_data?.workflow_name);
    const id = nonEmpty(event.event_data?.workflow_id);
    if (!name) continue;
    workflowOf.set(event.correlation_id, name);
    if (id && !nameOfId.has(id)) nameOfId.set(id, name);
  }
  for (const event of created) {
    const id = nonEmpty(event.event_data?.workflow_id);
    const name = id ? nameOfId.get(id) : undefined;
    if (name) workflowOf.set(event.correlation_id, name);
  }
  const eventsOf = new Map<string, DataStorageEvent[]>();
  for (const event of assessments) {
    if (!workflowOf.has(event.correlation_id)) continue;
    const list = eventsOf.get(event.correlation_id) ?? [];
    list.push(event);
    eventsOf.set(event.correlation_id, list);
  }
  const byWorkflow = new Map<
    string,
    Array<{ at: string; score: number; remediation: string }>
  >();
  for (const [remediation, events] of eventsOf) {
    const outcome = effectivenessOf(events);
    if (outcome?.score === undefined) continue;
    const workflow = workflowOf.get(remediation)!;
    const list = byWorkflow.get(workflow) ?? [];
    list.push({
      at: outcome.at,
      score: Math.round(outcome.score * 1000) / 1000,
      remediation,
    });
    byWorkflow.set(workflow, list);
  }
  for (const list of byWorkflow.values())
    list.sort((a, b) => a.at.localeCompare(b.at));
  return byWorkflow;
}

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
        const [created, selected, assessments] = await Promise.all([
          client.allEvents({
            event_type: 'remediation.workflow_created',
            since,
          }),
          client.allEvents({
            event_type: 'workflowexecution.selection.completed',
            since,
          }),
          client.allEvents({ event_category: 'effectiveness', since }, 50_000),
        ]);
        const byWorkflow = scoresByWorkflow(
          created,
          selected,
          assessments,
          this.registry.get(cluster).workflows.items.values(),
        );
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
    const excluded = new Set(filter.excludedClusters ?? []);
    const connections = this.registry
      .select(clusters ?? filter.clusters)
      .filter(c => !excluded.has(c.name));
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
          if (filter.excludedWorkflows?.includes(workflow.name)) continue;
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
