import type { TranscriptEventBody } from '@kubernaut/plugin-kubernaut-common';
import { looseJson, num, parseJson, partsText, record, text } from './json';
import {
  decisionFromText,
  readDecisionCard,
  readEarlyAssessment,
} from './rootCause';

const CALLING = /^Calling ([\w.-]+)(?:\.\.\.|…)\s*$/;

/** The steps of kubernaut_watch's output: where it got to, never the raw JSON. */
function watchOutput(message: string): string | undefined {
  const steps = looseJson(message).steps;
  const latest = Array.isArray(steps) ? record(steps[steps.length - 1]) : {};
  if (text(latest.label)) return text(latest.label);
  if (message && !message.trimStart().startsWith('{')) return message;
  return undefined;
}

function alignmentNotice(message: string): string {
  const body = looseJson(message);
  const flagged = num(body.flagged);
  const total = num(body.total);
  const counts =
    flagged !== undefined && total !== undefined
      ? ` (${flagged} of ${total} steps flagged)`
      : '';
  const summary = text(body.summary) ? `: ${text(body.summary)}` : '';
  return `Alignment check ${text(body.result) ?? 'failed'}${counts}${summary}`;
}

function artifactEvents(
  result: Record<string, unknown>,
): TranscriptEventBody[] {
  const artifact = record(result.artifact);
  const meta = record(artifact.metadata);
  const parts = Array.isArray(artifact.parts) ? artifact.parts : [];
  const data = record(record(parts.find(p => record(p).kind === 'data')).data);
  // Upstream tags the decision card by schema (type "decision"); older builds by type or name.
  const schema = text(meta.schema) ?? text(meta.type) ?? text(artifact.name);
  if (schema === 'investigation_summary') {
    const body = Object.keys(data).length
      ? data
      : decisionFromText(partsText(parts));
    return [
      {
        type: 'analysis',
        payload: { rca: readDecisionCard(body), remediation: text(body.rr_id) },
      },
    ];
  }
  if (text(meta.type) === 'execution_progress') {
    const phase = text(data.current_phase);
    const line = phase ? `Execution progress: ${phase}` : partsText(parts);
    return line ? [{ type: 'progress', payload: { text: line } }] : [];
  }
  const answer = partsText(parts);
  if (!answer) return [];
  return [
    {
      type: 'answer',
      payload: { text: answer, append: result.append === true },
    },
  ];
}

/** What a status update says, by its metadata type (upstream `launcher/part_converter.go`). */
function statusEvents(
  meta: Record<string, unknown>,
  message: string,
): TranscriptEventBody[] {
  switch (meta.type) {
    case 'decision':
      return meta.schema === 'early_rca'
        ? [{ type: 'analysis', payload: { rca: readEarlyAssessment(message) } }]
        : [];
    case 'alignment_check_failed':
      return [
        {
          type: 'notice',
          payload: { severity: 'warning', text: alignmentNotice(message) },
        },
      ];
    case 'output': {
      const line = watchOutput(message);
      return line ? [{ type: 'progress', payload: { text: line } }] : [];
    }
    case 'investigation':
      return meta.terminal === true
        ? [
            {
              type: 'notice',
              payload: {
                severity: 'warning',
                text: message || 'The agent session ended.',
              },
            },
          ]
        : [];
    case 'reasoning':
      return message
        ? [{ type: 'agent-text', payload: { text: message } }]
        : [];
    case 'reasoning_content':
      return message
        ? [
            {
              type: 'thinking',
              payload: { text: message, redacted: meta.redacted === true },
            },
          ]
        : [];
    case 'approval_request': {
      const body = parseJson(message);
      return [
        {
          type: 'approval-request',
          payload: {
            name: text(body.name) ?? '',
            remediation: text(body.remediationRequestName),
            confidence: num(body.confidence),
            whyApprovalRequired:
              text(body.whyApprovalRequired) ?? text(body.reason),
            requiredBy: text(body.requiredBy),
          },
        },
      ];
    }
    case 'approval_request_resolved': {
      const body = parseJson(message);
      return [
        {
          type: 'approval-decided',
          payload: {
            decision: text(body.decision) ?? 'Decided',
            decidedBy: text(body.decidedBy),
            message: text(body.decisionMessage),
          },
        },
      ];
    }
    case 'verification_step': {
      const line =
        message ||
        [meta.step, meta.step_status, meta.detail].filter(Boolean).join(' · ');
      return line ? [{ type: 'progress', payload: { text: line } }] : [];
    }
    default:
      break;
  }
  const tool = text(meta.tool_name);
  if (tool) {
    if (meta.tool_status === 'completed') {
      const prefix = `${tool}: `;
      return [
        {
          type: 'tool-result',
          payload: {
            tool,
            result: message.startsWith(prefix)
              ? message.slice(prefix.length)
              : message,
          },
        },
      ];
    }
    return [
      { type: 'tool-call', payload: { tool, args: text(meta.tool_args) } },
    ];
  }
  const calling = CALLING.exec(message);
  if (calling)
    return [
      { type: 'tool-call', payload: { tool: calling[1], textOnly: true } },
    ];
  return message ? [{ type: 'progress', payload: { text: message } }] : [];
}

/**
 * Turns API Frontend's A2A stream results into typed transcript events. One per conversation:
 * it remembers the agent's task state, remediation and phase, and says when they change.
 */
export class A2AEventTranslator {
  private state?: string;
  private remediation?: string;
  private phase?: string;

  translate(result: Record<string, unknown>): TranscriptEventBody[] {
    if (result.kind === 'artifact-update') return artifactEvents(result);
    const status = record(result.status);
    const meta = record(result.metadata);
    const events: TranscriptEventBody[] = [];
    const state = text(status.state) ?? this.state;
    const remediation = text(meta.rr_id) ?? this.remediation;
    const phase = text(meta.phase) ?? this.phase;
    if (
      state &&
      (state !== this.state ||
        remediation !== this.remediation ||
        phase !== this.phase)
    ) {
      this.state = state;
      this.remediation = remediation;
      this.phase = phase;
      events.push({
        type: 'agent-state',
        payload: { state, remediation, phase },
      });
    }
    if (result.kind !== 'status-update' || meta.type === 'keepalive')
      return events;
    const message = partsText(record(status.message).parts);
    if (result.final === true && status.state === 'failed' && message) {
      events.push({
        type: 'notice',
        payload: { severity: 'error', text: message },
      });
      return events;
    }
    events.push(...statusEvents(meta, message));
    return events;
  }
}
