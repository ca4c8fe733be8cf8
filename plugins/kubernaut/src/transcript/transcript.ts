import type { InvestigationEvent } from '@kubernaut/plugin-kubernaut-common';

/** A workflow the agent offers, from the `investigation_summary` artifact. */
export interface WorkflowOption {
  workflowId: string;
  name: string;
  description?: string;
  risk?: string;
  confidence?: number;
  recommended: boolean;
  parameters: Record<string, string>;
  ruledOutReason?: string;
}

/** The agent's root-cause analysis, from the `investigation_summary` artifact. */
export interface RootCauseAnalysis {
  summary: string;
  rootCause?: string;
  explanation?: string;
  severity?: string;
  confidence?: number;
  target?: string;
  causalChain: string[];
  contributingFactors: string[];
  evidence: string[];
  affectedComponents: string[];
  toolCalls?: number;
  options: WorkflowOption[];
}

export interface ApprovalRequestCard {
  name: string;
  remediation?: string;
  confidence?: number;
  whyApprovalRequired?: string;
  requiredBy?: string;
}

export type TranscriptItem =
  | { kind: 'user'; key: string; user: string; text: string }
  | { kind: 'agent'; key: string; text: string }
  | { kind: 'thinking'; key: string; text: string; redacted: boolean }
  | {
      kind: 'tool';
      key: string;
      tool: string;
      args?: string;
      result?: string;
      done: boolean;
    }
  | { kind: 'progress'; key: string; text: string }
  | { kind: 'rca'; key: string; rca: RootCauseAnalysis }
  | { kind: 'answer'; key: string; text: string }
  | { kind: 'approval'; key: string; request: ApprovalRequestCard }
  | {
      kind: 'decision';
      key: string;
      decision: string;
      decidedBy?: string;
      message?: string;
    }
  | { kind: 'phase'; key: string; phase: string; detail?: string }
  | { kind: 'joined'; key: string; user: string }
  | {
      kind: 'notice';
      key: string;
      severity: 'error' | 'warning';
      text: string;
    };

export interface Transcript {
  items: TranscriptItem[];
  /** Sequence number of the last event folded in; a reconnect resumes after it. */
  lastSeq: number;
  /** The A2A task state of the last agent event (working, input-required, completed, ...). */
  agentState?: string;
  /** The remediation phase last reported, by the agent's context or the status stream. */
  phase?: string;
  /** The remediation the conversation is about, once API Frontend names it. */
  remediation?: string;
  /** Agent tokens folded in, for the stream statistics. */
  tokens: number;
}

export const emptyTranscript: Transcript = { items: [], lastSeq: 0, tokens: 0 };

type Json = Record<string, unknown>;
const record = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : {};
const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const strings = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map(v => (typeof v === 'string' ? v : JSON.stringify(v)))
    : [];
const stringMap = (value: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(record(value)).map(([k, v]) => [
      k,
      typeof v === 'string' ? v : JSON.stringify(v),
    ]),
  );

function parseJson(value: string | undefined): Json {
  if (!value) return {};
  try {
    return record(JSON.parse(value));
  } catch {
    return {};
  }
}

function partsText(parts: unknown): string {
  return (Array.isArray(parts) ? parts : [])
    .map(part => text(record(part).text) ?? '')
    .join('');
}

function readRootCauseAnalysis(data: Json): RootCauseAnalysis {
  const rca = record(data.rca);
  return {
    summary: text(data.summary) ?? text(rca.explanation) ?? '',
    rootCause: text(rca.root_cause),
    explanation: text(rca.explanation),
    severity: text(rca.severity) ?? text(data.severity),
    confidence: num(rca.confidence) ?? num(data.confidence),
    target: text(rca.target),
    causalChain: strings(rca.causal_chain),
    contributingFactors: strings(rca.contributing_factors),
    evidence: strings(rca.evidence),
    affectedComponents: strings(rca.affected_components),
    toolCalls: num(rca.tool_calls_count),
    options: (Array.isArray(data.options) ? data.options : []).map(raw => {
      const option = record(raw);
      return {
        workflowId: text(option.workflow_id) ?? text(option.name) ?? '',
        name: text(option.name) ?? text(option.workflow_id) ?? 'workflow',
        description: text(option.description),
        risk: text(option.risk),
        confidence: num(option.confidence),
        recommended: option.recommended === true,
        parameters: stringMap(option.parameters),
        ruledOutReason: text(option.ruled_out_reason),
      };
    }),
  };
}

/** Folds one A2A stream result into the transcript's items. */
function foldA2A(
  draft: Transcript,
  items: TranscriptItem[],
  result: Json,
  key: string,
) {
  const last = items[items.length - 1];
  if (result.kind === 'artifact-update') {
    const artifact = record(result.artifact);
    const meta = record(artifact.metadata);
    const parts = Array.isArray(artifact.parts) ? artifact.parts : [];
    const data = record(
      record(parts.find(p => record(p).kind === 'data')).data,
    );
    const type = text(meta.type) ?? text(artifact.name);
    if (type === 'investigation_summary') {
      // A text fallback alone (kubernaut#1853) still carries JSON.
      const body = Object.keys(data).length
        ? data
        : parseJson(partsText(parts));
      items.push({ kind: 'rca', key, rca: readRootCauseAnalysis(body) });
      if (typeof body.rr_id === 'string') draft.remediation = body.rr_id;
      return;
    }
    const answer = partsText(parts);
    if (!answer) return;
    if (result.append === true && last?.kind === 'answer')
      items[items.length - 1] = { ...last, text: last.text + answer };
    else items.push({ kind: 'answer', key, text: answer });
    return;
  }
  if (result.kind !== 'status-update') return;
  const status = record(result.status);
  const meta = record(result.metadata);
  const message = partsText(record(status.message).parts);
  draft.agentState = text(status.state) ?? draft.agentState;
  draft.phase = text(meta.phase) ?? draft.phase;
  draft.remediation = text(meta.rr_id) ?? draft.remediation;
  switch (meta.type) {
    case 'keepalive':
      return;
    case 'reasoning':
      if (!message) return;
      draft.tokens += message.split(/\s+/).filter(Boolean).length;
      if (last?.kind === 'agent')
        items[items.length - 1] = { ...last, text: last.text + message };
      else items.push({ kind: 'agent', key, text: message });
      return;
    case 'reasoning_content': {
      const redacted = meta.redacted === true;
      if (last?.kind === 'thinking' && last.redacted === redacted)
        items[items.length - 1] = { ...last, text: last.text + message };
      else items.push({ kind: 'thinking', key, text: message, redacted });
      return;
    }
    case 'approval_request': {
      const body = parseJson(message);
      items.push({
        kind: 'approval',
        key,
        request: {
          name: text(body.name) ?? '',
          remediation: text(body.remediationRequestName),
          confidence: num(body.confidence),
          whyApprovalRequired:
            text(body.whyApprovalRequired) ?? text(body.reason),
          requiredBy: text(body.requiredBy),
        },
      });
      return;
    }
    case 'approval_request_resolved': {
      const body = parseJson(message);
      items.push({
        kind: 'decision',
        key,
        decision: text(body.decision) ?? 'Decided',
        decidedBy: text(body.decidedBy),
        message: text(body.decisionMessage),
      });
      return;
    }
    case 'verification_step':
      items.push({
        kind: 'progress',
        key,
        text:
          message ||
          [meta.step, meta.step_status, meta.detail]
            .filter(Boolean)
            .join(' · '),
      });
      return;
    default:
      break;
  }
  const tool = text(meta.tool_name);
  if (tool) {
    if (meta.tool_status === 'completed') {
      for (let i = items.length - 1; i >= 0; i--) {
        const item = items[i];
        if (item.kind === 'tool' && item.tool === tool && !item.done) {
          const prefix = `${tool}: `;
          items[i] = {
            ...item,
            done: true,
            result: message.startsWith(prefix)
              ? message.slice(prefix.length)
              : message,
          };
          return;
        }
      }
    }
    items.push({
      kind: 'tool',
      key,
      tool,
      args: text(meta.tool_args),
      done: meta.tool_status === 'completed',
    });
    return;
  }
  const calling = /^Calling ([\w.-]+)\.\.\.$/.exec(message);
  if (calling) {
    items.push({ kind: 'tool', key, tool: calling[1], done: false });
    return;
  }
  if (message) items.push({ kind: 'progress', key, text: message });
}

/** The events numbered above `lastSeq`, each number once (a resumed stream may repeat one). */
export function newEvents(
  lastSeq: number,
  events: InvestigationEvent[],
): InvestigationEvent[] {
  const fresh: InvestigationEvent[] = [];
  let last = lastSeq;
  for (const event of events) {
    if (event.seq <= last) continue;
    fresh.push(event);
    last = event.seq;
  }
  return fresh;
}

/**
 * Folds numbered investigation events into the chat transcript. Events at or below `lastSeq`
 * are ignored, so a resumed stream can never show one twice. Untouched items keep their
 * identity, so only the item that grew re-renders.
 */
export function foldEvents(
  transcript: Transcript,
  events: InvestigationEvent[],
): Transcript {
  const fresh = newEvents(transcript.lastSeq, events);
  if (fresh.length === 0) return transcript;
  const draft: Transcript = { ...transcript };
  const items = [...transcript.items];
  for (const event of fresh) {
    draft.lastSeq = event.seq;
    const payload = record(event.payload);
    const key = String(event.seq);
    switch (event.type) {
      case 'user-message':
        items.push({
          kind: 'user',
          key,
          user: text(payload.user) ?? 'someone',
          text: text(payload.text) ?? '',
        });
        break;
      case 'a2a':
        foldA2A(draft, items, payload, key);
        break;
      case 'phase': {
        const phase = text(payload.phase);
        if (!phase || phase === draft.phase) break;
        draft.phase = phase;
        const meta = record(payload.metadata);
        items.push({
          kind: 'phase',
          key,
          phase,
          detail:
            text(meta.outcome) ??
            text(meta.failure_reason) ??
            text(meta.block_reason) ??
            text(meta.workflow_id),
        });
        break;
      }
      case 'joined':
        items.push({
          kind: 'joined',
          key,
          user: text(payload.user) ?? 'someone',
        });
        break;
      case 'interrupted':
        items.push({
          kind: 'notice',
          key,
          severity: 'warning',
          text: text(payload.message) ?? 'The stream was interrupted.',
        });
        break;
      case 'error':
        items.push({
          kind: 'notice',
          key,
          severity: 'error',
          text: text(payload.message) ?? 'The investigation failed.',
        });
        break;
      default:
        break;
    }
  }
  draft.items = items;
  return draft;
}
