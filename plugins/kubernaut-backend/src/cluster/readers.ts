import { weighedScore } from '../services/effectivenessScore';
import {
  OUTCOMES,
  REMEDIATION_PHASES,
  type AnalysisView,
  type ApprovalView,
  type ChildStatus,
  type Outcome,
  type RemediationDetail,
  type RemediationPhase,
  type RemediationSummary,
  type ResourceRef,
  type Severity,
  type StatusLayout,
} from '@kubernaut/plugin-kubernaut-common';

/**
 * Readers turn Kubernaut objects of either status layout (v1.5 flat, main/v1.6 nested) into the
 * view models the rest of the plugin uses. They never throw: a field that is missing or of the
 * wrong type reads as undefined, an unknown enum value as "Unknown".
 */

type Json = Record<string, unknown>;

export function asObject(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : {};
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (
    typeof value === 'string' &&
    value.trim() !== '' &&
    Number.isFinite(Number(value))
  )
    return Number(value);
  return undefined;
}

function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

/**
 * One shared copy of a string that many cached objects repeat (namespaces, kinds, signal names,
 * label values). JSON.parse gives every object its own copies; at 60,000 remediations the copies
 * cost tens of megabytes. The pool is bounded, so a field of unbounded variety cannot grow it.
 */
const INTERN_POOL_LIMIT = 50_000;
const internPool = new Map<string, string>();

export function intern<T extends string | undefined>(value: T): T {
  if (value === undefined) return value;
  const shared = internPool.get(value);
  if (shared !== undefined) return shared as T;
  if (internPool.size >= INTERN_POOL_LIMIT) internPool.clear();
  internPool.set(value, value);
  return value;
}

/** asString for values that repeat across objects. */
function asSharedString(value: unknown): string | undefined {
  return intern(asString(value));
}

function asStringMap(value: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  for (const [key, entry] of Object.entries(asObject(value)))
    if (typeof entry === 'string') map[key] = intern(entry);
  return map;
}

const EMPTY_MAP: Readonly<Record<string, string>> = Object.freeze({});
const MAP_POOL_LIMIT = 10_000;
const mapPool = new Map<string, Readonly<Record<string, string>>>();

/**
 * asStringMap for maps that many objects repeat whole (signal labels and annotations of one
 * alert rule): one frozen copy per distinct content, bounded like the string pool.
 */
function asSharedStringMap(value: unknown): Readonly<Record<string, string>> {
  const map = asStringMap(value);
  const keys = Object.keys(map);
  if (keys.length === 0) return EMPTY_MAP;
  const key = JSON.stringify(keys.map(k => [k, map[k]]));
  const shared = mapPool.get(key);
  if (shared) return shared;
  if (mapPool.size >= MAP_POOL_LIMIT) mapPool.clear();
  const frozen = Object.freeze(map);
  mapPool.set(key, frozen);
  return frozen;
}

/** A leaf that main/v1.6 keeps in `status[group]` and v1.5 keeps at the top of `status`. */
function leaf(status: Json, group: string, key: string): unknown {
  const nested = asObject(status[group]);
  return key in nested ? nested[key] : status[key];
}

function ref(value: unknown): ResourceRef | undefined {
  const o = asObject(value);
  const kind = asSharedString(o.kind);
  const name = asSharedString(o.name);
  if (!kind || !name) return undefined;
  return { kind, name, namespace: asSharedString(o.namespace) };
}

const RR_NESTED = [
  'completionStatus',
  'routingStatus',
  'phaseProgress',
  'workflowSelection',
  'operatorAudit',
];
const RR_FLAT_ONLY = [
  'outcome',
  'targetDisplay',
  'workflowDisplayName',
  'selectedWorkflowRef',
  'aiAnalysisRef',
  'signalProcessingRef',
  'processingStartTime',
  'failurePhase',
  'blockReason',
  'notificationRequestRefs',
];

export function remediationLayout(status: Json): StatusLayout {
  if (RR_NESTED.some(k => k in status)) return 'v1.6';
  if (RR_FLAT_ONLY.some(k => k in status)) return 'v1.5';
  return 'unknown';
}

// Enum values resolve to the constants themselves, not to each object's parsed copy of the text.
const PHASE_BY_TEXT = new Map<unknown, RemediationPhase>(
  REMEDIATION_PHASES.map(phase => [phase, phase]),
);
const OUTCOME_BY_TEXT = new Map<unknown, Outcome>(
  OUTCOMES.map(outcome => [outcome, outcome]),
);

export function normalisePhase(value: unknown): RemediationPhase {
  return PHASE_BY_TEXT.get(value) ?? 'Unknown';
}

function normaliseOutcome(value: unknown): Outcome | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return OUTCOME_BY_TEXT.get(value) ?? 'Unknown';
}

/** Raw provider severities (critical, P0, Sev1, error, …) onto Kubernaut's normalised scale. */
export function normaliseSeverity(value: unknown): Severity {
  const raw = String(value ?? '')
    .trim()
    .toLowerCase();
  if (
    [
      'critical',
      'crit',
      'p0',
      'sev0',
      'sev1',
      'fatal',
      'emergency',
      'page',
    ].includes(raw)
  )
    return 'critical';
  if (['high', 'p1', 'sev2', 'error', 'major'].includes(raw)) return 'high';
  if (['warning', 'warn', 'p2', 'sev3', 'medium', 'minor'].includes(raw))
    return 'warning';
  if (
    ['info', 'informational', 'low', 'p3', 'p4', 'sev4', 'none'].includes(raw)
  )
    return 'info';
  return 'unknown';
}

/** `RollbackDeployment:crashloop-rollback-v1` → `crashloop-rollback-v1`. */
function workflowName(display: unknown): string | undefined {
  const text = asString(display);
  if (!text) return undefined;
  const colon = text.indexOf(':');
  return intern(colon >= 0 ? text.slice(colon + 1) : text);
}

/**
 * What the cache keeps of a RemediationRequest: the table row itself (the connection fills in
 * `environment` and `approval` from the SignalProcessing and approval caches) plus the fields
 * only its detail view shows, kept flat so that each remediation is one object.
 */
export interface RemediationRecord extends RemediationSummary {
  resourceVersion: string;
  message: string | undefined;
  signalLabels: Readonly<Record<string, string>>;
  signalAnnotations: Readonly<Record<string, string>>;
  statusLayout: StatusLayout;
  startTime: string | undefined;
  processingStartTime: string | undefined;
  analyzingStartTime: string | undefined;
  executingStartTime: string | undefined;
  verificationDeadline: string | undefined;
}

interface KubeObject {
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: unknown;
    annotations?: unknown;
  };
  spec?: unknown;
  status?: unknown;
}

/**
 * A RemediationRequest as a table row plus the fields its detail view shows. Every record has
 * every key (undefined when absent), so all of them share one hidden class and scans stay fast.
 */
export function readRemediation(
  object: KubeObject,
  cluster: string,
): RemediationRecord | undefined {
  const name = asString(object.metadata?.name);
  if (!name) return undefined;
  const spec = asObject(object.spec);
  const status = asObject(object.status);
  const target = ref(spec.targetResource) ?? {
    kind: 'Unknown',
    name: 'unknown',
  };
  const completedAt = asString(status.completedAt);
  return {
    cluster,
    name,
    namespace: asSharedString(object.metadata?.namespace) ?? '',
    phase: normalisePhase(
      status.overallPhase ??
        (Object.keys(status).length === 0 ? 'Pending' : undefined),
    ),
    outcome: normaliseOutcome(leaf(status, 'completionStatus', 'outcome')),
    severity: normaliseSeverity(spec.severity),
    environment: undefined,
    signalName: asSharedString(spec.signalName) ?? 'unknown',
    signalSource: asSharedString(spec.signalSource),
    target,
    rcaTarget: ref(leaf(status, 'workflowSelection', 'remediationTarget')),
    workflow: workflowName(
      leaf(status, 'workflowSelection', 'workflowDisplayName'),
    ),
    confidence: asNumber(leaf(status, 'workflowSelection', 'confidence')),
    createdAt:
      asString(object.metadata?.creationTimestamp) ??
      asString(spec.receivedTime) ??
      new Date(0).toISOString(),
    completedAt,
    requiresManualReview: asBoolean(
      leaf(status, 'completionStatus', 'requiresManualReview'),
    ),
    failurePhase: asSharedString(
      leaf(status, 'completionStatus', 'failurePhase'),
    ),
    failureReason: asSharedString(
      leaf(status, 'completionStatus', 'failureReason'),
    ),
    blockReason: asSharedString(leaf(status, 'routingStatus', 'blockReason')),
    approval: undefined,
    approvalDecision: undefined,
    resourceVersion: asString(object.metadata?.resourceVersion) ?? '',
    message: asSharedString(status.message),
    signalLabels: asSharedStringMap(spec.signalLabels),
    signalAnnotations: asSharedStringMap(spec.signalAnnotations),
    statusLayout: remediationLayout(status),
    startTime: asString(status.startTime),
    processingStartTime: asString(
      leaf(status, 'phaseProgress', 'processingStartTime'),
    ),
    analyzingStartTime: asString(
      leaf(status, 'phaseProgress', 'analyzingStartTime'),
    ),
    executingStartTime: asString(
      leaf(status, 'phaseProgress', 'executingStartTime'),
    ),
    verificationDeadline: asString(
      leaf(status, 'phaseProgress', 'verificationDeadline'),
    ),
  };
}

/** The row fields of a record, for responses that list remediations. */
export function remediationSummary(
  record: RemediationSummary,
): RemediationSummary {
  return {
    cluster: record.cluster,
    name: record.name,
    namespace: record.namespace,
    phase: record.phase,
    outcome: record.outcome,
    severity: record.severity,
    environment: record.environment,
    signalName: record.signalName,
    signalSource: record.signalSource,
    target: record.target,
    rcaTarget: record.rcaTarget,
    workflow: record.workflow,
    confidence: record.confidence,
    createdAt: record.createdAt,
    completedAt: record.completedAt,
    requiresManualReview: record.requiresManualReview,
    failurePhase: record.failurePhase,
    failureReason: record.failureReason,
    blockReason: record.blockReason,
    approval: record.approval,
    approvalDecision: record.approvalDecision,
  };
}

/** The record's own part of the detail view (children are added by the caller). */
export function remediationDetailFields(record: RemediationRecord) {
  const {
    startTime,
    processingStartTime,
    analyzingStartTime,
    executingStartTime,
    verificationDeadline,
    ...fields
  } = record;
  return {
    ...fields,
    timeline: {
      startTime,
      processingStartTime,
      analyzingStartTime,
      executingStartTime,
      verificationDeadline,
      completedAt: record.completedAt,
    },
  };
}

function childBase(object: KubeObject): ChildStatus | undefined {
  const name = asString(object.metadata?.name);
  if (!name) return undefined;
  return { name, phase: asString(asObject(object.status).phase) };
}

export type SignalProcessingView = NonNullable<
  RemediationDetail['signalProcessing']
>;

export function readSignalProcessing(
  object: KubeObject,
): SignalProcessingView | undefined {
  const base = childBase(object);
  if (!base) return undefined;
  const status = asObject(object.status);
  return {
    ...base,
    environment: intern(
      asString(
        asObject(status.environmentClassification).environment,
      )?.toLowerCase(),
    ),
    priority: asString(asObject(status.priorityAssignment).priority),
    severity: asString(leaf(status, 'signalClassification', 'severity')),
  };
}

export function readAnalysis(object: KubeObject): AnalysisView | undefined {
  const base = childBase(object);
  if (!base) return undefined;
  const status = asObject(object.status);
  const rca = asObject(leaf(status, 'rcaResult', 'rootCauseAnalysis'));
  const selected = asObject(leaf(status, 'rcaResult', 'selectedWorkflow'));
  const alternatives = leaf(status, 'rcaResult', 'alternativeWorkflows');
  return {
    name: base.name,
    phase: base.phase,
    reason: asString(status.reason),
    rootCause: asString(leaf(status, 'rcaResult', 'rootCause')),
    summary: asString(rca.summary),
    contributingFactors: asStrings(rca.contributingFactors),
    selectedWorkflow: Object.keys(selected).length
      ? {
          workflowId: asString(selected.workflowId),
          name: asString(selected.workflowName),
          actionType: asString(selected.actionType),
          confidence: asNumber(selected.confidence),
          rationale: asString(selected.rationale),
          parameters: asStringMap(selected.parameters),
        }
      : undefined,
    alternatives: (Array.isArray(alternatives) ? alternatives : []).map(a => {
      const alt = asObject(a);
      return {
        workflowId: asString(alt.workflowId),
        confidence: asNumber(alt.confidence),
        rationale: asString(alt.rationale),
      };
    }),
    approvalRequired: asBoolean(leaf(status, 'approval', 'approvalRequired')),
    approvalReason: asString(leaf(status, 'approval', 'approvalReason')),
    needsHumanReview: asBoolean(leaf(status, 'review', 'needsHumanReview')),
    humanReviewReason: asString(leaf(status, 'review', 'humanReviewReason')),
  };
}

export function readApproval(
  object: KubeObject,
  cluster: string,
): ApprovalView | undefined {
  const name = asString(object.metadata?.name);
  if (!name) return undefined;
  const spec = asObject(object.spec);
  const status = asObject(object.status);
  const recommended = asObject(spec.recommendedWorkflow);
  const policy = asObject(spec.policyEvaluation);
  const decision = asString(status.decision);
  const override = asObject(status.workflowOverride);
  return {
    name,
    cluster,
    namespace: asString(object.metadata?.namespace) ?? '',
    remediation:
      asString(asObject(spec.remediationRequestRef).name) ??
      name.replace(/^rar-/, ''),
    resourceVersion: asString(object.metadata?.resourceVersion) ?? '',
    confidence: asNumber(spec.confidence),
    confidenceLevel: asString(spec.confidenceLevel),
    reason: asString(spec.reason),
    whyApprovalRequired: asString(spec.whyApprovalRequired),
    investigationSummary: asString(spec.investigationSummary),
    evidence: asStrings(spec.evidenceCollected),
    alternativesConsidered: (Array.isArray(spec.alternativesConsidered)
      ? spec.alternativesConsidered
      : []
    ).map(a => ({
      approach: asString(asObject(a).approach) ?? '',
      prosCons: asString(asObject(a).prosCons) ?? '',
    })),
    recommendedWorkflow: Object.keys(recommended).length
      ? {
          workflowId: asString(recommended.workflowId),
          version: asString(recommended.version),
          rationale: asString(recommended.rationale),
        }
      : undefined,
    policy: Object.keys(policy).length
      ? {
          name: asString(policy.policyName),
          matchedRules: asStrings(policy.matchedRules),
          decision: asString(policy.decision),
        }
      : undefined,
    requiredBy: asString(spec.requiredBy),
    ...(decision === 'Approved' ||
    decision === 'Rejected' ||
    decision === 'Expired'
      ? { decision }
      : {}),
    decidedBy: asString(status.decidedBy),
    decidedVia: asString(status.decidedVia),
    decidedAt: asString(status.decidedAt),
    decisionMessage: asString(status.decisionMessage),
    workflowOverride: Object.keys(override).length
      ? {
          workflowName: asString(override.workflowName),
          parameters: asStringMap(override.parameters),
          rationale: asString(override.rationale),
        }
      : undefined,
    expired: asBoolean(status.expired) ?? false,
  };
}

/** Pending: no decision yet and not expired. */
export function isPendingApproval(approval: ApprovalView): boolean {
  return !approval.decision && !approval.expired;
}

/**
 * How an approval request was decided, for the remediation's row: its recorded decision, else
 * Expired when it expired without one; undefined while pending. The values are the literals, so
 * rows hold no copies of the text.
 */
export function approvalDecisionOf(
  approval: ApprovalView | undefined,
): RemediationSummary['approvalDecision'] {
  if (!approval) return undefined;
  switch (approval.decision) {
    case 'Approved':
      return 'Approved';
    case 'Rejected':
      return 'Rejected';
    case 'Expired':
      return 'Expired';
    default:
      return approval.expired ? 'Expired' : undefined;
  }
}

export type WorkflowExecutionView = NonNullable<
  RemediationDetail['workflowExecution']
>;

export function readWorkflowExecution(
  object: KubeObject,
): WorkflowExecutionView | undefined {
  const base = childBase(object);
  if (!base) return undefined;
  const spec = asObject(object.spec);
  const status = asObject(object.status);
  const workflowRef = asObject(spec.workflowRef);
  const failure = asObject(status.failureDetails);
  return {
    ...base,
    workflow:
      asString(workflowRef.workflowName) ??
      asString(status.workflowName) ??
      asString(workflowRef.workflowId),
    duration: asString(status.duration),
    failureReason: asString(status.failureReason) ?? asString(failure.reason),
    failureSummary:
      asString(failure.naturalLanguageSummary) ?? asString(failure.message),
  };
}

export type EffectivenessView = NonNullable<RemediationDetail['effectiveness']>;

/** Seconds of a Go duration such as `5m`, `1h30m` or `90s`. */
function goDurationSeconds(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|m|s)/g)];
  if (!parts.length) return undefined;
  const unit = { h: 3600, m: 60, s: 1 } as const;
  return parts.reduce(
    (sum, [, n, u]) => sum + Number(n) * unit[u as keyof typeof unit],
    0,
  );
}

/**
 * When an assessment's stabilization ends, for an EffectivenessMonitor that has not written
 * `status.prometheusCheckAfter` yet: creation plus `spec.config.stabilizationWindow`, as it sets it.
 */
function stabilizationEnd(object: KubeObject): string | undefined {
  const window = asString(
    asObject(asObject(object.spec).config).stabilizationWindow,
  );
  const seconds = window ? goDurationSeconds(window) : undefined;
  const created = Date.parse(object.metadata?.creationTimestamp ?? '');
  if (seconds === undefined || Number.isNaN(created)) return undefined;
  return new Date(created + seconds * 1000).toISOString();
}

export function readEffectivenessAssessment(
  object: KubeObject,
): EffectivenessView | undefined {
  const base = childBase(object);
  if (!base) return undefined;
  const status = asObject(object.status);
  const components = asObject(status.components);
  const assessed = {
    health: components.healthAssessed === true,
    alert: components.alertAssessed === true,
    metrics: components.metricsAssessed === true,
  };
  const scores = {
    health: asNumber(components.healthScore),
    alert: asNumber(components.alertScore),
    metrics: asNumber(components.metricsScore),
  };
  return {
    ...base,
    assessmentReason: asString(status.assessmentReason),
    healthScore: scores.health,
    alertScore: scores.alert,
    metricsScore: scores.metrics,
    assessed,
    stabilizationDeadline:
      asString(status.prometheusCheckAfter) ?? stabilizationEnd(object),
    validityDeadline: asString(status.validityDeadline),
    completedAt: asString(status.completedAt),
    score:
      status.assessmentReason === 'SpecDrift'
        ? 0
        : weighedScore({
            health: assessed.health ? scores.health : undefined,
            alert: assessed.alert ? scores.alert : undefined,
            metrics: assessed.metrics ? scores.metrics : undefined,
          }),
  };
}

export type NotificationView = RemediationDetail['notifications'][number] & {
  remediation?: string;
};

export function readNotification(
  object: KubeObject,
): NotificationView | undefined {
  const base = childBase(object);
  if (!base) return undefined;
  const spec = asObject(object.spec);
  return {
    ...base,
    type: asString(spec.type),
    subject: asString(spec.subject),
    remediation: asString(asObject(spec.remediationRequestRef).name),
  };
}

export interface WorkflowRecord {
  name: string;
  workflowId?: string;
  actionType: string;
  version?: string;
  engine?: string;
  status: string;
  description?: string;
  whenToUse?: string;
  whenNotToUse?: string;
  parameters: Array<{
    name: string;
    type: string;
    required: boolean;
    description?: string;
  }>;
  labels: Record<string, unknown>;
}

export function readRemediationWorkflow(
  object: KubeObject,
): WorkflowRecord | undefined {
  const name = asString(object.metadata?.name);
  if (!name) return undefined;
  const spec = asObject(object.spec);
  const status = asObject(object.status);
  const description = asObject(spec.description);
  return {
    name,
    workflowId: asString(status.workflowId),
    actionType: asString(spec.actionType) ?? 'Unknown',
    version: asString(spec.version),
    engine: asString(asObject(spec.execution).engine),
    status: asString(status.catalogStatus) ?? 'Unknown',
    description: asString(description.what),
    whenToUse: asString(description.whenToUse),
    whenNotToUse: asString(description.whenNotToUse),
    parameters: (Array.isArray(spec.parameters) ? spec.parameters : []).map(
      p => {
        const param = asObject(p);
        return {
          name: asString(param.name) ?? '',
          type: asString(param.type) ?? 'string',
          required: asBoolean(param.required) ?? false,
          description: asString(param.description),
        };
      },
    ),
    labels: asObject(spec.labels),
  };
}
