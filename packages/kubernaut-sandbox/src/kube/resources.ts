/** A resource type the sandbox API server serves. */
export interface ResourceType {
  group: string; // '' for the core group
  version: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  hasStatus: boolean;
  /** Spec may not change after create (Kubernaut's CEL `self == oldSelf`). */
  immutableSpec: boolean;
}

export const KUBERNAUT_GROUP = 'kubernaut.ai';
export const KUBERNAUT_VERSION = 'v1alpha1';
export const KUBERNAUT_API_VERSION = `${KUBERNAUT_GROUP}/${KUBERNAUT_VERSION}`;

function kubernaut(
  kind: string,
  plural: string,
  shortNames: string[],
  immutableSpec = false,
): ResourceType {
  return {
    group: KUBERNAUT_GROUP,
    version: KUBERNAUT_VERSION,
    kind,
    plural,
    singular: kind.toLowerCase(),
    shortNames,
    namespaced: true,
    hasStatus: true,
    immutableSpec,
  };
}

function core(
  kind: string,
  plural: string,
  shortNames: string[],
  namespaced = true,
): ResourceType {
  return {
    group: '',
    version: 'v1',
    kind,
    plural,
    singular: kind.toLowerCase(),
    shortNames,
    namespaced,
    hasStatus: kind !== 'Event',
    immutableSpec: false,
  };
}

export const RESOURCE_TYPES = {
  remediationRequests: kubernaut(
    'RemediationRequest',
    'remediationrequests',
    ['rr'],
    true,
  ),
  signalProcessings: kubernaut('SignalProcessing', 'signalprocessings', ['sp']),
  aiAnalyses: kubernaut('AIAnalysis', 'aianalyses', ['aia'], true),
  agentSessions: kubernaut('AgentSession', 'agentsessions', ['asess'], true),
  remediationApprovalRequests: kubernaut(
    'RemediationApprovalRequest',
    'remediationapprovalrequests',
    ['rar', 'rars'],
    true,
  ),
  workflowExecutions: kubernaut('WorkflowExecution', 'workflowexecutions', [
    'wfe',
  ]),
  effectivenessAssessments: kubernaut(
    'EffectivenessAssessment',
    'effectivenessassessments',
    ['ea'],
  ),
  notificationRequests: kubernaut(
    'NotificationRequest',
    'notificationrequests',
    ['notif', 'notifs'],
  ),
  remediationWorkflows: kubernaut(
    'RemediationWorkflow',
    'remediationworkflows',
    ['rw'],
  ),
  actionTypes: kubernaut('ActionType', 'actiontypes', ['at']),
  investigationSessions: kubernaut(
    'InvestigationSession',
    'investigationsessions',
    ['isess'],
    true,
  ),
  namespaces: core('Namespace', 'namespaces', ['ns'], false),
  pods: core('Pod', 'pods', ['po']),
  events: core('Event', 'events', ['ev']),
} as const;

export type ResourceTypeName = keyof typeof RESOURCE_TYPES;

/** Which resource types a cluster serves; v1.5 has no AgentSession. */
export function servedResourceTypes(layout: StatusLayout): ResourceType[] {
  return Object.values(RESOURCE_TYPES).filter(
    t => layout === 'v1.6' || t.kind !== 'AgentSession',
  );
}

/** Kubernaut's two status layouts: v1.5 flat, main/v1.6 nested. */
export type StatusLayout = 'v1.5' | 'v1.6';

export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

/** Key identifying a resource type in the store, e.g. `kubernaut.ai/remediationrequests`. */
export function resourceKey(type: ResourceType): string {
  return type.group ? `${type.group}/${type.plural}` : type.plural;
}
