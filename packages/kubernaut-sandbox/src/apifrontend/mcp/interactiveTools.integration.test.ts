import { RESOURCE_TYPES, type ResourceType } from '../../kube/resources';
import { Sandbox } from '../../Sandbox';
import { findWorkflow, workflowId } from '../../scenario/catalog';
import type { RemediationRun } from '../../scenario/RemediationRun';
import type { SimulatedCluster } from '../../SimulatedCluster';
import { mcpSession } from '../testFixture';

jest.setTimeout(60_000);

const NS = 'kubernaut-system';
const idOf = (name: string) => workflowId(findWorkflow(name));

async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

/**
 * Kubernaut Agent's interactive tools behind API Frontend's MCP endpoint, played by the scenario
 * engine: `pkg/apifrontend/tools/ka_tools.go` (the API Frontend side), and
 * `internal/kubernautagent/mcp/tools/select_workflow.go` / `complete_no_action.go` (KA).
 */
describe('sandbox API Frontend: kubernaut_select_workflow and kubernaut_complete_no_action', () => {
  let sandbox: Sandbox;
  let prod: SimulatedCluster;
  let staging: SimulatedCluster;

  beforeAll(async () => {
    sandbox = new Sandbox({
      clusters: [
        { name: 'prod-i', environment: 'production', layout: 'v1.6' },
        { name: 'stage-i', environment: 'staging', layout: 'v1.5' },
      ],
      host: '127.0.0.1',
      port: 0,
      seed: 5,
      speed: 200,
      scale: 0,
      live: false,
      serviceTls: false,
    });
    await sandbox.start();
    [prod, staging] = sandbox.clusters;
  });

  afterAll(() => sandbox.stop());

  const session = (cluster: SimulatedCluster, user: string) =>
    mcpSession(cluster.apiFrontendServer.url, cluster.userToken(user));
  const get = (cluster: SimulatedCluster, type: ResourceType, name: string) =>
    cluster.store.get(type, NS, name)?.object as any;
  const rr = (cluster: SimulatedCluster, name: string) =>
    get(cluster, RESOURCE_TYPES.remediationRequests, name);
  const aa = (cluster: SimulatedCluster, name: string) =>
    get(cluster, RESOURCE_TYPES.aiAnalyses, `ai-${name}`);
  const trail = (cluster: SimulatedCluster, name: string, type: string) =>
    cluster.audit.query({
      correlation_id: name,
      event_type: type,
      limit: 100,
      offset: 0,
    }).data;

  /**
   * A remediation started for a user to drive (the admin API's `interactive`), once its
   * investigation offers its workflows.
   */
  async function offering(
    cluster: SimulatedCluster,
    scenario: string,
  ): Promise<RemediationRun> {
    const started = await fetch(
      `${sandbox.admin.url}/clusters/${cluster.spec.name}/scenarios`,
      {
        method: 'POST',
        body: JSON.stringify({
          scenario,
          scriptedDecisions: false,
          interactive: true,
        }),
      },
    );
    const { rrName } = (await started.json()) as { rrName: string };
    const run = cluster.engine.runs.get(rrName)!;
    await waitFor(
      'the workflows on offer',
      () => run.interactiveSession.awaitingChoice,
    );
    return run;
  }

  // pkg/apifrontend/agent/prompt.txt Phase 2 ("STOP here and wait for the user"), with AIAnalysis
  // waiting on KA's session (pkg/aianalysis/handlers/response_processor.go runs on its result).
  it('ends an interactive investigation offering its workflows, with no approval request, and waits', async () => {
    const run = await offering(prod, 'checkout-oom');
    await new Promise(resolve => setTimeout(resolve, 400));
    expect(rr(prod, run.rrName).status.overallPhase).toBe('Analyzing');
    expect(aa(prod, run.rrName).status.phase).toBe('Investigating');
    expect(
      get(
        prod,
        RESOURCE_TYPES.remediationApprovalRequests,
        `rar-${run.rrName}`,
      ),
    ).toBeUndefined();
    const decision = run.transcript.events.find(
      e => (e.artifact as any)?.metadata?.schema === 'investigation_summary',
    ) as any;
    expect(
      decision.artifact.parts[0].data.options.map((o: any) => o.name),
    ).toEqual(['restart-and-patch-memory-v1', 'rollback-config-v1']);
  });

  // select_workflow.go authorizeSelectionDriver / validateSelectWorkflowInput, errors.go, wrapped by
  // pkg/apifrontend/ka/pooled_mcp_client.go ("kubernaut agent: ") and ka_tools.go ("selecting workflow: ").
  it('refuses a selection with KA’s error texts: no session, no discovery, not the driver, not discovered', async () => {
    const run = await offering(prod, 'checkout-oom');
    const alice = await session(prod, 'alice');
    const admin = await session(prod, 'kubernetes-admin');
    const select = (who: typeof alice, id: string) =>
      who.call('kubernaut_select_workflow', {
        rr_id: run.rrName,
        workflow_id: id,
      });
    const rollback = idOf('rollback-config-v1');

    expect(await select(alice, rollback)).toEqual({
      text: 'selecting workflow: kubernaut agent: no_session: No active interactive session for this remediation',
      isError: true,
    });
    await alice.call('kubernaut_investigate', { rr_id: run.rrName });
    expect((await select(alice, rollback)).text).toBe(
      'selecting workflow: kubernaut agent: discovery_required: discover_workflows must be called before select_workflow',
    );
    await alice.call('kubernaut_discover_workflows', { rr_id: run.rrName });
    expect((await select(admin, rollback)).text).toBe(
      'selecting workflow: kubernaut agent: not_driver: Caller is not the active driver for this session',
    );
    expect((await select(alice, idOf('patch-hpa-v1'))).text).toBe(
      'selecting workflow: kubernaut agent: invalid_workflow: workflow_id not found in discovery results; call discover_workflows to refresh',
    );
    expect(await select(alice, '')).toEqual({
      text: 'selecting workflow: kubernaut agent: invalid_input: Missing required input field (map[field:workflow_id])',
      isError: true,
    });
    // An autonomous remediation has no interactive session at all.
    const autonomous = prod.engine.startScenario('payment-latency', {
      scriptedDecisions: false,
    });
    expect(
      (
        await alice.call('kubernaut_select_workflow', {
          rr_id: autonomous.rrName,
          workflow_id: idOf('scale-statefulset-v1'),
        })
      ).text,
    ).toMatch(/^selecting workflow: kubernaut agent: no_session: /);
    expect(run.interactiveSession.awaitingChoice).toBe(true);
  });

  // select_workflow.go buildFinalResult (discovery's confidence and parameters, TARGET_RESOURCE_*,
  // "User-selected via interactive mode"); response_processor.go and the orchestrator's
  // approval path (pkg/remediationorchestrator/handler/aianalysis.go handleApprovalRequired).
  it('moves a selection on to AwaitingApproval when the policy requires it, with the workflow, its parameters and the selecting user recorded', async () => {
    const run = await offering(prod, 'checkout-oom');
    const alice = await session(prod, 'alice');
    await alice.call('kubernaut_investigate', { rr_id: run.rrName });
    await alice.call('kubernaut_discover_workflows', { rr_id: run.rrName });
    const rollback = idOf('rollback-config-v1');
    const selected = await alice.call('kubernaut_select_workflow', {
      rr_id: run.rrName,
      workflow_id: rollback,
      parameters: { REVISION: 'v7' },
    });
    expect(selected).toEqual({
      text: '{"status":"workflow_selected","message":""}',
      isError: false,
      json: { status: 'workflow_selected', message: '' },
    });

    const rar = await waitFor('the approval request', () =>
      get(
        prod,
        RESOURCE_TYPES.remediationApprovalRequests,
        `rar-${run.rrName}`,
      ),
    );
    expect(rar.spec.recommendedWorkflow.workflowId).toBe(rollback);
    expect(rr(prod, run.rrName).status.overallPhase).toBe('AwaitingApproval');
    const analysis = aa(prod, run.rrName).status;
    expect(analysis.phase).toBe('Completed');
    expect(analysis.approval.approvalRequired).toBe(true);
    expect(analysis.rcaResult.selectedWorkflow).toEqual(
      expect.objectContaining({
        workflowId: rollback,
        // KA-HIGH-1: the confidence of discovery's recommendation.
        confidence: 0.91,
        rationale: 'User-selected via interactive mode',
        // The parameters argument is not used: discovery's, plus the target's.
        parameters: {
          TARGET_NAMESPACE: 'demo-checkout',
          CONFIGMAP_NAME: 'checkout-config',
          REVISION: 'v42',
          TARGET_RESOURCE_NAME: 'checkout-service',
          TARGET_RESOURCE_KIND: 'Deployment',
          TARGET_RESOURCE_NAMESPACE: 'demo-checkout',
        },
      }),
    );
    expect(
      get(prod, RESOURCE_TYPES.agentSessions, `as-${run.rrName}`).status,
    ).toEqual(
      expect.objectContaining({
        phase: 'Completed',
        interactive: true,
        actingUser: 'alice',
      }),
    );
    expect(
      trail(prod, run.rrName, 'aiagent.interactive.k8s_call')[0],
    ).toMatchObject({ actor_type: 'user', actor_id: 'alice' });
    expect(
      trail(prod, run.rrName, 'apifrontend.user.decision')[0].event_data,
    ).toEqual(
      expect.objectContaining({ decision: 'accept', workflow_id: rollback }),
    );
    expect(
      (
        await alice.call('kubernaut_select_workflow', {
          rr_id: run.rrName,
          workflow_id: rollback,
        })
      ).text,
    ).toMatch(/^selecting workflow: kubernaut agent: no_session: /);
  });

  // kubernaut_investigate by workload makes the caller the driver (tools/ka_investigate_mcp.go);
  // with no approval required the orchestrator creates the WorkflowExecution (aianalysis.go).
  it('executes a selection at once when the policy needs no approval', async () => {
    const alice = await session(staging, 'alice');
    const started = (
      await alice.call('kubernaut_investigate', {
        api_version: 'apps/v1',
        kind: 'Deployment',
        name: 'storefront-web',
        namespace: 'demo-storefront',
      })
    ).json;
    const run = staging.engine.runs.get(started.rr_id)!;
    await waitFor(
      'the workflows on offer',
      () => run.interactiveSession.awaitingChoice,
    );
    await alice.call('kubernaut_discover_workflows', { rr_id: run.rrName });
    expect(
      (
        await alice.call('kubernaut_select_workflow', {
          rr_id: run.rrName,
          workflow_id: idOf('crashloop-rollback-v1'),
        })
      ).json,
    ).toEqual({ status: 'workflow_selected', message: '' });
    const execution = await waitFor('the workflow execution', () =>
      get(staging, RESOURCE_TYPES.workflowExecutions, `we-${run.rrName}`),
    );
    expect(execution.spec.parameters).toEqual(
      expect.objectContaining({
        TARGET_DEPLOYMENT: 'storefront-web',
        TARGET_RESOURCE_NAME: 'storefront-web',
      }),
    );
    expect(execution.spec.rationale).toBe('User-selected via interactive mode');
    expect(
      get(
        staging,
        RESOURCE_TYPES.remediationApprovalRequests,
        `rar-${run.rrName}`,
      ),
    ).toBeUndefined();
  });

  // internal/kubernautagent/mcp/tools/investigate_takeover.go: taking an autonomous investigation
  // over before its decision makes the user its driver (AgentSession status.interactive and
  // actingUser, api/agentsession/v1alpha1/agentsession_types.go); after it, nothing changes.
  it('makes an autonomous investigation wait for the user who takes it over before its decision', async () => {
    const taken = prod.engine.startScenario('checkout-oom', {
      scriptedDecisions: false,
    });
    expect(
      taken.interactiveSession.takeOver({ username: 'alice', groups: ['sre'] }),
    ).toBe(true);
    await waitFor(
      'the workflows on offer',
      () => taken.interactiveSession.awaitingChoice,
    );
    expect(
      get(prod, RESOURCE_TYPES.agentSessions, `as-${taken.rrName}`).status,
    ).toEqual(
      expect.objectContaining({
        phase: 'Investigating',
        interactive: true,
        actingUser: 'alice',
        actingUserGroups: ['sre'],
      }),
    );
    expect(
      taken.interactiveSession.takeOver({ username: 'bob', groups: [] }),
    ).toBe(false);

    const late = prod.engine.startScenario('checkout-oom', {
      scriptedDecisions: false,
    });
    await waitFor('the approval request', () =>
      get(
        prod,
        RESOURCE_TYPES.remediationApprovalRequests,
        `rar-${late.rrName}`,
      ),
    );
    expect(
      late.interactiveSession.takeOver({ username: 'alice', groups: [] }),
    ).toBe(false);
    expect(late.interactiveSession.awaitingChoice).toBe(false);
  });

  // complete_no_action.go buildNoActionResult (dismiss: not actionable); response_processor.go
  // handleNotActionableFromIncident; aianalysis.go handleWorkflowNotNeeded; ka_tools.go
  // HandleCompleteNoAction (operator_dismissed); mcp_bridge.go finalizeSessionPhase.
  it('dismisses: no action required, with the investigation session completed and the result audited', async () => {
    const run = await offering(prod, 'checkout-oom');
    const alice = await session(prod, 'alice');
    const admin = await session(prod, 'kubernetes-admin');
    await alice.call('kubernaut_investigate', { rr_id: run.rrName });
    expect(
      await admin.call('kubernaut_complete_no_action', { rr_id: run.rrName }),
    ).toEqual({
      text: 'complete_no_action: kubernaut agent: internal_error: Internal service error',
      isError: true,
    });
    expect(
      (
        await alice.call('kubernaut_complete_no_action', {
          rr_id: run.rrName,
          reason: 'transient spike, already gone',
        })
      ).json,
    ).toEqual({
      status: 'completed_no_action',
      reason: 'transient spike, already gone',
    });
    await waitFor('the remediation to end', () => run.terminal);
    const status = rr(prod, run.rrName).status;
    expect(status).toEqual(
      expect.objectContaining({
        overallPhase: 'Completed',
        message: run.scenario.rca.summary,
      }),
    );
    expect(status.completionStatus.outcome).toBe('NoActionRequired');
    expect(aa(prod, run.rrName).status).toEqual(
      expect.objectContaining({
        phase: 'Completed',
        reason: 'WorkflowNotNeeded',
        subReason: 'NotActionable',
      }),
    );
    expect(
      get(prod, RESOURCE_TYPES.investigationSessions, `is-${run.rrName}`).status
        .phase,
    ).toBe('Completed');
    expect(
      trail(prod, run.rrName, 'apifrontend.ka.result_received')[0].event_data
        .result_type,
    ).toBe('operator_dismissed');
    // The orchestrator writes AIAnalysis-driven endings without a lifecycle event.
    expect(trail(prod, run.rrName, 'orchestrator.lifecycle.completed')).toEqual(
      [],
    );
    expect(
      (await alice.call('kubernaut_complete_no_action', { rr_id: run.rrName }))
        .text,
    ).toBe(
      'complete_no_action: kubernaut agent: internal_error: Internal service error',
    );
  });

  // complete_no_action.go (escalate: operator_escalation); DD-AF-007; response_processor.go
  // applyWorkflowResolutionFailureState; aianalysis.go handleHumanReviewRequired ->
  // handleManualReviewCompleted (ManualReviewRequired and a ManualReview notification).
  it('escalates: manual review required, notified, and audited as an operator escalation', async () => {
    const run = await offering(prod, 'checkout-oom');
    const alice = await session(prod, 'alice');
    await alice.call('kubernaut_investigate', { rr_id: run.rrName });
    expect(
      (
        await alice.call('kubernaut_complete_no_action', {
          rr_id: run.rrName,
          escalation_reason: 'The DB team must check the connection pool',
        })
      ).json,
    ).toEqual({
      status: 'escalated',
      escalation_reason: 'The DB team must check the connection pool',
    });
    await waitFor('the remediation to end', () => run.terminal);
    const status = rr(prod, run.rrName).status;
    expect(status.overallPhase).toBe('Completed');
    expect(status.completionStatus).toEqual(
      expect.objectContaining({
        outcome: 'ManualReviewRequired',
        requiresManualReview: true,
      }),
    );
    expect(aa(prod, run.rrName).status).toEqual(
      expect.objectContaining({
        phase: 'Failed',
        reason: 'WorkflowResolutionFailed',
        subReason: 'OperatorEscalation',
        review: expect.objectContaining({
          needsHumanReview: true,
          humanReviewReason: 'operator_escalation',
        }),
      }),
    );
    expect(
      get(
        prod,
        RESOURCE_TYPES.notificationRequests,
        `nr-manual-review-${run.rrName}`,
      ).spec.type,
    ).toBe('ManualReview');
    expect(
      trail(prod, run.rrName, 'apifrontend.ka.result_received')[0].event_data
        .result_type,
    ).toBe('operator_escalation');
    expect(trail(prod, run.rrName, 'aianalysis.analysis.failed')).toHaveLength(
      1,
    );
  });

  // complete_no_action.go errAlreadyResolved: KA closed the session itself (no matching
  // workflows, investigate_discovery.go), so the call reports it instead of failing.
  it('answers already_resolved when KA closed the session itself for want of workflows', async () => {
    const run = prod.engine.startScenario('platform-quota-manual-review', {
      scriptedDecisions: false,
      interactive: true,
    });
    await waitFor('the manual review', () => run.terminal);
    const alice = await session(prod, 'alice');
    expect(
      (await alice.call('kubernaut_complete_no_action', { rr_id: run.rrName }))
        .json,
    ).toEqual({ status: 'already_resolved' });
    expect(rr(prod, run.rrName).status.completionStatus.outcome).toBe(
      'ManualReviewRequired',
    );
  });

  // pkg/apifrontend/tools/crd_tools.go HandleCancelRemediation: a cancelled remediation stops
  // waiting for the choice and its AIAnalysis fails ParentCancelled.
  it('stops waiting for the choice when the remediation is cancelled', async () => {
    const run = await offering(prod, 'checkout-oom');
    const alice = await session(prod, 'alice');
    await alice.call('kubernaut_investigate', { rr_id: run.rrName });
    await alice.call('kubernaut_cancel_remediation', { rr_id: run.rrName });
    await waitFor(
      'the analysis to wind down',
      () => aa(prod, run.rrName).status.reason === 'ParentCancelled',
    );
    expect(run.interactiveSession.awaitingChoice).toBe(false);
    expect(
      (
        await alice.call('kubernaut_select_workflow', {
          rr_id: run.rrName,
          workflow_id: idOf('rollback-config-v1'),
        })
      ).text,
    ).toMatch(/no_session/);
  });
});
