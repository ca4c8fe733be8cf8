import type { UserInfo } from '../kube/auth';
import {
  AgentToolError,
  type CompleteNoActionResult,
  type KubernautPort,
} from './KubernautPort';
import { redactError, ToolError } from './mcp/McpTool';

/** API Frontend's client wraps a KA tool refusal as `kubernaut agent: <text>` (`ka/pooled_mcp_client.go`). */
function agentCall<T>(action: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (error instanceof AgentToolError)
      throw new ToolError(
        `${action}: kubernaut agent: ${redactError(error.message)}`,
      );
    throw error;
  }
}

/**
 * Audit as API Frontend's store adapter writes these events (`audit/store_adapter.go`): no user,
 * and the typed payload only; the handlers set no session or KA correlation id, so both are empty.
 */
function appendApiFrontendAudit(
  port: KubernautPort,
  rrName: string,
  type: 'user.decision' | 'ka.result_received',
  data: Record<string, unknown>,
) {
  port.appendAudit({
    at: new Date(),
    correlation_id: rrName,
    event_type: `apifrontend.${type}`,
    event_category: 'apifrontend',
    event_action: type === 'user.decision' ? 'decided' : 'received',
    event_outcome: 'success',
    actor_type: 'service',
    actor_id: 'apifrontend',
    data: {
      event_type: `apifrontend.${type}`,
      session_id: '',
      ...data,
    },
  });
}

/**
 * `kubernaut_select_workflow` as API Frontend runs it for MCP callers and for its own agent
 * (`pkg/apifrontend/tools/ka_tools.go` HandleSelectWorkflow): KA selects, the user's decision
 * is audited, and the result is KA's status with an empty message.
 */
export function selectWorkflowForUser(
  port: KubernautPort,
  user: UserInfo,
  rrName: string,
  workflowId: string,
): { status: string; message: string } {
  const result = agentCall('selecting workflow', () =>
    port.selectWorkflow(rrName, workflowId, user),
  );
  appendApiFrontendAudit(port, rrName, 'user.decision', {
    decision: 'accept',
    workflow_id: workflowId,
  });
  return { status: result.status, message: '' };
}

/**
 * `kubernaut_complete_no_action` (`ka_tools.go` HandleCompleteNoAction, registered by
 * `handler/mcp_bridge.go`): KA dismisses or escalates, the result is audited, and the
 * InvestigationSession completes.
 */
export function completeNoActionForUser(
  port: KubernautPort,
  user: UserInfo,
  rrName: string,
  reason: string | undefined,
  escalationReason: string | undefined,
): CompleteNoActionResult {
  const result = agentCall('complete_no_action', () =>
    port.completeNoAction(rrName, user, reason, escalationReason),
  );
  appendApiFrontendAudit(port, rrName, 'ka.result_received', {
    ka_correlation_id: '',
    result_type: escalationReason
      ? 'operator_escalation'
      : 'operator_dismissed',
  });
  port.completeInvestigationSession(rrName);
  return result;
}
