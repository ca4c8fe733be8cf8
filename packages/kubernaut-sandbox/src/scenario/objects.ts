import type { KubeObject, NewObject } from '../kube/ObjectStore';
import { KUBERNAUT_API_VERSION, type StatusLayout } from '../kube/resources';
import {
  ACTION_TYPES,
  bundleOf,
  type CatalogWorkflow,
  workflowId,
  WORKFLOWS,
} from './catalog';

/** Where the status of RemediationRequest and AIAnalysis sub-objects live in main/v1.6. */
const RR_NESTED = [
  'completionStatus',
  'routingStatus',
  'phaseProgress',
  'workflowSelection',
  'operatorAudit',
];
const AA_NESTED = ['rcaResult', 'approval', 'review', 'investigationMetadata'];

function flatten(
  status: Record<string, unknown>,
  nested: string[],
): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(status)) {
    if (nested.includes(key) && value && typeof value === 'object')
      Object.assign(flat, value);
    else flat[key] = value;
  }
  return flat;
}

function pick(object: Record<string, unknown> | undefined, keys: string[]) {
  if (!object) return undefined;
  return Object.fromEntries(
    Object.entries(object).filter(
      ([k, v]) => keys.includes(k) && v !== undefined,
    ),
  );
}

/** RemediationRequest status in the cluster's layout (v1.5 keeps every leaf at the top). */
export function rrStatusFor(
  layout: StatusLayout,
  nested: Record<string, unknown>,
): Record<string, unknown> {
  if (layout === 'v1.6') return nested;
  const flat = flatten(nested, RR_NESTED);
  delete flat.timeoutPhase;
  if (flat.selectedWorkflowRef) {
    flat.selectedWorkflowRef = pick(
      flat.selectedWorkflowRef as Record<string, unknown>,
      ['workflowId', 'version', 'executionBundle', 'executionBundleDigest'],
    );
  }
  return flat;
}

const V15_SELECTED_WORKFLOW = [
  'actionType',
  'confidence',
  'engineConfig',
  'executionBundle',
  'executionBundleDigest',
  'executionEngine',
  'parameters',
  'rationale',
  'serviceAccountName',
  'version',
  'workflowId',
];

/** AIAnalysis status in the cluster's layout; v1.5 also always carries its required flags. */
export function aaStatusFor(
  layout: StatusLayout,
  nested: Record<string, unknown>,
): Record<string, unknown> {
  if (layout === 'v1.6') return nested;
  const flat = flatten(nested, AA_NESTED);
  if (flat.selectedWorkflow)
    flat.selectedWorkflow = pick(
      flat.selectedWorkflow as Record<string, unknown>,
      V15_SELECTED_WORKFLOW,
    );
  if (Array.isArray(flat.alternativeWorkflows)) {
    flat.alternativeWorkflows = (
      flat.alternativeWorkflows as Array<Record<string, unknown>>
    ).map(a =>
      pick(a, ['workflowId', 'confidence', 'rationale', 'executionBundle']),
    );
  }
  const context = flat.approvalContext as Record<string, unknown> | undefined;
  if (context?.policyEvaluation) {
    context.policyEvaluation = pick(
      context.policyEvaluation as Record<string, unknown>,
      ['policyName', 'matchedRules', 'decision'],
    );
  }
  return { approvalRequired: false, needsHumanReview: false, ...flat };
}

export function workflowRefFor(
  layout: StatusLayout,
  workflow: CatalogWorkflow,
) {
  const { bundle, digest } = bundleOf(workflow);
  const full = {
    workflowId: workflowId(workflow),
    workflowName: workflow.name,
    actionType: workflow.actionType,
    version: workflow.version,
    executionBundle: bundle,
    executionBundleDigest: digest,
    executionEngine: workflow.engine,
    serviceAccountName: `${workflow.name}-runner`,
    declaredParameterNames: Object.fromEntries(
      workflow.parameters.map(p => [p.name, true]),
    ),
  };
  return layout === 'v1.6'
    ? full
    : pick(full, [
        'workflowId',
        'version',
        'executionBundle',
        'executionBundleDigest',
      ]);
}

export function condition(
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
  at: Date,
) {
  return {
    type,
    status,
    reason,
    message,
    lastTransitionTime: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    observedGeneration: 1,
  };
}

/** Replaces the condition of the same type, or appends it. */
export function setCondition(
  conditions: unknown,
  next: ReturnType<typeof condition>,
) {
  const list = Array.isArray(conditions)
    ? (conditions as Array<{ type: string }>)
    : [];
  return [...list.filter(c => c.type !== next.type), next];
}

export function ownerRef(owner: KubeObject) {
  return [
    {
      apiVersion: owner.apiVersion,
      kind: owner.kind,
      name: owner.metadata.name,
      uid: owner.metadata.uid,
      controller: true,
      blockOwnerDeletion: true,
    },
  ];
}

export function remediationRequestRef(rr: KubeObject) {
  return {
    apiVersion: KUBERNAUT_API_VERSION,
    kind: 'RemediationRequest',
    name: rr.metadata.name,
    namespace: rr.metadata.namespace,
    uid: rr.metadata.uid,
  };
}

export function objectRef(kind: string, name: string, namespace: string) {
  return { apiVersion: KUBERNAUT_API_VERSION, kind, name, namespace };
}

/** The catalog CRs (RemediationWorkflows and ActionTypes) as an installation registers them. */
export function catalogObjects(
  namespace: string,
  registeredAt: Date,
): Array<{
  kind: 'ActionType' | 'RemediationWorkflow';
  object: NewObject;
  status: Record<string, unknown>;
}> {
  const at = registeredAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const actionTypes = ACTION_TYPES.map(a => ({
    kind: 'ActionType' as const,
    object: {
      apiVersion: KUBERNAUT_API_VERSION,
      kind: 'ActionType',
      metadata: {
        name: a.name
          .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
          .replace(/([A-Z])([A-Z][a-z])/g, '$1-$2')
          .toLowerCase(),
        namespace,
        creationTimestamp: at,
      },
      spec: {
        name: a.name,
        description: { what: a.what, whenToUse: a.whenToUse },
      },
    },
    status: {
      registered: true,
      activeWorkflowCount: WORKFLOWS.filter(
        w =>
          w.actionType === a.name && (w.catalogStatus ?? 'Active') === 'Active',
      ).length,
      catalogStatus: 'Active',
      registeredBy: 'system:serviceaccount:kubernaut-system:authwebhook',
      registeredAt: at,
    },
  }));
  const workflows = WORKFLOWS.map(w => {
    const { bundle, digest } = bundleOf(w);
    return {
      kind: 'RemediationWorkflow' as const,
      object: {
        apiVersion: KUBERNAUT_API_VERSION,
        kind: 'RemediationWorkflow',
        metadata: { name: w.name, namespace, creationTimestamp: at },
        spec: {
          version: w.version,
          actionType: w.actionType,
          description: {
            what: w.what,
            whenToUse: w.whenToUse,
            ...(w.whenNotToUse ? { whenNotToUse: w.whenNotToUse } : {}),
          },
          labels: {
            severity: w.severity,
            environment: w.environment,
            component: w.component,
            priority: '*',
          },
          execution: {
            engine: w.engine,
            bundle,
            bundleDigest: digest,
            serviceAccountName: `${w.name}-runner`,
          },
          parameters: w.parameters.map(p => ({
            ...p,
            ...(p.default !== undefined ? { default: p.default } : {}),
          })),
          maintainers: [
            { name: 'Kubernaut SRE', email: 'sre@kubernaut.example' },
          ],
        },
      },
      status: {
        workflowId: workflowId(w),
        contentHash: digest.slice(0, 32),
        catalogStatus: w.catalogStatus ?? 'Active',
        registeredBy: 'system:serviceaccount:kubernaut-system:authwebhook',
        registeredAt: at,
      },
    };
  });
  return [...actionTypes, ...workflows];
}
