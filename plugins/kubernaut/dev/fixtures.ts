import type {
  ApprovalView,
  ClusterHealth,
  RemediationDetail,
  RemediationPhase,
  Severity,
  TranscriptEventBody,
  WorkflowDetail,
} from '@kubernaut/plugin-kubernaut-common';

const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60_000).toISOString();

/** The three installations the sandbox simulates, all connected. */
export function devClusters(): ClusterHealth[] {
  return [
    ['prod-us-east', 'Production US East', 'production', 'v1.6'],
    [
      'prod-eu-west',
      'Production EU West (Kubernaut v1.5)',
      'production',
      'v1.5',
    ],
    ['staging', 'Staging', 'staging', 'v1.6'],
  ].map(([name, title, environment, statusLayout]) => ({
    name,
    title,
    environment,
    status: 'connected' as const,
    stale: false,
    lastSync: minutesAgo(0),
    counts: { RemediationRequest: 0 },
    statusLayout: statusLayout as ClusterHealth['statusLayout'],
  }));
}

interface Scenario {
  signalName: string;
  severity: Severity;
  namespace: string;
  kind: string;
  workload: string;
  workflow: string;
  rootCause: string;
}

const scenarios: Scenario[] = [
  {
    signalName: 'KubePodCrashLooping',
    severity: 'critical',
    namespace: 'demo-checkout',
    kind: 'Deployment',
    workload: 'checkout-service',
    workflow: 'rollback-config-v1',
    rootCause: 'A config reload enabled an unbounded in-memory cache',
  },
  {
    signalName: 'HighRequestLatency',
    severity: 'high',
    namespace: 'demo-payments',
    kind: 'Deployment',
    workload: 'payment-gateway',
    workflow: 'scale-out-v2',
    rootCause: 'Connection pool exhausted under the morning traffic peak',
  },
  {
    signalName: 'KubeStatefulSetReplicasMismatch',
    severity: 'warning',
    namespace: 'data',
    kind: 'StatefulSet',
    workload: 'kafka-broker',
    workflow: 'restart-pod-v1',
    rootCause: 'One broker stuck on a full persistent volume',
  },
  {
    signalName: 'NodeMemoryPressure',
    severity: 'info',
    namespace: 'ml',
    kind: 'Deployment',
    workload: 'trainer',
    workflow: 'increase-memory-limit-v1',
    rootCause: 'The training job requests less memory than it uses',
  },
];

const phaseCycle: RemediationPhase[] = [
  'AwaitingApproval',
  'Executing',
  'Completed',
  'Analyzing',
  'Failed',
  'Verifying',
  'Completed',
];

/** The approval request of a remediation waiting for a decision. */
function approvalOf(
  remediation: RemediationDetail,
  scenario: Scenario,
  requiredBy: string,
): ApprovalView {
  return {
    name: `rar-${remediation.name}`,
    cluster: remediation.cluster,
    namespace: 'kubernaut-system',
    remediation: remediation.name,
    resourceVersion: '1',
    confidence: 0.87,
    confidenceLevel: 'high',
    whyApprovalRequired: `${remediation.environment} namespace requires approval`,
    investigationSummary: scenario.rootCause,
    evidence: [
      `${scenario.signalName} firing for 12 minutes`,
      `${scenario.workload} restarted 14 times`,
    ],
    alternativesConsidered: [
      { approach: 'raise the limit', prosCons: 'hides the cause' },
    ],
    recommendedWorkflow: {
      workflowId: scenario.workflow,
      name: scenario.workflow,
      rationale:
        'Matches the signal and the target kind; succeeded 9 of 10 times',
    },
    policy: { name: 'production-approval', matchedRules: ['environment'] },
    requiredBy,
    expired: false,
  };
}

/** Remediations over the three clusters: every scenario, in a cycle of phases. */
export function devRemediations(): RemediationDetail[] {
  const clusters = devClusters();
  const remediations: RemediationDetail[] = [];
  for (let i = 0; i < 24; i++) {
    const cluster = clusters[i % clusters.length];
    const scenario = scenarios[i % scenarios.length];
    const phase = phaseCycle[i % phaseCycle.length];
    const createdAt = minutesAgo(7 + i * 37);
    const ended = ['Completed', 'Failed'].includes(phase);
    const remediation: RemediationDetail = {
      cluster: cluster.name,
      name: `rr-${scenario.workload}-${(4100 + i).toString(16)}`,
      namespace: 'kubernaut-system',
      phase,
      outcome: phase === 'Completed' ? 'Remediated' : undefined,
      severity: scenario.severity,
      environment: cluster.environment,
      signalName: scenario.signalName,
      signalSource: 'prometheus',
      target: {
        kind: scenario.kind,
        name: scenario.workload,
        namespace: scenario.namespace,
      },
      workflow: phase === 'Analyzing' ? undefined : scenario.workflow,
      confidence: 0.87,
      createdAt,
      completedAt: ended ? minutesAgo(i * 37) : undefined,
      failurePhase: phase === 'Failed' ? 'Executing' : undefined,
      failureReason:
        phase === 'Failed' ? 'the rollout did not become ready' : undefined,
      resourceVersion: '1',
      signalLabels: {
        alertname: scenario.signalName,
        severity: scenario.severity,
      },
      signalAnnotations: {
        summary: `${scenario.signalName} on ${scenario.workload}`,
      },
      statusLayout: cluster.statusLayout,
      timeline: { startTime: createdAt },
      analysis: {
        name: `ai-rr-${i}`,
        phase: phase === 'Analyzing' ? 'Investigating' : 'Completed',
        rootCause: scenario.rootCause,
        summary: `${scenario.rootCause}; **${scenario.workflow}** fixes it.`,
        contributingFactors: ['no alert on the cache size'],
        selectedWorkflow: {
          workflowId: scenario.workflow,
          name: scenario.workflow,
          confidence: 0.87,
          parameters: { TARGET: scenario.workload },
        },
        alternatives: [],
      },
      notifications: [],
    };
    if (phase === 'AwaitingApproval') {
      const requiredBy = new Date(Date.now() + (10 + i) * 60_000).toISOString();
      remediation.approval = { name: `rar-${remediation.name}`, requiredBy };
      remediation.approvalRequest = approvalOf(
        remediation,
        scenario,
        requiredBy,
      );
    }
    remediations.push(remediation);
  }
  return remediations;
}

/** One catalog entry per scenario workflow, in every cluster. */
export function devWorkflows(): WorkflowDetail[] {
  return devClusters().flatMap(cluster =>
    scenarios.map((scenario, index) => ({
      cluster: cluster.name,
      name: scenario.workflow,
      workflowId: scenario.workflow,
      actionType: scenario.workflow.replace(/-v\d+$/, ''),
      version: '1.0.0',
      engine: 'tekton',
      status: 'Active',
      description: `Fixes ${scenario.signalName} on a ${scenario.kind}.`,
      matchCount: 0,
      effectiveness: { score: 0.92 - index * 0.07, samples: 12 + index },
      whenToUse: `${scenario.signalName} with a known-good previous revision`,
      parameters: [
        {
          name: 'TARGET',
          type: 'string',
          required: true,
          description: 'workload name',
        },
      ],
      labels: { severity: scenario.severity },
      history: [0, 1, 2, 3, 4].map(day => ({
        at: minutesAgo((5 - day) * 1440),
        score: 0.8 + day * 0.03,
        remediation: `rr-${scenario.workload}-${day}`,
      })),
      recentRemediations: [],
      effectivenessStatus: 'ok' as const,
    })),
  );
}

/** What the agent says in a dev investigation, in order. */
export function devTranscript(
  user: string,
  question: string,
  remediation: RemediationDetail,
): TranscriptEventBody[] {
  const workflow = remediation.workflow ?? 'restart-pod-v1';
  return [
    { type: 'user-message', payload: { user, text: question } },
    {
      type: 'agent-state',
      payload: { state: 'working', remediation: remediation.name },
    },
    {
      type: 'agent-text',
      payload: { text: `Looking at ${remediation.target.name}. ` },
    },
    {
      type: 'tool-call',
      payload: { tool: 'kubectl_get_events', args: remediation.target.name },
    },
    {
      type: 'tool-result',
      payload: {
        tool: 'kubectl_get_events',
        result: '14 OOMKilled events in 20 minutes',
      },
    },
    {
      type: 'analysis',
      payload: {
        remediation: remediation.name,
        rca: {
          summary:
            remediation.analysis?.rootCause ?? 'The workload ran out of memory',
          rootCause: remediation.analysis?.rootCause,
          confidence: 0.87,
          target: `${remediation.target.kind}/${remediation.target.name}`,
          causalChain: ['config reload', 'cache grows', 'OOMKilled'],
          contributingFactors: ['512Mi limit'],
          evidence: ['14 OOMKilled events'],
          affectedComponents: [remediation.target.name],
          options: [
            {
              workflowId: workflow,
              name: workflow,
              recommended: true,
              confidence: 0.87,
              parameters: { TARGET: remediation.target.name },
            },
          ],
        },
      },
    },
    {
      type: 'answer',
      payload: { text: `I recommend **${workflow}**.`, append: false },
    },
    {
      type: 'agent-state',
      payload: { state: 'completed', remediation: remediation.name },
    },
  ];
}
