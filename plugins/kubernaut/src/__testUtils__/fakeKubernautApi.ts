import type {
  ClusterHealth,
  InvestigationListItem,
  RemediationDetail,
  RemediationSummary,
} from '@kubernaut/plugin-kubernaut-common';
import type { KubernautApi } from '../api';

export const sampleCluster: ClusterHealth = {
  name: 'prod-us-east',
  title: 'Production US East',
  environment: 'production',
  status: 'connected',
  stale: false,
  lastSync: new Date().toISOString(),
  counts: { RemediationRequest: 2 },
  statusLayout: 'v1.6',
};

export const sampleRow: RemediationSummary = {
  cluster: 'prod-us-east',
  name: 'rr-checkout-1',
  namespace: 'kubernaut-system',
  phase: 'AwaitingApproval',
  severity: 'critical',
  environment: 'production',
  signalName: 'KubePodCrashLooping',
  target: { kind: 'Deployment', name: 'checkout-service', namespace: 'demo' },
  workflow: 'rollback-config-v1',
  createdAt: new Date(Date.now() - 600_000).toISOString(),
  approval: {
    name: 'rar-rr-checkout-1',
    requiredBy: new Date(Date.now() + 900_000).toISOString(),
  },
};

export const sampleDetail: RemediationDetail = {
  ...sampleRow,
  resourceVersion: '42',
  signalLabels: { alertname: 'KubePodCrashLooping' },
  signalAnnotations: {},
  statusLayout: 'v1.6',
  timeline: {},
  analysis: {
    name: 'ai-rr-checkout-1',
    phase: 'Completed',
    rootCause: 'A config reload enabled an unbounded cache',
    summary: 'Memory grew after the **03:14** config change.',
    contributingFactors: ['512Mi limit'],
    selectedWorkflow: {
      workflowId: 'rollback-config-v1',
      name: 'rollback-config-v1',
      confidence: 0.85,
      parameters: { REVISION: 'v42' },
    },
    alternatives: [],
  },
  approvalRequest: {
    name: 'rar-rr-checkout-1',
    cluster: 'prod-us-east',
    namespace: 'kubernaut-system',
    remediation: 'rr-checkout-1',
    resourceVersion: '7',
    confidence: 0.85,
    whyApprovalRequired: 'production namespace requires approval',
    investigationSummary: 'Config change enabled an unbounded cache.',
    evidence: ['14 OOMKilled events'],
    alternativesConsidered: [
      { approach: 'raise the limit', prosCons: 'hides the leak' },
    ],
    recommendedWorkflow: {
      workflowId: 'rollback-config-v1',
      name: 'rollback-config-v1',
    },
    requiredBy: sampleRow.approval!.requiredBy,
    expired: false,
  },
  notifications: [],
};

/** Investigations as the list shows them: one running, one ended, one watch. */
export const sampleInvestigations: InvestigationListItem[] = [
  {
    id: '11111111-1111-4111-8111-111111111111',
    cluster: 'prod-us-east',
    remediation: 'rr-checkout-1',
    createdBy: 'user:default/alice',
    status: 'running',
    createdAt: new Date(Date.now() - 300_000).toISOString(),
    updatedAt: new Date(Date.now() - 5_000).toISOString(),
    firstQuestion: 'Why does checkout-service keep restarting?',
    eventCount: 42,
  },
  {
    id: '22222222-2222-4222-8222-222222222222',
    cluster: 'prod-eu-west',
    createdBy: 'user:default/bob',
    status: 'completed',
    createdAt: new Date(Date.now() - 7_200_000).toISOString(),
    updatedAt: new Date(Date.now() - 3_600_000).toISOString(),
    firstQuestion: 'The payment processing feels sluggish since this morning',
    eventCount: 17,
  },
  {
    id: '33333333-3333-4333-8333-333333333333',
    cluster: 'staging',
    remediation: 'rr-gateway-7',
    createdBy: 'user:default/carol',
    status: 'interrupted',
    createdAt: new Date(Date.now() - 90_000_000).toISOString(),
    updatedAt: new Date(Date.now() - 86_400_000).toISOString(),
    eventCount: 6,
  },
];

const notCalled = (name: string) => () => {
  throw new Error(`${name} was not expected in this test`);
};

/** A KubernautApi answering with the sample data above; tests override what they exercise. */
export function fakeKubernautApi(
  overrides: Partial<KubernautApi> = {},
): KubernautApi {
  return {
    getHealth: async () => ({ status: 'ok', version: '0.1.0' }),
    getClusters: async () => ({ items: [sampleCluster] }),
    getFleetSummary: async () => ({
      window: {
        since: new Date(Date.now() - 86_400_000).toISOString(),
        until: new Date().toISOString(),
      },
      historySource: 'cache',
      trend: [],
      fleet: {
        activeInvestigations: 7,
        awaitingApproval: 1,
        resolved: 40,
        failed: 2,
        criticalAlerts: 3,
        meanTimeToResolve: 312,
        p90TimeToResolve: 900,
        successRate: 0.93,
      },
      byCluster: [],
      clusters: [sampleCluster],
    }),
    listRemediations: async () => ({
      items: [sampleRow],
      totalCount: 1,
      clusters: [sampleCluster],
    }),
    getRemediation: async () => sampleDetail,
    getAuditTrail: async () => ({
      cluster: 'prod-us-east',
      remediation: 'rr-checkout-1',
      status: 'ok',
      events: [],
      total: 0,
    }),
    listApprovals: async () => ({
      items: [
        {
          ...sampleDetail.approvalRequest!,
          signalName: sampleRow.signalName,
          target: sampleRow.target,
          severity: sampleRow.severity,
          environment: sampleRow.environment,
          workflow: sampleRow.workflow,
        },
      ],
      totalCount: 1,
      clusters: [sampleCluster],
    }),
    decide: notCalled('decide'),
    cancelRemediation: notCalled('cancelRemediation'),
    listWorkflows: async () => ({ items: [], clusters: [sampleCluster] }),
    getWorkflow: async () => {
      throw new Error('no workflow');
    },
    parseQuery: async q => ({
      filter: {},
      chips: [],
      unrecognized: q ? [q] : [],
    }),
    listWorkloads: async () => ({
      items: [
        {
          cluster: sampleRow.cluster,
          ...sampleRow.target,
        },
      ],
    }),
    listInvestigations: async () => ({ items: sampleInvestigations }),
    startInvestigation: notCalled('startInvestigation'),
    sendInvestigationMessage: notCalled('sendInvestigationMessage'),
    takeOverInvestigation: notCalled('takeOverInvestigation'),
    steerInvestigation: notCalled('steerInvestigation'),
    sendInvestigationFeedback: notCalled('sendInvestigationFeedback'),
    getInvestigationFeedback: async () => ({ items: [] }),
    getWorkflowFeedback: async () => ({ items: [] }),
    streamInvestigation: notCalled('streamInvestigation'),
    streamFleetChanges: (_handlers, options) =>
      new Promise(resolve =>
        options.signal?.addEventListener('abort', () => resolve()),
      ),
    ...overrides,
  };
}
