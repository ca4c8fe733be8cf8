import {
  workflowCreated,
  workflowSelectionCompleted,
} from '../../datastorage/upstreamAudit';
import { RESOURCE_TYPES } from '../../kube/resources';
import { bundleOf, findWorkflow, workflowId } from '../catalog';
import { objectRef, remediationRequestRef, workflowRefFor } from '../objects';
import { failRemediation, notify } from './outcome';
import {
  display,
  iso,
  type ChosenWorkflow,
  type RunContext,
} from './RunContext';

/** Routing holds the remediation while another WorkflowExecution has the target's lock. */
async function waitForResourceLock(run: RunContext) {
  const s = run.scenario;
  const until = run.env.clock.later(5 * 60);
  run.transition(
    'Blocked',
    'Target is busy: another WorkflowExecution holds its lock',
    {
      routingStatus: {
        blockReason: 'ResourceBusy',
        blockMessage: `Deployment/postgres in ${s.target.namespace} is being remediated`,
        blockedUntil: iso(until),
        blockingWorkflowExecution: 'we-rr-postgres-rollback',
      },
    },
  );
  run.audit({
    event_type: 'orchestrator.routing.blocked',
    event_category: 'orchestration',
    event_action: 'blocked',
    data: { block_reason: 'ResourceBusy', blocked_until: iso(until) },
  });
  await run.sleep(300);
  run.writeRR(v => {
    delete v.routingStatus;
  });
}

/**
 * The WorkflowExecution of the chosen workflow, narrated as it runs. Returns whether it
 * succeeded; a failure ends the remediation with an escalation.
 */
export async function executeWorkflow(
  run: RunContext,
  chosen: ChosenWorkflow,
): Promise<boolean> {
  const s = run.scenario;
  if (s.outcome === 'blocked-then-remediated') await waitForResourceLock(run);
  const workflow = findWorkflow(chosen.workflow);
  const weName = `we-${run.rrName}`;
  const target = run.rcaTarget;
  run.create(
    RESOURCE_TYPES.workflowExecutions,
    weName,
    {
      remediationRequestRef: remediationRequestRef(run.rr!),
      workflowRef: workflowRefFor(run.env.cluster.layout, workflow),
      targetResource: `${target.namespace}/${target.kind
        .charAt(0)
        .toLowerCase()}${target.kind.slice(1)}/${target.name}`,
      parameters: chosen.parameters,
      confidence: chosen.confidence,
      rationale: chosen.rationale,
      ...run.clusterId(),
    },
    { phase: 'Pending' },
  );
  run.transition('Executing', `Running ${workflow.name}`, {
    phaseProgress: {
      ...(run.rrView.phaseProgress as object),
      executingStartTime: iso(run.now()),
      workflowExecutionRef: objectRef(
        'WorkflowExecution',
        weName,
        run.env.namespace,
      ),
    },
    operatorAudit: {
      preRemediationSpecHash: `sha256:${run.fingerprint.slice(0, 64)}`,
    },
    workflowSelection: {
      ...(run.rrView.workflowSelection as object),
      workflowDisplayName: `${workflow.actionType}:${workflow.name}`,
      executionRef: objectRef('WorkflowExecution', weName, run.env.namespace),
    },
  });
  run.rrCondition(
    'WorkflowExecutionReady',
    'WorkflowExecutionCreated',
    'WorkflowExecution created',
  );
  const targetResource = `${target.namespace}/${target.kind}/${target.name}`;
  run.audit(
    workflowCreated({
      rrName: run.rrName,
      namespace: run.env.namespace,
      workflowId: workflowId(workflow),
      workflowVersion: workflow.version,
      actionType: workflow.actionType,
      targetResource,
    }),
  );
  run.audit(
    workflowSelectionCompleted({
      executionName: weName,
      workflowId: workflowId(workflow),
      workflowVersion: workflow.version,
      workflowName: workflow.name,
      containerImage: bundleOf(workflow).bundle,
      targetResource,
    }),
  );
  const started = run.now();
  const wfeExtra = run.v16
    ? { workflowName: workflow.name }
    : {
        executionEngine: workflow.engine,
        serviceAccountName: `${workflow.name}-runner`,
      };
  run.patchStatus(RESOURCE_TYPES.workflowExecutions, weName, st => ({
    ...st,
    ...wfeExtra,
    phase: 'Running',
    startTime: iso(started),
    executionRef: { name: `${workflow.name}-${run.rrName.slice(3, 11)}` },
    executionStatus: { status: 'Running', completedTasks: 0, totalTasks: 3 },
  }));
  run.audit({
    event_type: 'workflowexecution.execution.started',
    event_category: 'workflowexecution',
    event_action: 'started',
    actor_id: 'workflowexecution',
    data: { workflow_name: workflow.name },
  });
  run.transcript.executionProgress(
    {
      type: 'execution_progress',
      schema_version: '1.0',
      rr_name: run.rrName,
      current_phase: 'Executing',
      started_at: iso(started),
      cluster_id: run.env.cluster.name,
    },
    'Executing',
  );
  for (const line of s.execution) {
    await run.sleep(6);
    await run.narrate(line);
  }
  await run.sleep(6);
  const duration = () =>
    `${Math.round((run.now().getTime() - started.getTime()) / 1000)}s`;

  if (s.outcome === 'execution-failed' && s.failure) {
    const failure = s.failure;
    run.patchStatus(RESOURCE_TYPES.workflowExecutions, weName, st => ({
      ...st,
      phase: 'Failed',
      completionTime: iso(run.now()),
      duration: duration(),
      failureReason: failure.reason,
      executionStatus: {
        status: 'Failed',
        reason: failure.reason,
        message: failure.message,
        completedTasks: 0,
        totalTasks: 3,
      },
      failureDetails: {
        failedTaskIndex: 0,
        failedTaskName: failure.task,
        reason: failure.reason,
        message: failure.message,
        exitCode: 1,
        failedAt: iso(run.now()),
        naturalLanguageSummary: failure.summary,
        wasExecutionFailure: true,
      },
    }));
    run.audit({
      event_type: 'workflowexecution.workflow.failed',
      event_category: 'workflowexecution',
      event_action: 'failed',
      event_outcome: 'failure',
      actor_id: 'workflowexecution',
      error_code: failure.reason,
      error_message: failure.message,
      data: { workflow_name: workflow.name },
    });
    await run.narrate(`The workflow failed: ${failure.summary}`);
    notify(
      run,
      'Escalation',
      'Critical',
      `Remediation failed: ${workflow.name} on ${display(target)}`,
      failure.summary,
      'escalation',
    );
    failRemediation(run, 'WorkflowExecution', failure.summary);
    return false;
  }

  run.patchStatus(RESOURCE_TYPES.workflowExecutions, weName, st => ({
    ...st,
    phase: 'Completed',
    completionTime: iso(run.now()),
    duration: duration(),
    executionStatus: {
      status: 'Completed',
      completedTasks: 3,
      totalTasks: 3,
    },
  }));
  run.rrCondition(
    'WorkflowExecutionComplete',
    'WorkflowSucceeded',
    'Workflow completed',
  );
  run.audit({
    event_type: 'workflowexecution.workflow.completed',
    event_category: 'workflowexecution',
    event_action: 'completed',
    actor_id: 'workflowexecution',
    duration_ms: run.now().getTime() - started.getTime(),
    data: { workflow_name: workflow.name },
  });
  return true;
}
