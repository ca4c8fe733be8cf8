import {
  approvalDecisionOf,
  isPendingApproval,
  normaliseSeverity,
  readAnalysis,
  readApproval,
  readEffectivenessAssessment,
  readRemediation,
  readSignalProcessing,
  readWorkflowExecution,
  remediationDetailFields,
  remediationSummary,
} from './readers';

const metadata = {
  name: 'rr-a46194c375c3-e7161c3e',
  namespace: 'kubernaut-system',
  uid: 'u-1',
  resourceVersion: '42',
  creationTimestamp: '2026-11-21T10:00:00Z',
};
const spec = {
  signalName: 'KubePodCrashLooping',
  severity: 'P0',
  signalSource: 'prometheus',
  targetResource: {
    kind: 'Deployment',
    name: 'checkout-service',
    namespace: 'demo-checkout',
  },
  signalLabels: { alertname: 'KubePodCrashLooping', count: 3 },
};

const nested = {
  metadata,
  spec,
  status: {
    overallPhase: 'Completed',
    startTime: '2026-11-21T10:00:01Z',
    completedAt: '2026-11-21T10:20:00Z',
    completionStatus: { outcome: 'Remediated', requiresManualReview: false },
    phaseProgress: { analyzingStartTime: '2026-11-21T10:00:05Z' },
    workflowSelection: {
      remediationTarget: {
        kind: 'ConfigMap',
        name: 'checkout-config',
        namespace: 'demo-checkout',
      },
      workflowDisplayName: 'RollbackConfigMap:rollback-config-v1',
      confidence: '0.85',
    },
  },
};

const flat = {
  metadata,
  spec,
  status: {
    overallPhase: 'Completed',
    startTime: '2026-11-21T10:00:01Z',
    completedAt: '2026-11-21T10:20:00Z',
    outcome: 'Remediated',
    requiresManualReview: false,
    analyzingStartTime: '2026-11-21T10:00:05Z',
    remediationTarget: {
      kind: 'ConfigMap',
      name: 'checkout-config',
      namespace: 'demo-checkout',
    },
    workflowDisplayName: 'RollbackConfigMap:rollback-config-v1',
    confidence: '0.85',
  },
};

describe('readRemediation', () => {
  it('reads the nested (main/v1.6) and flat (v1.5) layouts into the same view', () => {
    const a = readRemediation(nested, 'prod')!;
    const b = readRemediation(flat, 'prod')!;
    expect(a.statusLayout).toBe('v1.6');
    expect(b.statusLayout).toBe('v1.5');
    const { statusLayout: _a, ...restA } = a;
    const { statusLayout: _b, ...restB } = b;
    expect(restA).toEqual(restB);
    expect(a).toEqual(
      expect.objectContaining({
        cluster: 'prod',
        phase: 'Completed',
        outcome: 'Remediated',
        severity: 'critical',
        workflow: 'rollback-config-v1',
        confidence: 0.85,
        target: {
          kind: 'Deployment',
          name: 'checkout-service',
          namespace: 'demo-checkout',
        },
        rcaTarget: {
          kind: 'ConfigMap',
          name: 'checkout-config',
          namespace: 'demo-checkout',
        },
        signalLabels: { alertname: 'KubePodCrashLooping' },
        analyzingStartTime: '2026-11-21T10:00:05Z',
      }),
    );
  });

  it('gives the detail view its timeline and the list only the row fields', () => {
    const record = readRemediation(nested, 'prod')!;
    expect(remediationDetailFields(record).timeline).toEqual({
      startTime: '2026-11-21T10:00:01Z',
      analyzingStartTime: '2026-11-21T10:00:05Z',
      completedAt: '2026-11-21T10:20:00Z',
    });
    const row = remediationSummary({
      ...record,
      approvalDecision: 'Expired',
    });
    expect(row.approvalDecision).toBe('Expired');
    expect(readRemediation(nested, 'prod')!.approvalDecision).toBeUndefined();
    expect(row).not.toHaveProperty('signalLabels');
    expect(row).not.toHaveProperty('resourceVersion');
    expect(row.target.name).toBe('checkout-service');
  });

  it('shares one frozen copy of label maps that remediations repeat', () => {
    const a = readRemediation(nested, 'prod')!;
    const b = readRemediation(
      { ...nested, metadata: { ...metadata, name: 'rr-other' } },
      'prod',
    )!;
    expect(a.signalLabels).toBe(b.signalLabels);
    expect(Object.isFrozen(a.signalLabels)).toBe(true);
    expect(a.signalAnnotations).toBe(b.signalAnnotations);
  });

  it('reads a brand-new remediation without status as Pending', () => {
    expect(readRemediation({ metadata, spec }, 'prod')!.phase).toBe('Pending');
  });

  it('degrades unknown and malformed fields instead of throwing', () => {
    const odd = readRemediation(
      {
        metadata: { name: 'rr-odd' },
        spec: { severity: 42, targetResource: 'nope' },
        status: {
          overallPhase: 'Exploding',
          completionStatus: { outcome: 'Confused' },
          workflowSelection: { confidence: 'high' },
        },
      },
      'prod',
    )!;
    expect(odd).toEqual(
      expect.objectContaining({
        phase: 'Unknown',
        outcome: 'Unknown',
        severity: 'unknown',
        target: { kind: 'Unknown', name: 'unknown' },
        signalName: 'unknown',
      }),
    );
    expect(odd.confidence).toBeUndefined();
    expect(readRemediation({ metadata: {} }, 'prod')).toBeUndefined();
    expect(readRemediation({}, 'prod')).toBeUndefined();
  });
});

describe('child readers', () => {
  it('reads an AIAnalysis in both layouts', () => {
    const selected = {
      workflowId: 'w-1',
      workflowName: 'rollback-config-v1',
      confidence: 0.85,
      rationale: 'revert',
      parameters: { REVISION: 'v42', BAD: 1 },
    };
    const v16 = readAnalysis({
      metadata: { name: 'ai-x' },
      status: {
        phase: 'Completed',
        rcaResult: {
          rootCause: 'config',
          rootCauseAnalysis: { summary: 's', contributingFactors: ['a'] },
          selectedWorkflow: selected,
          alternativeWorkflows: [{ workflowId: 'w-2', confidence: 0.7 }],
        },
        approval: { approvalRequired: true, approvalReason: 'production' },
        review: { needsHumanReview: false },
      },
    })!;
    const v15 = readAnalysis({
      metadata: { name: 'ai-x' },
      status: {
        phase: 'Completed',
        rootCause: 'config',
        rootCauseAnalysis: { summary: 's', contributingFactors: ['a'] },
        selectedWorkflow: selected,
        alternativeWorkflows: [{ workflowId: 'w-2', confidence: 0.7 }],
        approvalRequired: true,
        approvalReason: 'production',
        needsHumanReview: false,
      },
    })!;
    expect(v16).toEqual(v15);
    expect(v16.selectedWorkflow).toEqual({
      workflowId: 'w-1',
      name: 'rollback-config-v1',
      actionType: undefined,
      confidence: 0.85,
      rationale: 'revert',
      parameters: { REVISION: 'v42' },
    });
  });

  it('reads SignalProcessing classification in both layouts', () => {
    expect(
      readSignalProcessing({
        metadata: { name: 'sp' },
        status: {
          phase: 'Completed',
          signalClassification: { severity: 'critical' },
          environmentClassification: { environment: 'Production' },
          priorityAssignment: { priority: 'P0' },
        },
      }),
    ).toEqual({
      name: 'sp',
      phase: 'Completed',
      environment: 'production',
      priority: 'P0',
      severity: 'critical',
    });
    expect(
      readSignalProcessing({
        metadata: { name: 'sp' },
        status: { severity: 'high' },
      })!.severity,
    ).toBe('high');
  });

  it('reads an approval request and knows when it is pending', () => {
    const rar = readApproval(
      {
        metadata: {
          name: 'rar-rr-1',
          namespace: 'kubernaut-system',
          resourceVersion: '7',
        },
        spec: {
          remediationRequestRef: { name: 'rr-1' },
          confidence: 0.91,
          requiredBy: '2026-11-21T12:15:00Z',
          evidenceCollected: ['x', 3],
          policyEvaluation: {
            policyName: 'p',
            matchedRules: ['production_environment'],
            decision: 'ManualReviewRequired',
          },
        },
        status: {},
      },
      'prod',
    )!;
    expect(rar).toEqual(
      expect.objectContaining({
        remediation: 'rr-1',
        resourceVersion: '7',
        evidence: ['x'],
        expired: false,
        policy: {
          name: 'p',
          matchedRules: ['production_environment'],
          decision: 'ManualReviewRequired',
        },
      }),
    );
    expect(isPendingApproval(rar)).toBe(true);
    expect(isPendingApproval({ ...rar, decision: 'Approved' })).toBe(false);
    expect(isPendingApproval({ ...rar, expired: true })).toBe(false);

    // The row's approvalDecision: none while pending, the decision once made, Expired when it lapsed.
    expect(approvalDecisionOf(undefined)).toBeUndefined();
    expect(approvalDecisionOf(rar)).toBeUndefined();
    expect(approvalDecisionOf({ ...rar, decision: 'Rejected' })).toBe(
      'Rejected',
    );
    expect(approvalDecisionOf({ ...rar, decision: 'Approved' })).toBe(
      'Approved',
    );
    expect(
      approvalDecisionOf({ ...rar, decision: 'Expired', expired: true }),
    ).toBe('Expired');
    expect(approvalDecisionOf({ ...rar, expired: true })).toBe('Expired');
    const decided = readApproval(
      {
        metadata: { name: 'rar-rr-2', namespace: 'kubernaut-system' },
        spec: { remediationRequestRef: { name: 'rr-2' } },
        status: { decision: 'Rejected', decidedBy: 'alice' },
      },
      'prod',
    );
    expect(approvalDecisionOf(decided)).toBe('Rejected');
  });

  it('reads the workflow of an execution from either layout', () => {
    expect(
      readWorkflowExecution({
        metadata: { name: 'we' },
        spec: { workflowRef: { workflowName: 'a' } },
        status: { phase: 'Running' },
      })!.workflow,
    ).toBe('a');
    expect(
      readWorkflowExecution({
        metadata: { name: 'we' },
        spec: { workflowRef: { workflowId: 'uuid' } },
        status: {},
      })!.workflow,
    ).toBe('uuid');
  });
});

describe('readEffectivenessAssessment', () => {
  const ea = (status: Record<string, unknown>) => ({
    metadata: { ...metadata, name: 'ea-rr-1' },
    spec: { correlationID: 'rr-1', config: { stabilizationWindow: '5m' } },
    status,
  });

  // Status fields of the EffectivenessMonitor (config/crd effectivenessassessments: components,
  // prometheusCheckAfter, validityDeadline); weights as pkg/datastorage/server/effectiveness_handler.go.
  it('reads stabilization, the components assessed so far and the weighed score', () => {
    expect(
      readEffectivenessAssessment(
        ea({
          phase: 'Assessing',
          prometheusCheckAfter: '2026-11-21T10:07:00Z',
          validityDeadline: '2026-11-21T10:30:00Z',
          components: {
            healthAssessed: true,
            healthScore: 1,
            alertAssessed: true,
            alertScore: 0,
            metricsAssessed: false,
          },
        }),
      ),
    ).toEqual(
      expect.objectContaining({
        name: 'ea-rr-1',
        phase: 'Assessing',
        assessed: { health: true, alert: true, metrics: false },
        stabilizationDeadline: '2026-11-21T10:07:00Z',
        validityDeadline: '2026-11-21T10:30:00Z',
        score: 0.4 / 0.75,
      }),
    );
  });

  it('derives the end of stabilization from the window until the monitor writes it, and scores SpecDrift 0', () => {
    const view = readEffectivenessAssessment(
      ea({
        phase: 'Completed',
        assessmentReason: 'SpecDrift',
        components: { healthAssessed: true, healthScore: 1 },
      }),
    );
    expect(view?.stabilizationDeadline).toBe('2026-11-21T10:05:00.000Z');
    expect(view?.score).toBe(0);
    expect(readEffectivenessAssessment(ea({}))?.score).toBeUndefined();
  });
});

describe('normaliseSeverity', () => {
  it.each([
    ['critical', 'critical'],
    ['P0', 'critical'],
    ['Sev1', 'critical'],
    ['high', 'high'],
    ['error', 'high'],
    ['warning', 'warning'],
    ['info', 'info'],
    ['', 'unknown'],
    [undefined, 'unknown'],
  ])('%p is %p', (raw, expected) => {
    expect(normaliseSeverity(raw)).toBe(expected);
  });
});
