import type { KubeObject } from '../../../kube/ObjectStore';
import {
  completeNoActionForUser,
  selectWorkflowForUser,
} from '../../agentDecisions';
import { matchScenario, scenarioForTarget } from '../../intake';
import type { RunHandle } from '../../KubernautPort';
import {
  resourceNameError,
  str,
  ToolError,
  toolErrors,
  type McpToolDefinition,
  type ToolContext,
} from '../McpTool';
import { anyObject, optional, string, struct } from '../schema';

const API_VERSION = /^([a-z0-9][a-z0-9.-]*\/)?v[0-9]+([a-z0-9]+)?$/;
const MAX_MESSAGE = 10240;

/** Upstream `validate.RRID` on a bare name, wrapped as the KA tools wrap it. */
function checkRrId(rrId: string) {
  if (!rrId) throw new ToolError('invalid rr_id: rr_id must not be empty');
  const invalid = resourceNameError(rrId);
  if (invalid) throw new ToolError(`invalid rr_id: ${invalid}`);
}

function runOf(ctx: ToolContext, rrId: string): RunHandle {
  const run = ctx.port.findRun(rrId);
  if (!run) throw toolErrors.notFound();
  return run;
}

/**
 * `kubernaut_investigate` over MCP (upstream `tools/ka_investigate_mcp.go`): with `rr_id`, take
 * over the running investigation of that remediation; with api_version/kind/name, open a new
 * remediation of that workload. Either way the caller drives the investigation (KA's Lease):
 * it ends offering workflows and waits for their choice. Non-blocking: returns the session.
 */
export const investigate: McpToolDefinition = {
  name: 'kubernaut_investigate',
  description: 'Investigate an infrastructure incident',
  inputSchema: struct({
    rr_id: optional(string()),
    api_version: optional(string()),
    namespace: optional(string()),
    kind: optional(string()),
    name: optional(string()),
    cluster_id: optional(string()),
    interaction_mode: optional(
      string(
        'one of interactive (default), full_remediation, full_remediation_autonomous -- declares how much autonomy to grant for post-investigation phase transitions',
      ),
    ),
    confirmed_signal_name: optional(string()),
  }),
  handler(args, ctx) {
    const rrId = str(args, 'rr_id');
    const apiVersion = str(args, 'api_version');
    const kind = str(args, 'kind');
    const name = str(args, 'name');
    const namespace = str(args, 'namespace');
    if (!rrId && !apiVersion && !kind && !name && !namespace)
      throw new ToolError('rr_id or api_version/kind/name required');
    let run: RunHandle;
    if (rrId) {
      checkRrId(rrId);
      run = runOf(ctx, rrId);
    } else {
      if (!apiVersion) throw new ToolError('api_version must not be empty');
      if (!API_VERSION.test(apiVersion))
        throw new ToolError(
          `invalid api_version ${JSON.stringify(
            apiVersion,
          )}: must be 'v<N>' or '<group>/v<N>' (e.g., 'v1', 'apps/v1')`,
        );
      if (!kind || !name)
        throw new ToolError(
          'kind and name required when providing api_version/kind/name',
        );
      if (ctx.user.username.startsWith('system:serviceaccount:'))
        throw new ToolError(
          'interactive investigation cannot be started by service accounts',
        );
      const scenarios = ctx.port.scenarios();
      const scenario =
        scenarioForTarget(scenarios, { kind, name, namespace }) ??
        matchScenario(scenarios, `${namespace ?? ''} ${kind} ${name}`);
      if (!scenario)
        throw new ToolError(
          `create RR for investigation: resource not managed by kubernaut: no alert in this cluster concerns ${kind}/${name}`,
        );
      run =
        ctx.port.findLiveRun(scenario.id) ??
        ctx.port.startScenario(scenario.id, {
          signalSource: 'a2a-agent',
          scriptedDecisions: false,
          interactive: true,
        });
    }
    ctx.port.recordInvestigationSession(
      run,
      ctx.user,
      rrId ? 'takeover' : 'start',
    );
    ctx.port.takeOverInvestigation(run, ctx.user);
    return {
      session_id: run.transcript.contextId,
      status: run.terminal ? 'completed' : 'started',
      rr_id: run.rrName,
    };
  },
};

/** `kubernaut_message` (upstream `tools/ka_interactive.go`): the agent's answer is not in the result. */
export const message: McpToolDefinition = {
  name: 'kubernaut_message',
  description: 'Send a message to an active investigation session',
  inputSchema: struct({ rr_id: string(), message: optional(string()) }),
  handler(args, ctx) {
    const rrId = (args.rr_id as string) ?? '';
    const text = str(args, 'message');
    if (!text) throw new ToolError('message is required for kubernaut_message');
    checkRrId(rrId);
    if (text.length > MAX_MESSAGE)
      throw new ToolError(
        `message length ${text.length} exceeds maximum ${MAX_MESSAGE}`,
      );
    const run = ctx.port.findRun(rrId);
    if (!run || run.terminal)
      throw new ToolError(
        `message: kubernaut agent: no active investigation session for ${rrId}`,
      );
    return { session_id: run.transcript.contextId, status: 'sent' };
  },
};

/**
 * `kubernaut_select_workflow` (`tools/ka_tools.go`, KA's `mcp/tools/select_workflow.go`): the
 * driver picks one of the discovered workflows; `parameters` is accepted and not used.
 */
export const selectWorkflow: McpToolDefinition = {
  name: 'kubernaut_select_workflow',
  description: 'Select a workflow for an investigation',
  inputSchema: struct({
    rr_id: string(),
    workflow_id: string(),
    kind: optional(string()),
    name: optional(string()),
    namespace: optional(string()),
    parameters: optional(anyObject()),
  }),
  handler(args, ctx) {
    const rrId = (args.rr_id as string) ?? '';
    checkRrId(rrId);
    return selectWorkflowForUser(
      ctx.port,
      ctx.user,
      rrId,
      (args.workflow_id as string) ?? '',
    );
  },
};

/**
 * `kubernaut_complete_no_action` (`tools/ka_tools.go`, KA's `mcp/tools/complete_no_action.go`):
 * the driver ends the investigation without a workflow, dismissing it or, with an escalation
 * reason, escalating it to a human team; the user's active conversation ends with it.
 */
export const completeNoAction: McpToolDefinition = {
  name: 'kubernaut_complete_no_action',
  description:
    'Complete an investigation without selecting a workflow — dismiss or escalate to a human team',
  inputSchema: struct({
    rr_id: string(),
    reason: optional(string()),
    escalation_reason: optional(string()),
  }),
  handler(args, ctx) {
    const rrId = (args.rr_id as string) ?? '';
    checkRrId(rrId);
    const escalation = args.escalation_reason as string | undefined;
    if (escalation !== undefined && escalation !== '') {
      if (!escalation.trim())
        throw new ToolError(
          'escalation_reason must not be empty or whitespace-only',
        );
      if (escalation.length > 1024)
        throw new ToolError(
          `escalation_reason length ${escalation.length} exceeds maximum 1024`,
        );
      // eslint-disable-next-line no-control-regex
      const control = escalation.search(/[\u0000-\u0008\u000b-\u001f\u007f]/);
      if (control >= 0)
        throw new ToolError(
          `escalation_reason contains control character at position ${control}`,
        );
    }
    const result = completeNoActionForUser(
      ctx.port,
      ctx.user,
      rrId,
      str(args, 'reason'),
      escalation || undefined,
    );
    ctx.endActiveConversation?.();
    return result;
  },
};

function workflowSummary(workflow: KubeObject) {
  const spec = (workflow.spec ?? {}) as {
    actionType?: string;
    description?: { what?: string };
  };
  return {
    id: (workflow.status as { workflowId?: string })?.workflowId ?? '',
    name: workflow.metadata.name,
    ...(spec.description?.what ? { description: spec.description.what } : {}),
    ...(spec.actionType ? { kind: spec.actionType } : {}),
  };
}

export const listWorkflows: McpToolDefinition = {
  name: 'kubernaut_list_workflows',
  description: 'List available workflows',
  inputSchema: struct({ kind: optional(string()) }),
  handler(args, ctx) {
    const kind = str(args, 'kind');
    const workflows = ctx.port
      .listWorkflows()
      .map(workflowSummary)
      .filter(w => !kind || w.kind === kind);
    return { workflows, count: workflows.length };
  },
};

/**
 * `kubernaut_discover_workflows` (upstream `tools/ka_tools.go`): the workflows the agent
 * considered for a remediation, with their parameter schemas from the catalog. For the driver,
 * they become what kubernaut_select_workflow may choose from.
 */
export const discoverWorkflows: McpToolDefinition = {
  name: 'kubernaut_discover_workflows',
  description: 'Discover available workflows with parameter schemas',
  inputSchema: struct({
    rr_id: string(),
    workflow_id: optional(string()),
    kind: optional(string()),
  }),
  handler(args, ctx) {
    const rrId = (args.rr_id as string) ?? '';
    if (rrId) checkRrId(rrId);
    const run = runOf(ctx, rrId);
    ctx.port.recordWorkflowDiscovery(rrId, ctx.user);
    const catalog = new Map(
      ctx.port.listWorkflows().map(w => [w.metadata.name, w]),
    );
    const wanted = str(args, 'workflow_id');
    const kind = str(args, 'kind');
    const workflows = run.scenario.options
      .map(option => {
        const workflow = catalog.get(option.workflow);
        if (!workflow) return undefined;
        const spec = (workflow.spec ?? {}) as {
          actionType?: string;
          description?: { what?: string };
          parameters?: Array<Record<string, unknown>>;
        };
        return {
          workflow_id:
            (workflow.status as { workflowId?: string })?.workflowId ?? '',
          name: workflow.metadata.name,
          description: spec.description?.what ?? option.description,
          ...(spec.actionType ? { kind: spec.actionType } : {}),
          confidence: option.confidence,
          parameters: (spec.parameters ?? []).map(p => ({
            name: p.name,
            type: p.type,
            description: p.description ?? '',
            required: p.required === true,
            ...(p.default !== undefined ? { default: p.default } : {}),
            ...(p.enum !== undefined ? { enum: p.enum } : {}),
          })),
        };
      })
      .filter(<T>(w: T | undefined): w is T => w !== undefined)
      .filter(w => !wanted || w.workflow_id === wanted)
      .filter(w => !kind || w.kind === kind);
    const targetOf = (t: {
      kind: string;
      name: string;
      namespace: string;
    }) => ({
      api_version: 'apps/v1',
      kind: t.kind,
      name: t.name,
      namespace: t.namespace,
    });
    return {
      workflows,
      count: workflows.length,
      searched_target: targetOf(run.scenario.rcaTarget ?? run.scenario.target),
      signal_target: targetOf(run.scenario.target),
    };
  },
};
