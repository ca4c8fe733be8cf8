import {
  ConflictError,
  InputError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  TERMINAL_PHASES,
  type SteeringAction,
  type SteeringOutcome,
  personName,
} from '@kubernaut/plugin-kubernaut-common';
import {
  ApiFrontendError,
  McpToolError,
  toolErrorToBackstage,
} from '../clients/ApiFrontendClient';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import type { InvestigationRecord } from '../database/InvestigationStore';
import type { InvestigationService } from '../investigations/InvestigationService';

export interface Driver {
  userEntityRef: string;
  /** A token API Frontend trusts for this person, when the app passes one. */
  apiFrontendToken?: string;
}

/** The MCP call that carries out an action (upstream `pkg/apifrontend/tools/ka_tools.go`). */
function toolCall(
  remediation: string,
  action: SteeringAction,
): { tool: string; args: Record<string, unknown> } {
  switch (action.action) {
    case 'select-workflow':
      return {
        tool: 'kubernaut_select_workflow',
        args: {
          rr_id: remediation,
          workflow_id: action.workflowId,
          ...(action.parameters && Object.keys(action.parameters).length
            ? { parameters: action.parameters }
            : {}),
        },
      };
    case 'dismiss':
      return {
        tool: 'kubernaut_complete_no_action',
        args: {
          rr_id: remediation,
          ...(action.reason ? { reason: action.reason } : {}),
        },
      };
    case 'escalate':
    default:
      return {
        tool: 'kubernaut_complete_no_action',
        args: { rr_id: remediation, escalation_reason: action.reason },
      };
  }
}

/** KA's error codes in a tool's text (`<action>: kubernaut agent: <code>: <message>`). */
const SESSION_CONFLICTS = /\b(no_session|not_driver|discovery_required)\b/;
const BAD_CHOICES = /\b(invalid_workflow|invalid_input)\b/;

function steeringError(
  error: McpToolError,
  action: SteeringAction,
  remediation: string,
): Error {
  const context = `Kubernaut refused to ${action.action.replace(
    '-',
    ' ',
  )} ${remediation}`;
  if (SESSION_CONFLICTS.test(error.text))
    return new ConflictError(
      `${context}: its session does not take this now (${error.text}); it may have moved on, or someone else drives it in Kubernaut`,
    );
  if (BAD_CHOICES.test(error.text))
    return new InputError(`${context}: ${error.text}`);
  return toolErrorToBackstage(error, context);
}

/**
 * Steering a remediation from its investigation: taking it over from the autonomous run, then
 * running a workflow the agent offers, dismissing it or escalating it to people. Upstream lets
 * only the session's driver do the last three (`kubernaut_select_workflow` "requires an active
 * interactive driver session"); the console keeps the same rule per Backstage user, also when
 * every user reaches API Frontend under the backend's one service credential.
 */
export class SteeringService {
  constructor(
    private readonly options: {
      registry: ClusterRegistry;
      investigations: InvestigationService;
    },
  ) {}

  /** The remediation an investigation steers, while it can still be steered. */
  private runningRemediation(record: InvestigationRecord): string {
    if (!record.remediation)
      throw new ConflictError(
        'this conversation has not found its remediation yet; ask the agent first',
      );
    const row = this.options.registry
      .get(record.cluster)
      .remediationRow(record.remediation);
    if (row && TERMINAL_PHASES.includes(row.phase))
      throw new ConflictError(
        `remediation ${record.remediation} has ended (${row.phase}); it cannot be steered`,
      );
    return record.remediation;
  }

  /** Upstream's takeover: the autonomous run stops and `driver` drives the remediation. */
  async takeOver(
    id: string,
    driver: Driver,
    message?: string,
  ): Promise<InvestigationRecord> {
    const record = await this.options.investigations.get(id);
    const remediation = this.runningRemediation(record);
    if (record.driver === driver.userEntityRef) return record;
    if (record.driver)
      throw new ConflictError(
        `${personName(
          record.driver,
        )} drives remediation ${remediation}; only one person can`,
      );
    return this.options.investigations.takeOver(
      id,
      driver.userEntityRef,
      driver.apiFrontendToken,
      message,
    );
  }

  /** Runs a workflow, dismisses or escalates, as the investigation's driver. */
  async steer(
    id: string,
    action: SteeringAction,
    driver: Driver,
  ): Promise<SteeringOutcome> {
    const record = await this.options.investigations.get(id);
    const remediation = this.runningRemediation(record);
    if (record.driver !== driver.userEntityRef)
      throw new ConflictError(
        record.driver
          ? `${personName(
              record.driver,
            )} drives remediation ${remediation}; only they can steer it`
          : `take remediation ${remediation} over first: Kubernaut runs it on its own`,
      );
    return this.options.investigations.act(id, async () => {
      const { tool, args } = toolCall(remediation, action);
      const client = this.options.investigations.apiFrontend(record.cluster);
      const token =
        driver.apiFrontendToken ??
        this.options.investigations.serviceCredential(record.cluster);
      let answer: Record<string, unknown>;
      try {
        // KA takes only a workflow its discovery returned, after a discovery in this session
        // (internal/kubernautagent/mcp/tools/select_workflow.go: discovery_required).
        if (action.action === 'select-workflow')
          await client.callTool(token, 'kubernaut_discover_workflows', {
            rr_id: remediation,
          });
        answer = await client.callTool(token, tool, args);
      } catch (error) {
        if (error instanceof McpToolError)
          throw steeringError(error, action, remediation);
        if (error instanceof ApiFrontendError)
          throw new ServiceUnavailableError(
            `API Frontend of cluster ${record.cluster} failed: ${error.message}`,
          );
        throw error;
      }
      const outcome: SteeringOutcome = {
        user: driver.userEntityRef,
        action: action.action,
        ...(action.action === 'select-workflow'
          ? { workflowId: action.workflowId, parameters: action.parameters }
          : { reason: action.reason }),
        status: typeof answer.status === 'string' ? answer.status : undefined,
        message: [answer.message, answer.text].find(
          (text): text is string => typeof text === 'string' && text !== '',
        ),
      };
      await this.options.investigations.record(id, 'steered', outcome);
      return outcome;
    });
  }
}
