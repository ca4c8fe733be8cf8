import type { UserInfo } from '../kube/auth';
import { workflowId, findWorkflow } from '../scenario/catalog';
import { selectWorkflowForUser } from './agentDecisions';
import type { KubernautPort, RunHandle } from './KubernautPort';
import { ToolError } from './mcp/McpTool';

/**
 * A tool call the agent makes for the user, as API Frontend streams it
 * (`pkg/apifrontend/launcher/part_converter.go`): the call's status text, then its result's summary.
 */
export interface StreamedToolCall {
  call: string;
  result: string;
}

export interface FollowUp {
  toolCalls: StreamedToolCall[];
  answer: string;
}

const SELECTS =
  /\b(go with|go for|use|select|choose|pick|run|apply|proceed with|let'?s do)\b/;
const NEGATES = /\b(don'?t|do not|not|never|instead of|rather than)\b/;
const DISMISSES =
  /\b(dismiss|no action|not actionable|nothing to do|ignore (it|this))\b/;
const ESCALATES = /\bescalat/;

/** The offered workflow the user names (full name or without its version), or the recommendation. */
function namedWorkflow(run: RunHandle, lower: string): string | undefined {
  let best: { name: string; length: number } | undefined;
  for (const option of run.scenario.options) {
    const stem = option.workflow.replace(/-v\d+$/, '');
    for (const form of [option.workflow, stem, stem.replace(/-/g, ' ')]) {
      if (lower.includes(form) && (!best || form.length > best.length))
        best = { name: option.workflow, length: form.length };
    }
  }
  if (best) return best.name;
  if (/\brecommend/.test(lower)) return run.scenario.options[0]?.workflow;
  return undefined;
}

function selectionRefusal(error: ToolError, run: RunHandle): string {
  const text = error.message;
  if (text.includes('not_driver'))
    return 'another user is driving this investigation, so only they can choose its workflow';
  if (text.includes('invalid_workflow'))
    return 'that workflow is not one of the options this investigation found';
  if (text.includes('no_session'))
    return `the investigation is no longer waiting for a choice (the remediation is ${run.phase})`;
  return 'Kubernaut refused the selection';
}

/**
 * A workflow the user picked in plain words: the agent calls kubernaut_select_workflow for them
 * (prompt.txt Phase 3; the new user turn is the consent `phase_guard.go` waits for).
 */
function selectFor(
  port: KubernautPort,
  run: RunHandle,
  user: UserInfo,
  workflowName: string,
): FollowUp {
  const id = workflowId(findWorkflow(workflowName));
  const call = `Selecting remediation workflow ${id}...\n\n`;
  try {
    const { status } = selectWorkflowForUser(port, user, run.rrName, id);
    return {
      toolCalls: [{ call, result: `Workflow ${status}.\n\n` }],
      answer: `I selected ${workflowName} for ${run.rrName}. Kubernaut now checks its approval policy: if the workflow needs an approval, use the Approve or Reject button in the console (I cannot approve for you). Its progress follows on the remediation's status.`,
    };
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    return {
      toolCalls: [{ call, result: `Error: ${error.message}\n\n` }],
      answer: `I could not select ${workflowName}: ${selectionRefusal(
        error,
        run,
      )}.`,
    };
  }
}

/** The agent's answers that need no tool call. */
function plainAnswer(run: RunHandle, lower: string): string {
  if (/\b(approve|go with|reject|decline)\b/.test(lower)) {
    return 'Approving or rejecting is a human decision: use the approval panel (kubernaut_approve). I cannot make that decision for you.';
  }
  const match = run.scenario.followUps.find(f =>
    f.keywords.some(k => lower.includes(k)),
  );
  if (match) return match.answer;
  return `${run.scenario.rca.summary} The remediation is currently ${run.phase}.`;
}

/**
 * What the agent does with a message in a conversation that already investigates `run`. While
 * the investigation waits for the user's choice, a named workflow is selected for them;
 * dismissing or escalating stays theirs to do in the console, as kubernaut_complete_no_action is
 * not among the agent's tools (`agent/root.go`; DD-AF-007 "MCP-only registration").
 */
export function followUp(
  port: KubernautPort,
  run: RunHandle,
  user: UserInfo,
  text: string,
): FollowUp {
  const lower = text.toLowerCase();
  if (run.interactiveSession?.awaitingChoice) {
    const workflow =
      SELECTS.test(lower) && !NEGATES.test(lower)
        ? namedWorkflow(run, lower)
        : undefined;
    if (workflow) return selectFor(port, run, user, workflow);
    if (DISMISSES.test(lower) || ESCALATES.test(lower))
      return {
        toolCalls: [],
        answer:
          'Dismissing this remediation (no action needed) or escalating it to a team is your decision, and I cannot make it for you: use the No action needed or Escalate button in the console.',
      };
  }
  return { toolCalls: [], answer: plainAnswer(run, lower) };
}
