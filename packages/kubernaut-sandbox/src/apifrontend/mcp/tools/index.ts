import type { McpToolDefinition } from '../McpTool';
import {
  completeNoAction,
  discoverWorkflows,
  investigate,
  listWorkflows,
  message,
  selectWorkflow,
} from './agentTools';
import {
  approve,
  getApprovalRequest,
  listApprovalRequests,
} from './approvalTools';
import { getAuditTrail, getEffectiveness } from './dataStorageTools';
import {
  cancelRemediation,
  getRemediation,
  listRemediations,
  watchRemediation,
} from './remediationTools';

/** The tools the sandbox's API Frontend registers, with upstream's names and input schemas. */
export const SANDBOX_TOOLS: McpToolDefinition[] = [
  listRemediations,
  getRemediation,
  listApprovalRequests,
  getApprovalRequest,
  approve,
  cancelRemediation,
  watchRemediation,
  investigate,
  selectWorkflow,
  discoverWorkflows,
  listWorkflows,
  getEffectiveness,
  getAuditTrail,
  message,
  completeNoAction,
];
