import type { LoggerService } from '@backstage/backend-plugin-api';
import { KubeConfig } from '@kubernetes/client-node';
import type {
  AnalysisView,
  ApprovalView,
  ClusterHealth,
  FleetChangeEvent,
  StatusLayout,
} from '@kubernaut/plugin-kubernaut-common';
import type { ClusterConfig } from '../config/clusterConfig';
import {
  approvalDecisionOf,
  isPendingApproval,
  readAnalysis,
  readApproval,
  readEffectivenessAssessment,
  readNotification,
  readRemediation,
  readRemediationWorkflow,
  readSignalProcessing,
  readWorkflowExecution,
  type EffectivenessView,
  type NotificationView,
  type RemediationRecord,
  type SignalProcessingView,
  type WorkflowExecutionView,
  type WorkflowRecord,
} from './readers';
import { KeepAliveKubeConfig, kubeConfigFor } from './kubeConfig';
import { OwnerIndex } from './owners';
import { Reflector, type ChangeType } from './Reflector';
import { RemediationRows } from './RemediationRows';

const GROUP = 'kubernaut.ai';
const VERSION = 'v1alpha1';

/**
 * One configured Kubernaut installation: list+watch caches of the kinds the UI needs, trimmed
 * to view models, the remediation rows derived from them, and the cluster's health.
 */
export class ClusterConnection {
  readonly kubeConfig: KubeConfig;
  readonly remediations: Reflector<RemediationRecord>;
  readonly signalProcessings: Reflector<SignalProcessingView>;
  readonly analyses: Reflector<AnalysisView>;
  readonly approvals: Reflector<ApprovalView>;
  readonly executions: Reflector<WorkflowExecutionView>;
  readonly effectiveness: Reflector<EffectivenessView>;
  readonly notifications: Reflector<NotificationView>;
  readonly workflows: Reflector<WorkflowRecord>;
  readonly actionTypes: Reflector<{
    name: string;
    activeWorkflowCount: number | undefined;
  }>;
  private readonly rows = new RemediationRows<RemediationRecord>();
  private readonly listeners = new Set<(event: FleetChangeEvent) => void>();
  private readonly reflectors: Array<Reflector<unknown>>;
  private readonly owners = new OwnerIndex(
    name => this.remediations.items.get(name)?.name ?? name,
  );
  /** A remediation whose deletion is being announced: no longer a row, still judged by one. */
  private departing?: RemediationRecord;
  /** Bumped on every change, so derived figures can be cached per version. */
  version = 0;
  /** The health status last announced to listeners, so a change of it is told once. */
  private announcedStatus?: ClusterHealth['status'];
  private configError?: string;

  constructor(
    readonly config: ClusterConfig,
    logger: LoggerService,
    options: { watchTimeoutSeconds?: number } = {},
  ) {
    let kubeConfig: KubeConfig;
    try {
      kubeConfig = kubeConfigFor(config);
    } catch (error) {
      this.configError = `cannot load cluster credentials: ${
        error instanceof Error ? error.message : String(error)
      }`;
      logger.error(`${config.name}: ${this.configError}`);
      kubeConfig = new KubeConfig();
    }
    this.kubeConfig = kubeConfig;
    const make = <T>(
      plural: string,
      project: (o: any) => T | undefined,
      kind: string,
      onChange?: (type: ChangeType, name: string, item: T | undefined) => void,
    ) => {
      const reflector: Reflector<T> = new Reflector<T>({
        kubeConfig,
        group: GROUP,
        version: VERSION,
        namespace: config.namespace,
        plural,
        project,
        logger: logger.child({ cluster: config.name, kind }),
        watchTimeoutSeconds: options.watchTimeoutSeconds,
        onChange: (type, name, item) => {
          onChange?.(type, name, item);
          this.changed({ cluster: config.name, kind, name, type });
          this.departing = undefined;
          if (type === 'DELETED') this.owners.forget(kind, name);
        },
        onSync: () => {
          if (
            kind === 'RemediationRequest' ||
            kind === 'SignalProcessing' ||
            kind === 'RemediationApprovalRequest'
          )
            this.rebuildRows();
          this.changed({
            cluster: config.name,
            kind,
            name: '',
            type: 'HEALTH',
          });
        },
        onStateChange: () =>
          this.reflectorStateChanged(reflector as Reflector<unknown>, kind),
      });
      return reflector;
    };
    this.remediations = make(
      'remediationrequests',
      o => readRemediation(o, config.name),
      'RemediationRequest',
      (type, name, item) => this.remediationChanged(type, name, item),
    );
    this.signalProcessings = make(
      'signalprocessings',
      this.owners.indexing('SignalProcessing', readSignalProcessing),
      'SignalProcessing',
      (_t, name) => this.refreshRow(name.replace(/^sp-/, '')),
    );
    this.analyses = make(
      'aianalyses',
      this.owners.indexing('AIAnalysis', readAnalysis),
      'AIAnalysis',
    );
    this.approvals = make(
      'remediationapprovalrequests',
      this.owners.indexing('RemediationApprovalRequest', o =>
        readApproval(o, config.name),
      ),
      'RemediationApprovalRequest',
      (_t, _name, item) => {
        if (item) this.refreshRow(item.remediation);
        else this.rebuildRows();
      },
    );
    this.executions = make(
      'workflowexecutions',
      this.owners.indexing('WorkflowExecution', readWorkflowExecution),
      'WorkflowExecution',
    );
    this.effectiveness = make(
      'effectivenessassessments',
      this.owners.indexing(
        'EffectivenessAssessment',
        readEffectivenessAssessment,
      ),
      'EffectivenessAssessment',
    );
    this.notifications = make(
      'notificationrequests',
      this.owners.indexing('NotificationRequest', readNotification),
      'NotificationRequest',
    );
    this.workflows = make(
      'remediationworkflows',
      readRemediationWorkflow,
      'RemediationWorkflow',
    );
    this.actionTypes = make(
      'actiontypes',
      (o: any) =>
        o?.metadata?.name
          ? {
              name: String(o.spec?.name ?? o.metadata.name),
              activeWorkflowCount:
                typeof o.status?.activeWorkflowCount === 'number'
                  ? (o.status.activeWorkflowCount as number)
                  : undefined,
            }
          : undefined,
      'ActionType',
    );
    this.reflectors = [
      this.remediations,
      this.signalProcessings,
      this.analyses,
      this.approvals,
      this.executions,
      this.effectiveness,
      this.notifications,
      this.workflows,
      this.actionTypes,
    ] as Array<Reflector<unknown>>;
  }

  get name(): string {
    return this.config.name;
  }

  start(): void {
    if (this.configError) return;
    for (const reflector of this.reflectors) reflector.start();
  }

  stop(): void {
    for (const reflector of this.reflectors) reflector.stop();
    if (this.kubeConfig instanceof KeepAliveKubeConfig)
      void this.kubeConfig.closeConnections();
  }

  onChange(listener: (event: FleetChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A kind's list+watch failed or (re)connected. A cluster that answers again is retried at once
   * for every kind still waiting out a backoff, so it recovers as a whole; and listeners (open
   * pages on `/events`) are told when the cluster's health status changes, not only after a
   * relist.
   */
  private reflectorStateChanged(reflector: Reflector<unknown>, kind: string) {
    if (reflector.state.watching && !reflector.state.lastError)
      for (const other of this.reflectors)
        if (other !== reflector && other.state.lastError) other.retryNow();
    const status = this.health().status;
    if (status === this.announcedStatus) return;
    this.announcedStatus = status;
    this.changed({ cluster: this.config.name, kind, name: '', type: 'HEALTH' });
  }

  private changed(event: FleetChangeEvent) {
    this.version++;
    for (const listener of this.listeners) listener(event);
  }

  /** The bearer token the backend uses for this cluster's Data Storage and API Frontend. */
  serviceToken(): string | undefined {
    return (
      this.config.serviceAccountToken ??
      (this.kubeConfig.getCurrentUser() as { token?: string } | null)?.token
    );
  }

  /**
   * Fills in the row fields that come from other kinds: the environment SignalProcessing
   * classified, the approval request while it waits for a decision, and how it was decided. The
   * record is the row; it is updated in place so each remediation stays one object.
   */
  private derive(record: RemediationRecord): void {
    const sp = this.signalProcessings.items.get(`sp-${record.name}`);
    const rar = this.approvals.items.get(`rar-${record.name}`);
    const pending =
      rar !== undefined &&
      isPendingApproval(rar) &&
      record.phase === 'AwaitingApproval';
    record.environment = sp?.environment ?? this.config.environment;
    record.approvalDecision = approvalDecisionOf(rar);
    if (!pending) record.approval = undefined;
    else if (
      record.approval?.name !== rar.name ||
      record.approval.requiredBy !== rar.requiredBy
    )
      record.approval = { name: rar.name, requiredBy: rar.requiredBy };
  }

  private remediationChanged(
    type: ChangeType,
    name: string,
    record: RemediationRecord | undefined,
  ) {
    if (type === 'DELETED' || !record) {
      this.departing = this.rows.remove(name);
      return;
    }
    this.derive(record);
    this.rows.put(record);
  }

  private refreshRow(remediation: string) {
    const record = this.remediations.items.get(remediation);
    if (record) this.remediationChanged('MODIFIED', remediation, record);
  }

  private rebuildRows() {
    const records = [...this.remediations.items.values()];
    for (const record of records) this.derive(record);
    this.rows.rebuild(records);
  }

  /** Remediation rows, newest first. Do not mutate; answer with `remediationSummary(row)`. */
  remediationRows(): readonly RemediationRecord[] {
    return this.rows.all();
  }

  /**
   * The rows whose target or RCA target is named one of `names`, newest first: a superset of a
   * target filter's matches (namespace and kind are left to the filter), found without a scan.
   */
  remediationRowsByTargetName(
    names: readonly string[],
  ): readonly RemediationRecord[] {
    return this.rows.byTargetNames(names);
  }

  remediationRow(name: string): RemediationRecord | undefined {
    return this.rows.get(name);
  }

  /**
   * The remediation a change belongs to, for deciding who is told of it: the remediation itself
   * (also while its deletion is announced) or, for a child, the one its owner reference names.
   * Undefined when that remediation is not cached; such a change is then shown to nobody who
   * needs a visibility check.
   */
  remediationOfChange(event: FleetChangeEvent): RemediationRecord | undefined {
    if (event.kind === 'RemediationRequest')
      return (
        this.rows.get(event.name) ??
        (this.departing?.name === event.name ? this.departing : undefined)
      );
    const owner = this.owners.ownerOf(event.kind, event.name);
    return owner ? this.rows.get(owner) : undefined;
  }

  statusLayout(): StatusLayout {
    const counts = { 'v1.5': 0, 'v1.6': 0 };
    let seen = 0;
    for (const record of this.remediations.items.values()) {
      if (record.statusLayout !== 'unknown') counts[record.statusLayout]++;
      if (++seen > 200) break;
    }
    if (counts['v1.5'] === 0 && counts['v1.6'] === 0) return 'unknown';
    return counts['v1.6'] >= counts['v1.5'] ? 'v1.6' : 'v1.5';
  }

  health(): ClusterHealth {
    const states = this.reflectors.map(r => r.state);
    const synced = states.every(s => s.synced);
    const errors = states.filter(s => s.lastError).map(s => s.lastError!);
    const lastSync = states
      .map(s => s.lastSync?.getTime() ?? 0)
      .reduce((a, b) => Math.min(a, b), Infinity);
    let status: ClusterHealth['status'];
    if (this.configError) status = 'unreachable';
    else if (!synced) status = errors.length ? 'unreachable' : 'syncing';
    else
      status =
        errors.length || states.some(s => !s.watching)
          ? 'degraded'
          : 'connected';
    return {
      name: this.config.name,
      title: this.config.title,
      environment: this.config.environment,
      status,
      stale:
        status === 'degraded' ||
        (status === 'unreachable' && this.remediations.items.size > 0),
      ...(synced && Number.isFinite(lastSync)
        ? { lastSync: new Date(lastSync).toISOString() }
        : {}),
      ...(this.configError || errors.length
        ? { lastError: this.configError ?? errors[0] }
        : {}),
      counts: {
        RemediationRequest: this.remediations.items.size,
        RemediationApprovalRequest: this.approvals.items.size,
        WorkflowExecution: this.executions.items.size,
        RemediationWorkflow: this.workflows.items.size,
      },
      statusLayout: this.statusLayout(),
    };
  }

  /** Children of a remediation, found by Kubernaut's naming rules (sp-, ai-, rar-, we-, ea-). */
  children(name: string) {
    return {
      signalProcessing: this.signalProcessings.items.get(`sp-${name}`),
      analysis: this.analyses.items.get(`ai-${name}`),
      approvalRequest: this.approvals.items.get(`rar-${name}`),
      workflowExecution: this.executions.items.get(`we-${name}`),
      effectiveness: this.effectiveness.items.get(`ea-${name}`),
      notifications: [...this.notifications.items.values()].filter(
        n => n.remediation === name || n.name.endsWith(`-${name}`),
      ),
    };
  }

  /** Whether `sample` is in the kind caches; used by tests and health checks. */
  get synced(): boolean {
    return this.reflectors.every(r => r.state.synced);
  }
}
