import { lifecycleCompleted } from '../../datastorage/upstreamAudit';
import { RESOURCE_TYPES } from '../../kube/resources';
import { objectRef, remediationRequestRef } from '../objects';
import { display, iso, type RunContext } from './RunContext';

/** A NotificationRequest delivered to Slack, referenced from the RemediationRequest; once per suffix. */
export function notify(
  run: RunContext,
  type: string,
  priority: string,
  subject: string,
  body: string,
  suffix: string,
) {
  const name = `nr-${suffix}-${run.rrName}`;
  if (run.get(RESOURCE_TYPES.notificationRequests, name)) return;
  run.create(
    RESOURCE_TYPES.notificationRequests,
    name,
    {
      type,
      priority,
      subject: subject.slice(0, 500),
      body,
      severity: run.scenario.signal.severity,
      remediationRequestRef: remediationRequestRef(run.rr!),
      ...run.clusterId(),
      context: {
        lineage: {
          remediationRequest: run.rrName,
          aiAnalysis: run.aaName,
        },
      },
    },
    {
      phase: 'Sent',
      totalAttempts: 1,
      successfulDeliveries: 1,
      failedDeliveries: 0,
      deliveryAttempts: [
        {
          channel: 'slack',
          attempt: 1,
          status: 'success',
          timestamp: iso(run.now()),
          durationSeconds: 0.4,
        },
      ],
      completionTime: iso(run.now()),
    },
  );
  const refs = ((
    run.rrView.completionStatus as { notificationRequestRefs?: unknown[] }
  )?.notificationRequestRefs ?? []) as unknown[];
  run.writeRR(v => {
    v.completionStatus = {
      ...(v.completionStatus as object),
      notificationRequestRefs: [
        ...refs,
        objectRef('NotificationRequest', name, run.env.namespace),
      ],
      notificationStatus: 'Sent',
    };
  });
  run.audit({
    event_type: 'notification.message.sent',
    event_category: 'notification',
    event_action: 'sent',
    actor_id: 'notification',
    data: { notification: name, type, channel: 'slack' },
  });
}

function finish(
  run: RunContext,
  phase: 'Completed' | 'Failed',
  message: string,
  completion: Record<string, unknown>,
  audited: boolean,
) {
  const duration = run.now().getTime() - run.startedAt.getTime();
  run.writeRR(v => {
    v.overallPhase = phase;
    v.message = message;
    v.completedAt = iso(run.now());
    v.retentionExpiryTime = iso(run.env.clock.later(24 * 3600));
    v.completionStatus = { ...(v.completionStatus as object), ...completion };
  });
  run.rrCondition(
    'Ready',
    phase === 'Completed' ? 'RemediationCompleted' : 'RemediationFailed',
    message,
    phase === 'Completed' ? 'True' : 'False',
  );
  run.writeRR(() => undefined);
  // AIAnalysis-driven endings (no workflow to run) write the RR directly: no lifecycle event
  // upstream (pkg/remediationorchestrator/handler/aianalysis.go).
  if (audited)
    run.audit(
      lifecycleCompleted({
        rrName: run.rrName,
        namespace: run.env.namespace,
        durationMs: duration,
        ending:
          phase === 'Completed'
            ? { kind: 'success', crdOutcome: String(completion.outcome) }
            : {
                kind: 'failure',
                failurePhase: completion.failurePhase as string | undefined,
                message,
              },
      }),
    );
  run.transcript.status(
    phase === 'Completed' ? 'completed' : 'failed',
    'status',
    message,
    run.now(),
    { phase },
    true,
  );
}

/** `audited: false` for endings AIAnalysis decides, which the orchestrator does not audit. */
export function completeRemediation(
  run: RunContext,
  outcome: string,
  message: string,
  extra: Record<string, unknown> = {},
  audited = true,
) {
  finish(run, 'Completed', message, { outcome, ...extra }, audited);
}

export function failRemediation(
  run: RunContext,
  failurePhase: string,
  reason: string,
) {
  finish(run, 'Failed', reason, { failurePhase, failureReason: reason }, true);
}

/**
 * The orchestrator's manual-review ending (`handleManualReviewCompleted`): a ManualReview
 * notification and the remediation Completed with ManualReviewRequired, no workflow run.
 */
export function completeWithManualReview(
  run: RunContext,
  humanReviewReason: string | undefined,
  message: string,
) {
  const s = run.scenario;
  run.audit({
    event_type: 'orchestrator.remediation.manual_review',
    event_category: 'orchestration',
    event_action: 'manual_review',
    data: { reason: humanReviewReason },
  });
  notify(
    run,
    'ManualReview',
    'High',
    `Manual review needed: ${s.signal.name} on ${display(s.target)}`,
    s.rca.summary,
    'manual-review',
  );
  completeRemediation(
    run,
    'ManualReviewRequired',
    message,
    { requiresManualReview: true },
    false,
  );
}
