/** The MCP tools the sandbox's API Frontend serves (a subset of the real AF's, same names and inputs). */
export interface McpTool {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

const string = (description: string) => ({ type: 'string', description });

export const MCP_TOOLS: McpTool[] = [
  {
    name: 'kubernaut_approve',
    description:
      'Approve or reject a RemediationApprovalRequest as the authenticated user',
    inputSchema: {
      type: 'object',
      properties: {
        rar_name: string(
          'Bare name of the RemediationApprovalRequest, e.g. rar-rr-…',
        ),
        decision: { type: 'string', enum: ['Approved', 'Rejected'] },
        reason: string('Why'),
        workflow_override: string(
          'Name of an Active RemediationWorkflow to run instead',
        ),
      },
      required: ['rar_name', 'decision'],
    },
  },
  {
    name: 'kubernaut_cancel_remediation',
    description: 'Cancel a non-terminal RemediationRequest',
    inputSchema: {
      type: 'object',
      properties: {
        rr_id: string('RemediationRequest name'),
        name: string('Alias of rr_id'),
      },
    },
  },
  {
    name: 'kubernaut_list_workflows',
    description: 'List the workflow catalog',
    inputSchema: {
      type: 'object',
      properties: { kind: string('Action type to filter on') },
    },
  },
  {
    name: 'kubernaut_investigate',
    description: 'Start an investigation (or join the one running for rr_id)',
    inputSchema: {
      type: 'object',
      properties: {
        rr_id: string('Existing RemediationRequest to join'),
        namespace: string('Target namespace'),
        kind: string('Target kind'),
        name: string('Target name'),
        description: string('The symptom in plain words'),
        interaction_mode: {
          type: 'string',
          enum: [
            'interactive',
            'full_remediation',
            'full_remediation_autonomous',
          ],
        },
      },
    },
  },
  {
    name: 'kubernaut_message',
    description: 'Ask a follow-up question in an investigation',
    inputSchema: {
      type: 'object',
      properties: {
        rr_id: string('RemediationRequest name'),
        message: string('The question'),
      },
      required: ['rr_id', 'message'],
    },
  },
  {
    name: 'kubernaut_get_approval_request',
    description: 'Read one RemediationApprovalRequest',
    inputSchema: {
      type: 'object',
      properties: {
        rar_id: string('Bare RAR name'),
        name: string('Alias of rar_id'),
      },
    },
  },
];
