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
import { OwnerIndex, owningRemediation } from './owners';
import { Reflector, type ChangeType, type ListGate } from './Reflector';
import { RemediationRows } from './RemediationRows';
import {
  approvalOutline,
  DEFAULT_SETTLE_MS,
  NotificationsByRemediation,
  SettledChildrenReader,
  SettledRemediations,
  type RemediationChildren,
} from './settledChildren';

const GROUP = 'kubernaut.ai';
const VERSION = 'v1alpha1';
/** How often remediations that ended long enough ago give up their cached children. */
const SETTLE_SWEEP_MS = 60_000;

export interface ClusterConnectionOptions {
  watchTimeoutSeconds?: number;
  /** Shared by every cluster: how many list pages are read at once (`Reflector`). */
  listGate?: ListGate;
  /** How long after a remediation ended its children stay cached (default an hour). */
  settleMs?: number;
}

/**
 * One configured Kubernaut installation: list+watch caches of the kinds the UI needs, trimmed
 * to view models, the remediation rows derived from them, and the cluster's health. Children are
 * cached while their remediation runs and for a while after it ended; a settled remediation
 * keeps its row, and its children are read from the cluster when asked for
 * (`settledChildren.ts`).
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

  /**
   * Bumped when a remediation row may have changed; a change to a child that leaves every row as
   * it was (an analysis, execution, assessment or notification; a classification or approval
   * request that derives nothing new) does not. For figures derived from the rows alone.
   */
  get rowsVersion(): number {
    return this.rows.version;
  }

  /** The names of the rows changed after a rows version, or undefined when no longer known. */
  rowsChangedSince(version: number): readonly string[] | undefined {
    return this.rows.changedSince(version);
  }
  /** The health status last announced to listeners, so a change of it is told once. */
  private announcedStatus?: ClusterHealth['status'];
  private configError?: string;
  private readonly settled: SettledRemediations;
  private readonly settledChildren: SettledChildrenReader;
  private readonly notificationIndex = new NotificationsByRemediation();
  private childrenStarted = false;
  private sweepTimer?: NodeJS.Timeout;

  constructor(
    readonly config: ClusterConfig,
    logger: LoggerService,
    options: ClusterConnectionOptions = {},
  ) {
    this.settled = new SettledRemediations(
      options.settleMs ?? DEFAULT_SETTLE_MS,
    );
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
    this.settledChildren = new SettledChildrenReader(
      kubeConfig,
      config.namespace,
      config.name,
    );
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
        listGate: options.listGate,
        onChange: (type, name, item) => {
          onChange?.(type, name, item);
          this.changed({ cluster: config.name, kind, name, type });
          this.departing = undefined;
          if (type === 'DELETED') this.owners.forget(kind, name);
        },
        onSync: () => {
          if (kind === 'RemediationRequest') this.startChildren();
          if (kind === 'NotificationRequest') this.indexNotifications();
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
      o => this.keepingDerived(readRemediation(o, config.name)),
      'RemediationRequest',
      (type, name, item) => this.remediationChanged(type, name, item),
    );
    this.signalProcessings = make(
      'signalprocessings',
      this.owners.indexing(
        'SignalProcessing',
        this.unlessSettled(readSignalProcessing, (sp, row) => {
          // The environment the row shows outlives its SignalProcessing in the cache.
          const environment = sp.environment ?? row.environment;
          if (environment !== row.environment) {
            row.environment = environment;
            this.rows.touch(row.name);
          }
          return undefined;
        }),
      ),
      'SignalProcessing',
      (_t, name) => this.refreshRow(name.replace(/^sp-/, '')),
    );
    this.analyses = make(
      'aianalyses',
      this.owners.indexing('AIAnalysis', this.unlessSettled(readAnalysis)),
      'AIAnalysis',
    );
    this.approvals = make(
      'remediationapprovalrequests',
      this.owners.indexing(
        'RemediationApprovalRequest',
        this.unlessSettled(o => readApproval(o, config.name), approvalOutline),
      ),
      'RemediationApprovalRequest',
      (_t, name, item) => {
        // A deleted request no longer says whose it was; the owner index still does.
        const remediation =
          item?.remediation ??
          this.owners.ownerOf('RemediationApprovalRequest', name);
        if (remediation) this.refreshRow(remediation);
        else this.rebuildRows();
      },
    );
    this.executions = make(
      'workflowexecutions',
      this.owners.indexing(
        'WorkflowExecution',
        this.unlessSettled(readWorkflowExecution),
      ),
      'WorkflowExecution',
    );
    this.effectiveness = make(
      'effectivenessassessments',
      this.owners.indexing(
        'EffectivenessAssessment',
        this.unlessSettled(readEffectivenessAssessment),
      ),
      'EffectivenessAssessment',
    );
    this.notifications = make(
      'notificationrequests',
      this.owners.indexing(
        'NotificationRequest',
        this.unlessSettled(readNotification, (nr, row) => {
          this.notificationIndex.addSettled(row.name, nr.name);
          return undefined;
        }),
      ),
      'NotificationRequest',
      (type, name, item) => {
        if (type === 'DELETED' || !item) this.notificationIndex.remove(name);
        else
          this.notificationIndex.put(
            name,
            this.owners.ownerOf('NotificationRequest', name) ??
              item.remediation,
          );
      },
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

  /**
   * Lists the remediations first and their children once those are known, so that the children
   * of settled remediations are never cached, not even during the first sync.
   */
  start(): void {
    if (this.configError) return;
    this.remediations.start();
    this.workflows.start();
    this.actionTypes.start();
    this.sweepTimer = setInterval(() => this.sweepSettled(), SETTLE_SWEEP_MS);
    this.sweepTimer.unref?.();
  }

  private startChildren() {
    if (this.childrenStarted) return;
    this.childrenStarted = true;
    for (const reflector of [
      this.signalProcessings,
      this.analyses,
      this.approvals,
      this.executions,
      this.effectiveness,
      this.notifications,
    ])
      reflector.start();
  }

  stop(): void {
    clearInterval(this.sweepTimer);
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
    record.environment =
      sp?.environment ?? record.environment ?? this.config.environment;
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
      this.settled.forget(name);
      this.notificationIndex.forgetRemediation(name);
      return;
    }
    this.derive(record);
    this.rows.put(record);
    this.settled.track(record);
    if (this.settled.isSettled(record)) this.settleChildren(name);
  }

  /**
   * A remediation's fields that come from its children, carried over when the remediation is
   * read again (a relist), since a settled remediation's children are no longer cached.
   */
  private keepingDerived(
    record: RemediationRecord | undefined,
  ): RemediationRecord | undefined {
    const previous = record && this.remediations?.items.get(record.name);
    if (record && previous) record.environment = previous.environment;
    return record;
  }

  /**
   * Wraps a child kind's projection: a child whose remediation has settled is not kept, or only
   * as `outline` makes it.
   */
  private unlessSettled<T>(
    project: (object: any) => T | undefined,
    outline: (item: T, row: RemediationRecord) => T | undefined = () =>
      undefined,
  ): (object: any) => T | undefined {
    return object => {
      const item = project(object);
      if (item === undefined) return undefined;
      const owner = owningRemediation(object);
      const row = owner ? this.remediations.items.get(owner) : undefined;
      return row && this.settled.isSettled(row) ? outline(item, row) : item;
    };
  }

  /** Drops the cached children of a remediation that has settled (an outline of its approval stays). */
  private settleChildren(name: string) {
    const kinds: Array<[Reflector<unknown>, string, string]> = [
      [this.signalProcessings, 'SignalProcessing', `sp-${name}`],
      [this.analyses, 'AIAnalysis', `ai-${name}`],
      [this.executions, 'WorkflowExecution', `we-${name}`],
      [this.effectiveness, 'EffectivenessAssessment', `ea-${name}`],
    ] as Array<[Reflector<unknown>, string, string]>;
    for (const [reflector, kind, child] of kinds)
      if (reflector.items.delete(child)) this.owners.forget(kind, child);
    for (const child of this.notificationIndex.settle(name)) {
      this.notifications.items.delete(child);
      this.owners.forget('NotificationRequest', child);
    }
    const approval = this.approvals.items.get(`rar-${name}`);
    if (approval)
      this.approvals.items.set(approval.name, approvalOutline(approval));
  }

  private sweepSettled() {
    for (const name of this.settled.sweep()) this.settleChildren(name);
  }

  private indexNotifications() {
    this.notificationIndex.clear();
    for (const [name, item] of this.notifications.items)
      this.notificationIndex.put(
        name,
        this.owners.ownerOf('NotificationRequest', name) ?? item.remediation,
      );
  }

  /** Derives a row's fields from its children again; the row counts as changed only if they did. */
  private refreshRow(remediation: string) {
    const record = this.remediations.items.get(remediation);
    if (!record) return;
    const before = derivedStamp(record);
    this.derive(record);
    if (
      this.rows.get(remediation) === record &&
      derivedStamp(record) === before
    )
      return;
    this.remediationChanged('MODIFIED', remediation, record);
  }

  private rebuildRows() {
    const records = [...this.remediations.items.values()];
    for (const record of records) {
      this.derive(record);
      this.settled.track(record);
    }
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

  /** The status layout read from the rows at a rows version: health asks for it on every read. */
  private layoutAt?: { version: number; layout: StatusLayout };

  statusLayout(): StatusLayout {
    if (this.layoutAt?.version === this.rowsVersion)
      return this.layoutAt.layout;
    const layout = this.readStatusLayout();
    this.layoutAt = { version: this.rowsVersion, layout };
    return layout;
  }

  private readStatusLayout(): StatusLayout {
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

  /**
   * The cached children of a remediation, found by Kubernaut's naming rules (sp-, ai-, rar-, we-,
   * ea-) and its notifications by owner. A settled remediation has none cached (its approval
   * request only in outline): ask `childrenOf`.
   */
  children(name: string): RemediationChildren {
    return {
      signalProcessing: this.signalProcessings.items.get(`sp-${name}`),
      analysis: this.analyses.items.get(`ai-${name}`),
      approvalRequest: this.approvals.items.get(`rar-${name}`),
      workflowExecution: this.executions.items.get(`we-${name}`),
      effectiveness: this.effectiveness.items.get(`ea-${name}`),
      notifications: this.notificationIndex
        .of(name)
        .map(child => this.notifications.items.get(child))
        .filter((n): n is NotificationView => n !== undefined)
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  }

  /** A remediation's children: from the caches, or from the cluster once it has settled. */
  async childrenOf(name: string): Promise<RemediationChildren> {
    const row = this.rows.get(name);
    if (!row || !this.settled.isSettled(row)) return this.children(name);
    return this.settledChildren.read(
      name,
      this.notificationIndex.settledOf(name),
    );
  }

  /** Whether `sample` is in the kind caches; used by tests and health checks. */
  get synced(): boolean {
    return this.reflectors.every(r => r.state.synced);
  }
}

/** The fields `derive` sets, as one comparable string. */
function derivedStamp(record: RemediationRecord): string {
  return [
    record.environment,
    record.approvalDecision,
    record.approval?.name,
    record.approval?.requiredBy,
  ].join('\n');
}
