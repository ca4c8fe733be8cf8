import { randomUUID } from 'node:crypto';
import { KUBERNAUT_API_VERSION, RESOURCE_TYPES } from '../../kube/resources';
import { findWorkflow, workflowId, type CatalogWorkflow } from '../catalog';
import { objectRef, ownerRef, remediationRequestRef } from '../objects';
import type { Scenario, WorkflowOption } from '../scenarios';
import {
  display,
  iso,
  normalisedEnvironment,
  type RunContext,
} from './RunContext';

/** A workflow the agent offers at the end of its investigation; the first is its recommendation. */
export interface PresentedOption {
  option: WorkflowOption;
  workflow: CatalogWorkflow;
  id: string;
  recommended: boolean;
}

export function presentedOptions(scenario: Scenario): PresentedOption[] {
  return scenario.options.map((option, i) => {
    const workflow = findWorkflow(option.workflow);
    return { option, workflow, id: workflowId(workflow), recommended: i === 0 };
  });
}

/** AIAnalysis dispatches the investigation to Kubernaut Agent (v1.6: through an AgentSession). */
function dispatchAnalysis(run: RunContext) {
  const s = run.scenario;
  const environment = normalisedEnvironment(run.env.cluster.environment);
  run.create(
    RESOURCE_TYPES.aiAnalyses,
    run.aaName,
    {
      remediationRequestRef: remediationRequestRef(run.rr!),
      remediationId: run.rrName,
      ...run.clusterId(),
      analysisRequest: {
        analysisTypes: ['Investigation', 'RootCause', 'WorkflowSelection'],
        signalContext: {
          fingerprint: run.fingerprint,
          severity: s.signal.severity,
          signalName: s.signal.name,
          signalMode: s.signal.mode,
          environment,
          businessPriority: s.signal.severity === 'critical' ? 'P0' : 'P1',
          targetResource: { ...s.target },
          enrichmentResults: {
            kubernetesContext: {
              namespace: {
                name: s.target.namespace,
                labels: { 'kubernaut.ai/managed': 'true' },
              },
            },
          },
        },
      },
    },
    { phase: 'Pending' },
  );
  run.aaView = {
    phase: 'Investigating',
    startedAt: iso(run.now()),
    message: 'Investigation dispatched to Kubernaut Agent',
    investigationSession: {
      id: randomUUID(),
      generation: 0,
      createdAt: iso(run.now()),
    },
  };
  if (!run.v16)
    run.aaView = {
      ...run.aaView,
      approvalRequired: false,
      needsHumanReview: false,
    };
  run.writeAA(() => undefined);
  if (run.v16) {
    run.env.store.create(RESOURCE_TYPES.agentSessions, {
      apiVersion: KUBERNAUT_API_VERSION,
      kind: 'AgentSession',
      metadata: {
        name: `as-${run.rrName}`,
        namespace: run.env.namespace,
        ownerReferences: ownerRef(
          run.get(RESOURCE_TYPES.aiAnalyses, run.aaName)!,
        ),
        creationTimestamp: iso(run.now()),
      },
      spec: {
        incidentID: run.aaName,
        remediationID: run.rrName,
        remediationRequestRef: {
          name: run.rrName,
          namespace: run.env.namespace,
        },
        signalName: s.signal.name,
        severity: s.signal.severity,
        signalMode: s.signal.mode,
        resourceKind: s.target.kind,
        resourceName: s.target.name,
        resourceNamespace: s.target.namespace,
        environment,
      },
      status: {
        phase: 'Investigating',
        sessionID: randomUUID(),
        interactive: false,
        dispatchedAt: iso(run.now()),
      },
    });
  }
  run.transition(
    'Analyzing',
    'Kubernaut Agent is investigating the root cause',
    {
      phaseProgress: {
        ...(run.rrView.phaseProgress as object),
        analyzingStartTime: iso(run.now()),
        aiAnalysisRef: objectRef('AIAnalysis', run.aaName, run.env.namespace),
      },
    },
  );
  run.rrCondition('AIAnalysisReady', 'AIAnalysisCreated', 'AIAnalysis created');
  run.audit({
    event_type: 'aianalysis.phase.transition',
    event_category: 'analysis',
    event_action: 'transitioned',
    actor_id: 'aianalysis',
    data: { to_phase: 'Investigating' },
  });
}

/** The agent presents its decision: the root cause and the workflows it would run. */
function presentDecision(
  run: RunContext,
  options: PresentedOption[],
  toolCalls: number,
) {
  const s = run.scenario;
  const confidence = options[0]?.option.confidence ?? 0;
  run.transcript.decision(
    {
      session_id: (run.aaView.investigationSession as { id: string }).id,
      rr_id: run.rrName,
      cluster_id: run.env.cluster.name,
      summary: s.rca.summary,
      severity: s.signal.severity,
      confidence,
      rca: {
        explanation: s.rca.summary,
        severity: s.signal.severity,
        confidence,
        causal_chain: s.rca.causalChain,
        target: display(run.rcaTarget),
        root_cause: s.rca.rootCause,
        affected_components: [
          display(s.target),
          ...(s.rcaTarget ? [display(s.rcaTarget)] : []),
        ],
        evidence: s.rca.evidence,
        tool_calls_count: toolCalls,
        llm_turns: s.investigation.length,
        contributing_factors: s.rca.contributingFactors,
      },
      options: options.map(o => ({
        workflow_id: o.id,
        name: o.workflow.name,
        description: o.option.description,
        risk: o.option.risk,
        recommended: o.recommended,
        confidence: o.option.confidence,
        parameters: o.option.parameters,
        ...(o.option.ruledOutReason
          ? { ruled_out_reason: o.option.ruledOutReason }
          : {}),
      })),
      searched_target: {
        api_version: 'apps/v1',
        kind: run.rcaTarget.kind,
        name: run.rcaTarget.name,
        namespace: run.rcaTarget.namespace,
      },
      signal_target: {
        api_version: 'apps/v1',
        kind: s.target.kind,
        name: s.target.name,
        namespace: s.target.namespace,
      },
    },
    s.rca.summary,
  );
  run.audit({
    event_type: 'aiagent.rca.complete',
    event_category: 'aiagent',
    event_action: 'rca_complete',
    actor_id: 'kubernaut-agent',
    data: { root_cause: s.rca.rootCause, confidence },
  });
}

/**
 * The investigation: AIAnalysis and its agent session, the agent's narration and tool calls
 * streamed into the conversation, and the decision it presents. Returns the offered workflows.
 */
export async function investigate(
  run: RunContext,
  afterDispatch: () => void = () => undefined,
): Promise<PresentedOption[]> {
  dispatchAnalysis(run);
  afterDispatch();
  let toolCalls = 0;
  for (const step of run.scenario.investigation) {
    if ('reasoning' in step) {
      await run.narrate(step.reasoning);
    } else {
      toolCalls++;
      run.transcript.toolCall(step.tool, run.now());
      run.audit({
        event_type: 'aiagent.llm.tool_call',
        event_category: 'aiagent',
        event_action: 'tool_call',
        actor_id: 'kubernaut-agent',
        data: { tool_name: step.tool, arguments: step.args },
      });
      await run.sleep(1.5);
    }
  }
  const options = presentedOptions(run.scenario);
  presentDecision(run, options, toolCalls);
  return options;
}
