import type { KubeObject } from './ObjectStore';
import type { StatusLayout } from './resources';

interface Column {
  name: string;
  jsonPath: string;
  type: 'string' | 'number' | 'boolean' | 'date' | 'integer';
  priority?: number;
}

const AGE: Column = {
  name: 'Age',
  jsonPath: '.metadata.creationTimestamp',
  type: 'date',
};

/** The additionalPrinterColumns of Kubernaut's CRDs, per status layout. */
function columnsFor(kind: string, layout: StatusLayout): Column[] {
  const v16 = layout === 'v1.6';
  switch (kind) {
    case 'RemediationRequest':
      return [
        { name: 'Phase', jsonPath: '.status.overallPhase', type: 'string' },
        {
          name: 'Outcome',
          jsonPath: v16
            ? '.status.completionStatus.outcome'
            : '.status.outcome',
          type: 'string',
        },
        { name: 'Alert', jsonPath: '.spec.signalName', type: 'string' },
        {
          name: 'RCA Target',
          jsonPath: v16
            ? '.status.workflowSelection.targetDisplay'
            : '.status.targetDisplay',
          type: 'string',
        },
        {
          name: 'Workflow',
          jsonPath: v16
            ? '.status.workflowSelection.workflowDisplayName'
            : '.status.workflowDisplayName',
          type: 'string',
        },
        {
          name: 'Confidence',
          jsonPath: v16
            ? '.status.workflowSelection.confidence'
            : '.status.confidence',
          type: 'string',
        },
        AGE,
        ...(v16
          ? [
              {
                name: 'Cluster',
                jsonPath: '.spec.clusterID',
                type: 'string' as const,
                priority: 1,
              },
            ]
          : []),
        {
          name: 'Signal NS',
          jsonPath: '.spec.targetResource.namespace',
          type: 'string',
          priority: 1,
        },
      ];
    case 'SignalProcessing':
      return [
        { name: 'Phase', jsonPath: '.status.phase', type: 'string' },
        {
          name: 'Severity',
          jsonPath: v16
            ? '.status.signalClassification.severity'
            : '.status.severity',
          type: 'string',
        },
        {
          name: 'Environment',
          jsonPath: '.status.environmentClassification.environment',
          type: 'string',
        },
        {
          name: 'Priority',
          jsonPath: '.status.priorityAssignment.priority',
          type: 'string',
        },
        AGE,
      ];
    case 'AIAnalysis':
      return [
        { name: 'Phase', jsonPath: '.status.phase', type: 'string' },
        {
          name: 'Confidence',
          jsonPath: v16
            ? '.status.rcaResult.selectedWorkflow.confidence'
            : '.status.selectedWorkflow.confidence',
          type: 'number',
        },
        {
          name: 'Approval Required',
          jsonPath: v16
            ? '.status.approval.approvalRequired'
            : '.status.approvalRequired',
          type: 'boolean',
        },
        AGE,
      ];
    case 'WorkflowExecution':
      return [
        { name: 'Phase', jsonPath: '.status.phase', type: 'string' },
        {
          name: 'Workflow',
          jsonPath: v16
            ? '.spec.workflowRef.workflowName'
            : '.spec.workflowRef.workflowId',
          type: 'string',
        },
        { name: 'Target', jsonPath: '.spec.targetResource', type: 'string' },
        { name: 'Duration', jsonPath: '.status.duration', type: 'string' },
        AGE,
      ];
    case 'RemediationApprovalRequest':
      return [
        {
          name: 'AIAnalysis',
          jsonPath: '.spec.aiAnalysisRef.name',
          type: 'string',
        },
        { name: 'Confidence', jsonPath: '.spec.confidence', type: 'number' },
        { name: 'Decision', jsonPath: '.status.decision', type: 'string' },
        { name: 'Expired', jsonPath: '.status.expired', type: 'boolean' },
        { name: 'RequiredBy', jsonPath: '.spec.requiredBy', type: 'string' },
        AGE,
      ];
    case 'NotificationRequest':
      return [
        { name: 'Type', jsonPath: '.spec.type', type: 'string' },
        { name: 'Priority', jsonPath: '.spec.priority', type: 'string' },
        { name: 'Phase', jsonPath: '.status.phase', type: 'string' },
        {
          name: 'Attempts',
          jsonPath: '.status.totalAttempts',
          type: 'integer',
        },
        AGE,
      ];
    case 'EffectivenessAssessment':
      return [
        { name: 'Phase', jsonPath: '.status.phase', type: 'string' },
        {
          name: 'Reason',
          jsonPath: '.status.assessmentReason',
          type: 'string',
        },
        {
          name: 'CorrelationID',
          jsonPath: '.spec.correlationID',
          type: 'string',
        },
        AGE,
      ];
    case 'RemediationWorkflow':
      return [
        { name: 'Action', jsonPath: '.spec.actionType', type: 'string' },
        { name: 'UUID', jsonPath: '.status.workflowId', type: 'string' },
        { name: 'Engine', jsonPath: '.spec.execution.engine', type: 'string' },
        { name: 'Version', jsonPath: '.spec.version', type: 'string' },
        { name: 'Status', jsonPath: '.status.catalogStatus', type: 'string' },
        AGE,
      ];
    case 'ActionType':
      return [
        { name: 'Action Type', jsonPath: '.spec.name', type: 'string' },
        {
          name: 'Workflows',
          jsonPath: '.status.activeWorkflowCount',
          type: 'integer',
        },
        { name: 'Registered', jsonPath: '.status.registered', type: 'boolean' },
        AGE,
      ];
    case 'InvestigationSession':
      return [
        { name: 'Phase', jsonPath: '.status.phase', type: 'string' },
        { name: 'Task ID', jsonPath: '.spec.a2aTaskID', type: 'string' },
        {
          name: 'User',
          jsonPath: '.spec.userIdentity.username',
          type: 'string',
        },
        AGE,
      ];
    case 'AgentSession':
      return [
        { name: 'Phase', jsonPath: '.status.phase', type: 'string' },
        {
          name: 'Interactive',
          jsonPath: '.status.interactive',
          type: 'boolean',
        },
        { name: 'Session ID', jsonPath: '.status.sessionID', type: 'string' },
        AGE,
      ];
    case 'Namespace':
      return [
        { name: 'Status', jsonPath: '.status.phase', type: 'string' },
        AGE,
      ];
    default:
      return [AGE];
  }
}

function valueAt(object: unknown, jsonPath: string): unknown {
  let current = object;
  for (const key of jsonPath.split('.').filter(Boolean)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Kubernetes' human duration: 45s, 12m, 3h24m, 5d. */
export function humanAge(from: string | undefined, now: Date): string {
  if (!from) return '<unknown>';
  const seconds = Math.max(
    0,
    Math.floor((now.getTime() - new Date(from).getTime()) / 1000),
  );
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10)
    return `${minutes}m${seconds % 60 ? `${seconds % 60}s` : ''}`;
  if (minutes < 180)
    return minutes < 60
      ? `${minutes}m`
      : `${Math.floor(minutes / 60)}h${minutes % 60 ? `${minutes % 60}m` : ''}`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

/** A `meta.k8s.io/v1` Table, what kubectl asks for to print the CRDs' columns. */
export function toTable(
  kind: string,
  layout: StatusLayout,
  objects: KubeObject[],
  options: {
    resourceVersion: string;
    continueToken?: string;
    includeObject: boolean;
    now: Date;
  },
) {
  const columns = columnsFor(kind, layout);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: {
      resourceVersion: options.resourceVersion,
      ...(options.continueToken ? { continue: options.continueToken } : {}),
    },
    columnDefinitions: [
      {
        name: 'Name',
        type: 'string',
        format: 'name',
        description: 'Name must be unique within a namespace.',
        priority: 0,
      },
      ...columns.map(c => ({
        name: c.name,
        type: c.type === 'date' ? 'date' : c.type,
        format: '',
        description: c.jsonPath,
        priority: c.priority ?? 0,
      })),
    ],
    rows: objects.map(object => ({
      cells: [
        object.metadata.name,
        ...columns.map(c => {
          const value = valueAt(object, c.jsonPath);
          if (c.type === 'date')
            return humanAge(value as string | undefined, options.now);
          return value ?? null;
        }),
      ],
      object: options.includeObject
        ? object
        : {
            kind: 'PartialObjectMetadata',
            apiVersion: 'meta.k8s.io/v1',
            metadata: object.metadata,
          },
    })),
  };
}
