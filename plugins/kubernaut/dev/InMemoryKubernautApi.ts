import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  parseQuery,
  TERMINAL_PHASES,
  type DecisionRequest,
  type FleetChangeEvent,
  type RemediationDetail,
  type RemediationSummary,
} from '@kubernaut/plugin-kubernaut-common';
import type { KubernautApi, RemediationListRequest } from '../src';
import { kpis, matchesFilter, someIn, summaryOf } from './rows';
import { DEV_USER, DevInvestigations } from './DevInvestigations';
import { devClusters, devRemediations, devWorkflows } from './fixtures';

/**
 * The Kubernaut API on in-memory fixtures, for `yarn start` in this plugin: lists, filters,
 * decisions and cancellations change the fixtures, and an investigation replays a canned
 * transcript, so every page works without a backend.
 */
export class InMemoryKubernautApi
  extends DevInvestigations
  implements KubernautApi
{
  private readonly clusters = devClusters().map(cluster => ({
    ...cluster,
    counts: {
      RemediationRequest: this.remediations.filter(
        r => r.cluster === cluster.name,
      ).length,
    },
  }));
  private readonly workflows = devWorkflows();
  constructor() {
    super(devRemediations());
  }

  private readonly changeListeners = new Set<
    (changes: FleetChangeEvent[]) => void
  >();

  async getHealth() {
    return { status: 'ok' as const, version: 'dev' };
  }

  async getClusters() {
    return { items: this.clusters };
  }

  async getFleetSummary(request: { q?: string; window?: string }) {
    const rows = this.filtered(request.q);
    const until = new Date();
    const since = new Date(until.getTime() - 86_400_000);
    const slices = (share: number) =>
      [0, 1, 2, 3, 4, 5].map(slice => ({
        start: new Date(since.getTime() + slice * 4 * 3_600_000).toISOString(),
        resolved: Math.round((2 + (slice % 3)) * share),
        failed: Math.round((slice % 2) * share),
        meanTimeToResolve: 300 + slice * 40,
      }));
    return {
      window: { since: since.toISOString(), until: until.toISOString() },
      trend: slices(1),
      historySource: 'cache' as const,
      fleet: kpis(rows),
      byCluster: this.clusters.map(c => ({
        cluster: c.name,
        figures: kpis(rows.filter(r => r.cluster === c.name)),
        trend: slices(
          rows.filter(r => r.cluster === c.name).length /
            Math.max(1, rows.length),
        ),
      })),
      clusters: this.clusters,
    };
  }

  async listRemediations(request: RemediationListRequest) {
    const all = this.filtered(request.q).filter(
      row =>
        someIn(request.cluster, row.cluster) &&
        someIn(request.phase, row.phase) &&
        someIn(request.severity, row.severity) &&
        someIn(request.namespace, row.target.namespace) &&
        (!request.target?.length ||
          request.target.some(t => t.split('/').pop() === row.target.name)),
    );
    const direction = request.direction === 'asc' ? 1 : -1;
    const key = (row: RemediationSummary) =>
      request.sort === 'name' ? row.name : row.createdAt;
    all.sort((a, b) => direction * key(a).localeCompare(key(b)));
    const offset = Number(request.cursor ?? 0);
    const limit = request.limit ?? 50;
    const next =
      offset + limit < all.length ? String(offset + limit) : undefined;
    return {
      items: all.slice(offset, offset + limit),
      nextCursor: next,
      totalCount: all.length,
      clusters: this.clusters,
    };
  }

  async getRemediation(cluster: string, name: string) {
    return this.remediation(cluster, name);
  }

  async getAuditTrail(cluster: string, name: string) {
    const remediation = this.remediation(cluster, name);
    const events = [
      'orchestrator.lifecycle.created',
      'aianalysis.completed',
    ].map((type, index) => ({
      id: `${name}-${index}`,
      type,
      category: type.split('.')[0],
      action: type.split('.').slice(1).join('.'),
      outcome: 'success',
      timestamp: remediation.createdAt,
      actor: { type: 'service', id: 'kubernaut-controller' },
      data: { remediation: name },
    }));
    return {
      cluster,
      remediation: name,
      status: 'ok' as const,
      events,
      total: events.length,
    };
  }

  async listApprovals() {
    const items = this.remediations.flatMap(r =>
      r.approval && r.approvalRequest
        ? [
            {
              ...r.approvalRequest,
              ...summaryOf(r),
              name: r.approvalRequest.name,
            },
          ]
        : [],
    );
    items.sort((a, b) =>
      (a.requiredBy ?? '').localeCompare(b.requiredBy ?? ''),
    );
    return { items, clusters: this.clusters };
  }

  async decide(cluster: string, name: string, decision: DecisionRequest) {
    const remediation = this.remediations.find(
      r => r.cluster === cluster && r.approvalRequest?.name === name,
    );
    const request = remediation?.approvalRequest;
    if (!remediation || !request)
      throw new NotFoundError(`no approval ${name}`);
    if (request.decision) throw new ConflictError(`${name} is already decided`);
    const decidedAt = new Date().toISOString();
    request.decision = decision.decision;
    request.decidedBy = DEV_USER;
    request.decidedAt = decidedAt;
    request.decisionMessage = decision.reason;
    request.resourceVersion = String(Number(request.resourceVersion) + 1);
    remediation.approval = undefined;
    remediation.approvalDecision = decision.decision;
    remediation.phase =
      decision.decision === 'Approved' ? 'Executing' : 'Failed';
    this.notify(remediation);
    return {
      cluster,
      name,
      decision: decision.decision,
      decidedBy: DEV_USER,
      decidedAt,
      resourceVersion: request.resourceVersion,
    };
  }

  async cancelRemediation(cluster: string, name: string) {
    const remediation = this.remediation(cluster, name);
    if (TERMINAL_PHASES.includes(remediation.phase))
      throw new ConflictError(`${name} has already ended`);
    remediation.phase = 'Cancelled';
    remediation.approval = undefined;
    this.notify(remediation);
    return { cluster, name, phase: remediation.phase };
  }

  async listWorkflows(request: { q?: string } = {}) {
    const words = (request.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const items = this.workflows
      .filter(w => words.every(word => `${w.cluster} ${w.name}`.includes(word)))
      .map(w => ({
        ...w,
        matchCount: this.remediations.filter(
          r => r.cluster === w.cluster && r.workflow === w.name,
        ).length,
      }));
    return { items, clusters: this.clusters };
  }

  async getWorkflow(cluster: string, name: string) {
    const workflow = this.workflows.find(
      w => w.cluster === cluster && w.name === name,
    );
    if (!workflow) throw new NotFoundError(`no workflow ${name} in ${cluster}`);
    const recent = this.remediations.filter(
      r => r.cluster === cluster && r.workflow === name,
    );
    return {
      ...workflow,
      matchCount: recent.length,
      recentRemediations: recent,
    };
  }

  async parseQuery(q: string, scope: 'fleet' | 'workflows') {
    return parseQuery(q, {
      now: new Date(),
      scope,
      timeZoneOffsetMinutes: -new Date().getTimezoneOffset(),
      vocabulary: {
        clusters: this.clusters.map(c => c.name),
        namespaces: [
          ...new Set(this.remediations.map(r => r.target.namespace ?? '')),
        ],
        targets: [...new Set(this.remediations.map(r => r.target.name))],
        workflows: [...new Set(this.workflows.map(w => w.name))],
      },
    });
  }

  async listWorkloads(request: { cluster?: string[] } = {}) {
    const seen = new Map<
      string,
      { cluster: string; name: string; namespace?: string; kind?: string }
    >();
    for (const r of this.remediations) {
      if (!someIn(request.cluster, r.cluster)) continue;
      seen.set(`${r.cluster}/${r.target.name}`, {
        cluster: r.cluster,
        ...r.target,
      });
    }
    return { items: [...seen.values()] };
  }

  streamFleetChanges(
    handlers: Parameters<KubernautApi['streamFleetChanges']>[0],
    options: { signal?: AbortSignal },
  ) {
    // As the backend's `/events` does, the stream opens with the clusters' health.
    handlers.onClusters?.(this.clusters);
    const listener = (changes: FleetChangeEvent[]) =>
      handlers.onChanges(changes);
    this.changeListeners.add(listener);
    return new Promise<void>(resolve =>
      options.signal?.addEventListener('abort', () => {
        this.changeListeners.delete(listener);
        resolve();
      }),
    );
  }

  private filtered(q: string | undefined): RemediationSummary[] {
    const rows = this.remediations.map(summaryOf);
    if (!q?.trim()) return rows;
    const { filter } = parseQuery(q, {
      now: new Date(),
      vocabulary: { clusters: this.clusters.map(c => c.name) },
    });
    return rows.filter(row => matchesFilter(row, filter));
  }

  private remediation(cluster: string, name: string) {
    const found = this.remediations.find(
      r => r.cluster === cluster && r.name === name,
    );
    if (!found) throw new NotFoundError(`no remediation ${name} in ${cluster}`);
    return found;
  }

  private notify(remediation: RemediationDetail) {
    const change: FleetChangeEvent = {
      cluster: remediation.cluster,
      kind: 'RemediationRequest',
      name: remediation.name,
      type: 'MODIFIED',
      phase: remediation.phase,
    };
    this.changeListeners.forEach(listener => listener([change]));
  }
}
