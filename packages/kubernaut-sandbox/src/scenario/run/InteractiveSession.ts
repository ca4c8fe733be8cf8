import type { UserInfo } from '../../kube/auth';
import { RESOURCE_TYPES } from '../../kube/resources';
import { presentedOptions, type PresentedOption } from './investigation';
import { RunCancelled, type RunContext } from './RunContext';

/**
 * A refusal of Kubernaut Agent's interactive tools; the message is the tool error text KA returns
 * (`internal/kubernautagent/mcp/tools/errors.go`: `<code>: <message>`).
 */
export class AgentToolError extends Error {}

const NO_SESSION =
  'no_session: No active interactive session for this remediation';
const NOT_DRIVER =
  'not_driver: Caller is not the active driver for this session';
const DISCOVERY_REQUIRED =
  'discovery_required: discover_workflows must be called before select_workflow';
const INVALID_WORKFLOW =
  'invalid_workflow: workflow_id not found in discovery results; call discover_workflows to refresh';
const MISSING_WORKFLOW_ID =
  'invalid_input: Missing required input field (map[field:workflow_id])';
// complete_no_action returns plain errors, which KA's ErrorBoundary replaces with this one.
const INTERNAL_ERROR = 'internal_error: Internal service error';

/**
 * What the driving user decided once the investigation offered its workflows. The dismiss and
 * escalation reasons go no further than the tool's result: KA's final result carries them, but
 * AIAnalysis never receives them (`internal/kubernautagent/agentsession/mapping.go`).
 */
export type OperatorChoice =
  | { kind: 'workflow'; option: PresentedOption }
  | { kind: 'dismiss' }
  | { kind: 'escalate' };

export interface CompleteNoActionResult {
  status: 'completed_no_action' | 'escalated' | 'already_resolved';
  reason?: string;
  escalation_reason?: string;
}

/**
 * Kubernaut Agent's interactive session for one remediation: the user driving it (the Lease
 * holder), the workflows discover_workflows returned to them, and their final choice.
 * An autonomous run never waits; a user-driven one ends its investigation offering workflows
 * and waits for `kubernaut_select_workflow` or `kubernaut_complete_no_action`.
 */
export class InteractiveSession {
  private userDriven: boolean;
  private driver?: UserInfo;
  private discovered?: PresentedOption[];
  private offered = false;
  private released = false;
  private autoClosed = false;
  private choice?: OperatorChoice;
  private deliver?: (choice: OperatorChoice) => void;

  constructor(private readonly run: RunContext, userDriven: boolean) {
    this.userDriven = userDriven;
  }

  get driverName(): string | undefined {
    return this.driver?.username;
  }

  /** The investigation has offered its workflows and waits for the driver's choice. */
  get awaitingChoice(): boolean {
    return this.offered && this.active;
  }

  private get active(): boolean {
    return this.userDriven && !this.released && !this.run.cancelled;
  }

  /**
   * `kubernaut_investigate` (start or takeover): the user takes the Lease unless someone else
   * holds it. An autonomous investigation can be taken over until it has reached its decision.
   * Returns whether the user now drives the session.
   */
  takeOver(user: UserInfo): boolean {
    if (this.released || this.run.cancelled) return false;
    if (!this.userDriven && this.offered) return false;
    if (this.driver) return this.driver.username === user.username;
    this.userDriven = true;
    this.driver = { username: user.username, groups: [...user.groups] };
    this.markAgentSessionInteractive();
    return true;
  }

  private get agentSessionName(): string {
    return `as-${this.run.rrName}`;
  }

  /** `status.interactive`, `actingUser`: written once a driver holds the Lease (v1.6). */
  markAgentSessionInteractive() {
    const driver = this.driver;
    if (
      !driver ||
      !this.run.v16 ||
      !this.run.get(RESOURCE_TYPES.agentSessions, this.agentSessionName)
    )
      return;
    this.run.patchStatus(
      RESOURCE_TYPES.agentSessions,
      this.agentSessionName,
      st => ({
        ...st,
        interactive: true,
        actingUser: driver.username,
        actingUserGroups: driver.groups,
      }),
    );
  }

  /** `kubernaut_discover_workflows` by the driver: the workflows select_workflow may choose from. */
  recordDiscovery(user: UserInfo) {
    if (this.active && this.driver?.username === user.username)
      this.discovered = presentedOptions(this.run.scenario);
  }

  private activeDriver(): UserInfo {
    if (!this.active || !this.driver) throw new AgentToolError(NO_SESSION);
    return this.driver;
  }

  /**
   * `kubernaut_select_workflow` (`internal/kubernautagent/mcp/tools/select_workflow.go`): only
   * the driver, only a workflow its discovery returned. The parameters argument is not used:
   * the workflow runs with the parameters discovery resolved for it.
   */
  selectWorkflow(user: UserInfo, workflowId: string): { status: string } {
    if (!workflowId) throw new AgentToolError(MISSING_WORKFLOW_ID);
    const driver = this.activeDriver();
    if (driver.username !== user.username) throw new AgentToolError(NOT_DRIVER);
    if (!this.discovered) throw new AgentToolError(DISCOVERY_REQUIRED);
    const option = this.discovered.find(o => o.id === workflowId);
    if (!option) throw new AgentToolError(INVALID_WORKFLOW);
    const target = this.run.rcaTarget;
    this.run.audit({
      event_type: 'aiagent.interactive.k8s_call',
      event_category: 'aiagent',
      event_action: 'interactive_k8s_call',
      actor_type: 'user',
      actor_id: user.username,
      data: {
        session_id: this.run.transcript.contextId,
        resource: target.kind,
        verb: 'get',
        namespace: target.namespace,
        resource_name: target.name,
        http_status_code: 200,
      },
    });
    this.decide({ kind: 'workflow', option });
    return { status: 'workflow_selected' };
  }

  /**
   * `kubernaut_complete_no_action` (`internal/kubernautagent/mcp/tools/complete_no_action.go`):
   * the driver dismisses (no action needed) or, with an escalation reason, escalates to a human
   * team. A session KA already closed itself answers `already_resolved`.
   */
  completeNoAction(
    user: UserInfo,
    reason: string | undefined,
    escalationReason: string | undefined,
  ): CompleteNoActionResult {
    if (!this.active || !this.driver) {
      if (this.autoClosed) return { status: 'already_resolved' };
      throw new AgentToolError(INTERNAL_ERROR);
    }
    if (this.driver.username !== user.username)
      throw new AgentToolError(INTERNAL_ERROR);
    this.decide({ kind: escalationReason ? 'escalate' : 'dismiss' });
    return {
      status: escalationReason ? 'escalated' : 'completed_no_action',
      ...(reason ? { reason } : {}),
      ...(escalationReason ? { escalation_reason: escalationReason } : {}),
    };
  }

  private decide(choice: OperatorChoice) {
    this.released = true;
    this.choice = choice;
    this.deliver?.(choice);
  }

  /**
   * The end of the investigation. An autonomous run goes on with its own recommendation
   * (undefined); a user-driven one waits for the driver's choice. With nothing to offer, KA
   * closes the session itself (no_matching_workflows) and the run goes on autonomously.
   */
  async awaitChoice(
    options: PresentedOption[],
  ): Promise<OperatorChoice | undefined> {
    this.offered = true;
    if (!this.userDriven) return undefined;
    if (options.length === 0 && !this.released) {
      this.released = true;
      this.autoClosed = true;
      return undefined;
    }
    if (this.choice) return this.choice;
    const { store, namespace } = this.run.env;
    let stopWatching: () => void = () => undefined;
    try {
      return await new Promise<OperatorChoice>((resolve, reject) => {
        this.deliver = resolve;
        stopWatching = store.watch(
          RESOURCE_TYPES.remediationRequests,
          { namespace, filter: o => o.metadata.name === this.run.rrName },
          () => {
            if (this.run.cancelled) reject(new RunCancelled(this.run.rrName));
          },
        );
      });
    } finally {
      this.deliver = undefined;
      stopWatching();
    }
  }
}
