import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import {
  TERMINAL_PHASES,
  type AnalysisView,
  type ApprovalView,
} from '@kubernaut/plugin-kubernaut-common';
import { LRUCache } from 'lru-cache';
import {
  readAnalysis,
  readApproval,
  readEffectivenessAssessment,
  readNotification,
  readSignalProcessing,
  readWorkflowExecution,
  type EffectivenessView,
  type NotificationView,
  type SignalProcessingView,
  type WorkflowExecutionView,
} from './readers';

/** A remediation's children, found by Kubernaut's naming rules (sp-, ai-, rar-, we-, ea-). */
export interface RemediationChildren {
  signalProcessing: SignalProcessingView | undefined;
  analysis: AnalysisView | undefined;
  approvalRequest: ApprovalView | undefined;
  workflowExecution: WorkflowExecutionView | undefined;
  effectiveness: EffectivenessView | undefined;
  notifications: NotificationView[];
}

/** How long after a remediation ended its children stay in the watch caches, by default. */
export const DEFAULT_SETTLE_MS = 60 * 60_000;

const TERMINAL = new Set<string>(TERMINAL_PHASES);

interface EndedRow {
  name: string;
  phase: string;
  completedAt?: string;
  createdAt: string;
}

/** When a remediation ended (epoch ms), or undefined while it has not. */
export function endedAt(row: EndedRow): number | undefined {
  if (!TERMINAL.has(row.phase)) return undefined;
  const at = Date.parse(row.completedAt ?? row.createdAt);
  return Number.isNaN(at) ? 0 : at;
}

/**
 * Which remediations have settled: ended at least `settleMs` ago. Nothing but an ended
 * remediation's detail view reads its analysis, execution, assessment and notifications, and its
 * effectiveness assessment is done within minutes of the end, so a settled remediation keeps only
 * its row (and a decided approval's outline) in the caches; its children are read from the
 * cluster when its detail is opened. Remembers the ended remediations that have not settled yet,
 * so that a sweep finds the ones that just did without scanning every row.
 */
export class SettledRemediations {
  private readonly ending = new Map<string, number>();

  constructor(
    readonly settleMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  isSettled(row: EndedRow): boolean {
    const at = endedAt(row);
    return at !== undefined && this.now() - at >= this.settleMs;
  }

  /** Notes a row's latest state. */
  track(row: EndedRow): void {
    const at = endedAt(row);
    if (at === undefined || this.now() - at >= this.settleMs)
      this.ending.delete(row.name);
    else this.ending.set(row.name, at);
  }

  forget(name: string): void {
    this.ending.delete(name);
  }

  /** The remediations that settled since the last sweep. */
  sweep(): string[] {
    const horizon = this.now() - this.settleMs;
    const settled: string[] = [];
    for (const [name, at] of this.ending)
      if (at <= horizon) {
        settled.push(name);
        this.ending.delete(name);
      }
    return settled;
  }
}

const outlines = new WeakSet<ApprovalView>();

/**
 * A decided approval request without the agent's texts (summary, evidence, alternatives,
 * rationale): what `GET /approvals?state=decided` and the row's decision need of a settled
 * remediation. The remediation's detail reads the whole request from the cluster.
 */
export function approvalOutline(view: ApprovalView): ApprovalView {
  if (outlines.has(view)) return view;
  const outline: ApprovalView = {
    ...view,
    reason: undefined,
    whyApprovalRequired: undefined,
    investigationSummary: undefined,
    evidence: [],
    alternativesConsidered: [],
    recommendedWorkflow: view.recommendedWorkflow && {
      ...view.recommendedWorkflow,
      rationale: undefined,
    },
  };
  outlines.add(outline);
  return outline;
}

/**
 * Which NotificationRequests belong to each remediation, so none is found by a scan: the cached
 * ones, and by name only those of settled remediations (no longer cached), so that a settled
 * remediation's detail reads them by name rather than listing the cluster's notifications.
 */
export class NotificationsByRemediation {
  private readonly byRemediation = new Map<string, Set<string>>();
  private readonly remediationOf = new Map<string, string>();
  /**
   * A settled remediation's notification names, newline-joined, each without the
   * `-<remediation>` suffix Kubernaut's names end with (`nr-completion-<rr>`), so that the few
   * combinations a fleet has (`nr-approval\nnr-completion`) are one shared string each.
   */
  private readonly settled = new Map<string, string>();
  private readonly pool = new Map<string, string>();

  put(name: string, remediation: string | undefined): void {
    this.remove(name);
    if (!remediation) return;
    this.remediationOf.set(name, remediation);
    let names = this.byRemediation.get(remediation);
    if (!names) this.byRemediation.set(remediation, (names = new Set()));
    names.add(name);
  }

  remove(name: string): void {
    const remediation = this.remediationOf.get(name);
    if (remediation === undefined) return;
    this.remediationOf.delete(name);
    const names = this.byRemediation.get(remediation);
    names?.delete(name);
    if (names?.size === 0) this.byRemediation.delete(remediation);
  }

  of(remediation: string): readonly string[] {
    return [...(this.byRemediation.get(remediation) ?? [])];
  }

  /** Forgets the cached notifications of a remediation that settled, remembering their names. */
  settle(remediation: string): readonly string[] {
    const names = this.of(remediation);
    for (const name of names) {
      this.remove(name);
      this.addSettled(remediation, name);
    }
    return names;
  }

  addSettled(remediation: string, name: string): void {
    const suffix = `-${remediation}`;
    const short = name.endsWith(suffix)
      ? name.slice(0, -suffix.length)
      : `=${name}`;
    const parts = this.settled.get(remediation)?.split('\n') ?? [];
    if (parts.includes(short)) return;
    const joined = [...parts, short].sort().join('\n');
    let shared = this.pool.get(joined);
    if (shared === undefined) {
      shared = joined;
      if (!joined.includes('=')) this.pool.set(joined, shared);
    }
    this.settled.set(remediation, shared);
  }

  /** The names of a settled remediation's notifications. */
  settledOf(remediation: string): string[] {
    const joined = this.settled.get(remediation);
    if (!joined) return [];
    return joined
      .split('\n')
      .map(short =>
        short.startsWith('=') ? short.slice(1) : `${short}-${remediation}`,
      );
  }

  forgetRemediation(remediation: string): void {
    this.settled.delete(remediation);
  }

  /** Empties the index of cached notifications (before a relist fills it again). */
  clear(): void {
    this.byRemediation.clear();
    this.remediationOf.clear();
  }
}

function statusCode(error: unknown): number | undefined {
  const e = error as { code?: unknown; statusCode?: unknown };
  if (typeof e?.code === 'number') return e.code;
  return typeof e?.statusCode === 'number' ? e.statusCode : undefined;
}

const GROUP = 'kubernaut.ai';
const VERSION = 'v1alpha1';

/**
 * Reads a settled remediation's children from its cluster, by name and in parallel: the five
 * Kubernaut's naming rules give, and the notifications the index remembered (a list by
 * `spec.remediationRequestRef.name`, a selectable field of the CRD, would have the API server
 * filter every notification of the namespace: 80 ms at 20,000 in the sandbox). Answers stay for
 * a short while in a small LRU, since a detail page is read again on every change it hears of.
 */
export class SettledChildrenReader {
  private readonly api: CustomObjectsApi;
  private readonly cache = new LRUCache<string, Promise<RemediationChildren>>({
    max: 256,
    ttl: 30_000,
  });

  constructor(
    kubeConfig: KubeConfig,
    private readonly namespace: string,
    private readonly cluster: string,
  ) {
    this.api = kubeConfig.makeApiClient(CustomObjectsApi);
  }

  read(
    remediation: string,
    notifications: readonly string[],
  ): Promise<RemediationChildren> {
    let answer = this.cache.get(remediation);
    if (!answer) {
      answer = this.fetch(remediation, notifications);
      this.cache.set(remediation, answer);
      answer.catch(() => this.cache.delete(remediation));
    }
    return answer;
  }

  private async get(plural: string, name: string): Promise<any> {
    try {
      return await this.api.getNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace: this.namespace,
        plural,
        name,
      });
    } catch (error) {
      if (statusCode(error) === 404) return undefined;
      throw error;
    }
  }

  private async fetch(
    remediation: string,
    notificationNames: readonly string[],
  ): Promise<RemediationChildren> {
    const [sp, ai, rar, we, ea, ...notifications] = await Promise.all([
      this.get('signalprocessings', `sp-${remediation}`),
      this.get('aianalyses', `ai-${remediation}`),
      this.get('remediationapprovalrequests', `rar-${remediation}`),
      this.get('workflowexecutions', `we-${remediation}`),
      this.get('effectivenessassessments', `ea-${remediation}`),
      ...notificationNames.map(name => this.get('notificationrequests', name)),
    ]);
    return {
      signalProcessing: sp === undefined ? undefined : readSignalProcessing(sp),
      analysis: ai === undefined ? undefined : readAnalysis(ai),
      approvalRequest:
        rar === undefined ? undefined : readApproval(rar, this.cluster),
      workflowExecution:
        we === undefined ? undefined : readWorkflowExecution(we),
      effectiveness:
        ea === undefined ? undefined : readEffectivenessAssessment(ea),
      notifications: notifications
        .filter(o => o !== undefined)
        .map(readNotification)
        .filter((n): n is NotificationView => n !== undefined)
        .sort((a, b) => a.name.localeCompare(b.name)),
    };
  }
}
