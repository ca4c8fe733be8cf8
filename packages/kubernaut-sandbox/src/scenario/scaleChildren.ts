import type { KubeObject, NewObject, ObjectStore } from '../kube/ObjectStore';
import { RESOURCE_TYPES, type ResourceType } from '../kube/resources';

/** One pre-filled RemediationRequest, as `fillScale` wrote it. */
export interface ScaledRemediation {
  rr: KubeObject;
  scenarioId: string;
  /** The name `fillScale` gave the target (the scenario's, with a suffix). */
  targetName: string;
  phase: string;
  outcome?: string;
  failurePhase?: string;
}

/** A played remediation whose children serve as the shapes to copy. */
export interface ChildTemplate {
  rr: KubeObject;
  scenarioId: string;
  scenarioTargetName: string;
}

/**
 * How far each child kind is into the lifecycle (upstream's RemediationOrchestrator creates
 * them in this order: `internal/controller/remediationorchestrator`): SignalProcessing while
 * Processing, the investigation's AgentSession and the AIAnalysis while Analyzing, the approval
 * request when the analysis asks for one, the execution, then its assessment.
 */
const STAGE_OF_KIND: Record<string, number> = {
  SignalProcessing: 1,
  AgentSession: 2,
  AIAnalysis: 2,
  RemediationApprovalRequest: 3,
  WorkflowExecution: 4,
  EffectivenessAssessment: 5,
};
/** Notifications a played run sends (approval asked, outcome): kept for remediations that ended. */
const ENDED_ONLY = new Set(['NotificationRequest']);

/** The furthest stage a pre-filled remediation reached, and whether it ended. */
function reached(remediation: ScaledRemediation): {
  stage: number;
  ended: boolean;
} {
  const { phase, outcome, failurePhase } = remediation;
  switch (phase) {
    case 'Processing':
      return { stage: 1, ended: false };
    case 'Analyzing':
    case 'Blocked':
      return { stage: 2, ended: false };
    case 'AwaitingApproval':
      return { stage: 3, ended: false };
    case 'Executing':
      return { stage: 4, ended: false };
    case 'Verifying':
      return { stage: 5, ended: false };
    case 'Failed':
      return { stage: failurePhase === 'Approval' ? 3 : 4, ended: true };
    default:
      return {
        stage: outcome === 'ManualReviewRequired' ? 2 : 5,
        ended: true,
      };
  }
}

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

interface CloneContext {
  name: string;
  uid: string;
  targetName: string;
  shiftMs: number;
}

/** Builds a copy of a value for a context; undefined when the value is the same in every copy. */
type Builder = ((context: CloneContext) => unknown) | undefined;

function shifted(text: string, shiftMs: number): string {
  const moved = new Date(Date.parse(text) + shiftMs).toISOString();
  return text.includes('.') ? moved : moved.replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Compiles a template object into a builder that copies only what differs between copies (the
 * remediation's name, uid and target name, and every timestamp, moved with the remediation's
 * creation); everything else is shared with the template. The store never mutates a stored
 * object in place (updates clone it first), so sharing is safe.
 */
function compile(
  value: unknown,
  template: { name: string; uid: string; targetName: string },
): Builder {
  if (typeof value === 'string') {
    if (value === template.uid) return c => c.uid;
    if (value === template.targetName) return c => c.targetName;
    if (TIMESTAMP.test(value)) return c => shifted(value, c.shiftMs);
    if (value.includes(template.name))
      return c => value.split(template.name).join(c.name);
    return undefined;
  }
  if (Array.isArray(value)) {
    const items = value.map(item => compile(item, template));
    if (items.every(item => item === undefined)) return undefined;
    return c => value.map((item, i) => items[i]?.(c) ?? item);
  }
  if (value && typeof value === 'object') {
    const fields = Object.entries(value)
      .map(([key, field]) => [key, compile(field, template)] as const)
      .filter(([, builder]) => builder !== undefined);
    if (fields.length === 0) return undefined;
    return c => {
      const copy: Record<string, unknown> = { ...value };
      for (const [key, builder] of fields) copy[key] = builder!(c);
      return copy;
    };
  }
  return undefined;
}

interface CompiledChild {
  type: ResourceType;
  kind: string;
  build: (context: CloneContext) => NewObject;
}

/** A template's children, compiled once, and when its remediation was created. */
interface CompiledTemplate {
  createdMs: number;
  children: Map<string, CompiledChild>;
}

function compileTemplate(
  store: ObjectStore,
  namespace: string,
  template: ChildTemplate,
): CompiledTemplate {
  const children = new Map<string, CompiledChild>();
  const names = {
    name: template.rr.metadata.name,
    uid: template.rr.metadata.uid,
    targetName: template.scenarioTargetName,
  };
  for (const type of store.types()) {
    if (type.group !== RESOURCE_TYPES.remediationRequests.group) continue;
    const { items } = store.list(type, {
      namespace,
      filter: o =>
        !!o.metadata.ownerReferences?.some(ref => ref.uid === names.uid),
    });
    items.forEach(({ object }, index) => {
      // A copy's name comes from its remediation's; one that does not carry it cannot be copied.
      if (!object.metadata.name.includes(names.name)) return;
      const { uid, resourceVersion, generation, ...metadata } = object.metadata;
      const shape = { ...object, metadata };
      const build = compile(shape, names);
      children.set(`${type.kind}/${index}`, {
        type,
        kind: type.kind,
        build: context => (build ? build(context) : shape) as NewObject,
      });
    });
  }
  return {
    createdMs: Date.parse(template.rr.metadata.creationTimestamp),
    children,
  };
}

/**
 * Status changes that make a copied child read as its remediation's phase says (the played run it
 * was copied from may have ended otherwise: rejected, expired, its execution failed).
 */
function settleStatus(
  kind: string,
  remediation: ScaledRemediation,
  status: Record<string, unknown> | undefined,
): Record<string, unknown> | undefined {
  if (!status) return status;
  const { phase, failurePhase } = remediation;
  const executed =
    reached(remediation).stage >= STAGE_OF_KIND.WorkflowExecution;
  if (kind === 'RemediationApprovalRequest') {
    if (phase === 'AwaitingApproval') {
      const {
        decision,
        decidedBy,
        decidedAt,
        decisionMessage,
        workflowOverride,
        reason,
        ...pending
      } = status;
      return { ...pending, expired: false };
    }
    if (phase === 'Failed' && failurePhase === 'Approval')
      return {
        ...status,
        decision: 'Rejected',
        reason: 'Rejected',
        decisionMessage: 'Not during the freeze',
        expired: false,
      };
    if (executed)
      return {
        ...status,
        decision: 'Approved',
        reason: 'Approved',
        expired: false,
      };
  }
  if (kind === 'AIAnalysis' && phase === 'Analyzing')
    return { ...status, phase: 'Investigating' };
  if (kind === 'WorkflowExecution') {
    if (phase === 'Executing') return { ...status, phase: 'Running' };
    return { ...status, phase: phase === 'Failed' ? 'Failed' : 'Completed' };
  }
  if (kind === 'EffectivenessAssessment' && phase === 'Verifying')
    return { ...status, phase: 'Assessing' };
  return status;
}

/**
 * Gives each pre-filled remediation the children a real one in its phase has, copied from the
 * children played remediations of the same scenario wrote in this cluster (so the shapes, the
 * layout and the approval policy's verdict are the live runs'): every one a SignalProcessing,
 * those past it the AgentSession and the AIAnalysis, those the policy sent to approval an approval
 * request, executed ones a WorkflowExecution, verified ones an EffectivenessAssessment, and
 * ended ones the notifications. A kind the scenario's played run never reached (it ended
 * earlier) is copied from another scenario's run. Returns how many of each kind were created.
 */
export function fillScaleChildren(options: {
  store: ObjectStore;
  namespace: string;
  templates: ChildTemplate[];
  remediations: ScaledRemediation[];
}): Record<string, number> {
  const { store, namespace, remediations } = options;
  const compiled = options.templates.map(t => ({
    scenarioId: t.scenarioId,
    template: compileTemplate(store, namespace, t),
  }));
  const kindsOf = (template: CompiledTemplate) =>
    new Set([...template.children.values()].map(c => c.kind));
  const byScenario = new Map<string, CompiledTemplate>();
  for (const { scenarioId, template } of compiled)
    if (!byScenario.has(scenarioId)) byScenario.set(scenarioId, template);
  /** For each kind, the first played run that wrote one. */
  const fallback = new Map<string, CompiledTemplate>();
  for (const { template } of compiled)
    for (const kind of kindsOf(template))
      if (!fallback.has(kind)) fallback.set(kind, template);

  const created: Record<string, number> = {};
  for (const remediation of remediations) {
    const own = byScenario.get(remediation.scenarioId);
    const ownKinds = own ? kindsOf(own) : new Set<string>();
    const { stage, ended } = reached(remediation);
    const approvalAsked =
      ownKinds.has('RemediationApprovalRequest') ||
      remediation.phase === 'AwaitingApproval' ||
      (remediation.phase === 'Failed' &&
        remediation.failurePhase === 'Approval');
    const wanted = new Set<string>();
    for (const kind of fallback.keys()) {
      if (ENDED_ONLY.has(kind)) {
        if (ended && ownKinds.has(kind)) wanted.add(kind);
        continue;
      }
      if ((STAGE_OF_KIND[kind] ?? 2) > stage) continue;
      if (kind === 'RemediationApprovalRequest' && !approvalAsked) continue;
      wanted.add(kind);
    }
    const rrCreatedMs = Date.parse(remediation.rr.metadata.creationTimestamp);
    for (const kind of wanted) {
      const template = ownKinds.has(kind) ? own! : fallback.get(kind)!;
      const context: CloneContext = {
        name: remediation.rr.metadata.name,
        uid: remediation.rr.metadata.uid,
        targetName: remediation.targetName,
        shiftMs: rrCreatedMs - template.createdMs,
      };
      for (const child of template.children.values()) {
        if (child.kind !== kind) continue;
        const object = child.build(context);
        store.create(child.type, {
          ...object,
          status: settleStatus(kind, remediation, object.status),
        });
        created[kind] = (created[kind] ?? 0) + 1;
      }
    }
  }
  return created;
}
