import { RESOURCE_TYPES } from '../kube/resources';
import { awaitApproval } from './run/approval';
import {
  concludeAnalysis,
  receiveInvestigationResult,
  recommendedSelection,
  userSelection,
  type WorkflowSelection,
} from './run/analysis';
import { executeWorkflow } from './run/execution';
import { InteractiveSession } from './run/InteractiveSession';
import { investigate, type PresentedOption } from './run/investigation';
import {
  dismissAsNotActionable,
  escalateForManualReview,
} from './run/noAction';
import {
  iso,
  RunContext,
  type RunEnvironment,
  type RunOptions,
} from './run/RunContext';
import { receiveSignal } from './run/signal';
import { processSignal } from './run/signalProcessing';
import { verifyEffectiveness } from './run/verification';
import type { Scenario } from './scenarios';
import type { Transcript } from './Transcript';

export { AgentToolError, InteractiveSession } from './run/InteractiveSession';
export {
  RunCancelled,
  type DecisionOutcome,
  type RunClock,
  type RunEnvironment,
  type RunOptions,
} from './run/RunContext';

const TERMINAL_PHASES = [
  'Completed',
  'Failed',
  'TimedOut',
  'Skipped',
  'Cancelled',
];

/**
 * One remediation played through Kubernaut's lifecycle, writing the CRs a real installation
 * would: signal, signal processing, investigation, analysis, approval, execution, verification.
 */
export class RemediationRun {
  private readonly run: RunContext;
  /** Kubernaut Agent's interactive session: who drives the investigation, and their choice. */
  readonly interactiveSession: InteractiveSession;

  constructor(
    env: RunEnvironment,
    readonly scenario: Scenario,
    options: RunOptions,
  ) {
    this.run = new RunContext(env, scenario, options);
    this.interactiveSession = new InteractiveSession(
      this.run,
      options.interactive === true,
    );
  }

  get rrName(): string {
    return this.run.rrName;
  }

  get fingerprint(): string {
    return this.run.fingerprint;
  }

  get transcript(): Transcript {
    return this.run.transcript;
  }

  get startedAt(): Date {
    return this.run.startedAt;
  }

  get phase(): string {
    return this.run.phase;
  }

  get clusterName(): string {
    return this.run.env.cluster.name;
  }

  /** `kubernaut_cancel_remediation`: refused for terminal runs. */
  get terminal(): boolean {
    return TERMINAL_PHASES.includes(this.run.phase);
  }

  async play(): Promise<void> {
    const run = this.run;
    receiveSignal(run);
    await processSignal(run);
    const options = await investigate(run, () =>
      this.interactiveSession.markAgentSessionInteractive(),
    );
    const selection = await this.workflowSelection(options);
    if (selection === 'stop') return;
    await receiveInvestigationResult(run);
    const verdict = await concludeAnalysis(run, options, selection);
    if (verdict === 'stop') return;
    const chosen = verdict.approval
      ? await awaitApproval(run, verdict.approval, verdict.chosen)
      : verdict.chosen;
    if (chosen === 'stop') return;
    if (await executeWorkflow(run, chosen)) await verifyEffectiveness(run);
  }

  /**
   * The agent's own recommendation, or, when a user drives the investigation, their choice:
   * a workflow, or an ending without one (dismissed or escalated).
   */
  private async workflowSelection(
    options: PresentedOption[],
  ): Promise<WorkflowSelection | undefined | 'stop'> {
    const choice = await this.interactiveSession.awaitChoice(options);
    if (!choice) return recommendedSelection(this.run, options);
    switch (choice.kind) {
      case 'workflow':
        return userSelection(this.run, options, choice.option);
      case 'dismiss':
        dismissAsNotActionable(this.run);
        return 'stop';
      default:
        escalateForManualReview(this.run);
        return 'stop';
    }
  }

  /** After a cancellation: children stop with ParentCancelled and the conversation ends. */
  windDownCancelled() {
    const run = this.run;
    const cancelledIn = run.phase;
    run.phase = 'Cancelled';
    const aa = run.get(RESOURCE_TYPES.aiAnalyses, run.aaName);
    const aaPhase = (aa?.status as { phase?: string } | undefined)?.phase;
    if (aa && aaPhase !== 'Completed' && aaPhase !== 'Failed') {
      run.writeAA(v => {
        Object.assign(v, {
          phase: 'Failed',
          reason: 'ParentCancelled',
          message: 'RemediationRequest was cancelled',
          completedAt: iso(run.now()),
        });
      });
    }
    run.audit({
      event_type: 'orchestrator.lifecycle.cancelled',
      event_category: 'orchestration',
      event_action: 'cancelled',
      data: { cancelled_in_phase: cancelledIn },
    });
    run.transcript.status(
      'canceled',
      'status',
      'The remediation was cancelled.',
      run.now(),
      { phase: 'Cancelled' },
      true,
    );
  }
}
