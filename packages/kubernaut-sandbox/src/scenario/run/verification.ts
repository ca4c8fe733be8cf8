import {
  effectivenessComponentAssessed,
  effectivenessCompleted,
  effectivenessHashComputed,
} from '../../datastorage/upstreamAudit';
import { RESOURCE_TYPES } from '../../kube/resources';
import { objectRef } from '../objects';
import { completeRemediation, notify } from './outcome';
import { display, iso, type RunContext } from './RunContext';

const STABILIZATION_SECONDS = 120;

/**
 * The Effectiveness Monitor verifies the fix: an EffectivenessAssessment waits out the
 * stabilization window, scores health, alert and metrics, and the remediation ends Remediated
 * (or Inconclusive when the alert keeps firing).
 */
export async function verifyEffectiveness(run: RunContext) {
  const s = run.scenario;
  const eaName = `ea-${run.rrName}`;
  const deadline = run.env.clock.later(STABILIZATION_SECONDS + 300);
  run.create(
    RESOURCE_TYPES.effectivenessAssessments,
    eaName,
    {
      correlationID: run.rrName,
      remediationRequestPhase: 'Verifying',
      signalTarget: { ...s.target },
      remediationTarget: { ...run.rcaTarget },
      signalName: s.signal.name,
      preRemediationSpecHash: `sha256:${run.fingerprint}`,
      remediationCreatedAt: iso(run.startedAt),
      ...run.clusterId(),
      config: { stabilizationWindow: `${STABILIZATION_SECONDS}s` },
    },
    { phase: 'WaitingForPropagation', validityDeadline: iso(deadline) },
  );
  run.transition('Verifying', 'Checking that the fix holds', {
    phaseProgress: {
      ...(run.rrView.phaseProgress as object),
      verificationDeadline: iso(new Date(deadline.getTime() + 30_000)),
      effectivenessAssessmentRef: objectRef(
        'EffectivenessAssessment',
        eaName,
        run.env.namespace,
      ),
    },
  });
  run.audit({
    event_type: 'effectiveness.assessment.scheduled',
    event_category: 'effectiveness',
    event_action: 'scheduled',
    actor_id: 'effectivenessmonitor',
    data: { stabilization_window: `${STABILIZATION_SECONDS}s` },
  });
  run.patchStatus(RESOURCE_TYPES.effectivenessAssessments, eaName, st => ({
    ...st,
    phase: 'Stabilizing',
  }));
  for (const line of s.verification.slice(0, 1)) await run.narrate(line);
  await run.sleep(STABILIZATION_SECONDS);
  run.patchStatus(RESOURCE_TYPES.effectivenessAssessments, eaName, st => ({
    ...st,
    phase: 'Assessing',
  }));

  const assessmentStarted = run.now();
  const resolves = s.alertResolves !== false;
  const seed = parseInt(run.fingerprint.slice(0, 6), 16) / 0xffffff;
  const health = resolves ? 0.9 + seed * 0.1 : 0.75;
  const metrics = resolves ? 0.7 + seed * 0.25 : 0.4;
  const alert = resolves ? 1 : 0;
  for (const [component, score, details] of [
    ['health', health, 'pods running and ready, no restarts'],
    [
      'alert',
      alert,
      resolves ? `${s.signal.name} resolved` : `${s.signal.name} still firing`,
    ],
    ['metrics', metrics, 'error rate and latency back within baseline'],
  ] as const) {
    await run.sleep(8);
    run.audit(
      effectivenessComponentAssessed({
        rrName: run.rrName,
        namespace: run.env.namespace,
        eaName,
        component,
        score: Math.round(score * 1000) / 1000,
        details,
      }),
    );
  }
  const postHash = `sha256:${run.fingerprint.split('').reverse().join('')}`;
  run.audit(
    effectivenessHashComputed({
      rrName: run.rrName,
      namespace: run.env.namespace,
      eaName,
      preHash: `sha256:${run.fingerprint}`,
      postHash,
    }),
  );
  run.patchStatus(RESOURCE_TYPES.effectivenessAssessments, eaName, st => ({
    ...st,
    phase: 'Completed',
    assessmentReason: 'Full',
    completedAt: iso(run.now()),
    components: {
      healthAssessed: true,
      healthScore: Math.round(health * 1000) / 1000,
      alertAssessed: true,
      alertScore: alert,
      metricsAssessed: true,
      metricsScore: Math.round(metrics * 1000) / 1000,
      hashComputed: true,
      postRemediationSpecHash: postHash,
    },
    message: resolves
      ? 'Remediation effective'
      : 'Alert still firing after the stabilization window',
  }));
  run.audit(
    effectivenessCompleted({
      rrName: run.rrName,
      namespace: run.env.namespace,
      eaName,
      reason: 'Full',
      signalName: s.signal.name,
      componentsAssessed: ['health', 'alert', 'metrics', 'hash'],
      completedAt: run.now(),
      durationSeconds: Math.round(
        (run.now().getTime() - assessmentStarted.getTime()) / 1000,
      ),
    }),
  );
  run.rrCondition(
    'EffectivenessAssessed',
    'AssessmentCompleted',
    'Effectiveness assessed',
  );
  for (const line of s.verification.slice(1)) await run.narrate(line);
  notify(
    run,
    'Completion',
    'Medium',
    `${resolves ? 'Remediated' : 'Inconclusive'}: ${s.signal.name} on ${display(
      s.target,
    )}`,
    s.verification.join(' ') || s.rca.summary,
    'completion',
  );
  completeRemediation(
    run,
    resolves ? 'Remediated' : 'Inconclusive',
    resolves
      ? 'Remediation verified'
      : 'Workflow ran but the alert is still firing',
  );
}
