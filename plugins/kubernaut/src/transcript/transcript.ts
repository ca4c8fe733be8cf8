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
  /** An early assessment (`early_rca`), before the investigation's decision card. */
  provisional?: boolean;
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
      /**
       * Announced as text only ("Calling X..."), as upstream's agent streams tool calls: no result
       * ever comes, so the call counts as done once anything else happens.
       */
      textOnly?: boolean;
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
  | { kind: 'watching'; key: string; user: string; remediation?: string }
  | {
      kind: 'history';
      key: string;
      remediation?: string;
      phase?: string;
      /** The audit trail Kubernaut recorded before the watch began, oldest first. */
      events: Array<{
        type: string;
        at?: string;
        outcome?: string;
        actor?: string;
      }>;
      unavailable: boolean;
    }
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

/** JSON that upstream builds by string formatting (early_rca): parsed when it parses, else nothing. */
function looseJson(value: string): Json {
  const start = value.indexOf('{');
  const end = value.lastIndexOf('}');
  if (start < 0 || end <= start) return {};
  try {
    return record(JSON.parse(value.slice(start, end + 1)));
  } catch {
    return {};
  }
}

/**
 * early_rca's text is JSON built by string formatting, unescaped: a summary with a quote in it
 * does not parse. Then the fields are read in the order upstream writes them.
 */
function earlyRcaFields(value: string): Json {
  const parsed = looseJson(value);
  if (Object.keys(parsed).length) return parsed;
  const field = (name: string) =>
    new RegExp(`"${name}":"([^"]*)"`).exec(value)?.[1];
  const confidence = /"confidence":([\d.]+)/.exec(value)?.[1];
  return {
    severity: field('severity'),
    target: field('target'),
    confidence: confidence === undefined ? undefined : Number(confidence),
    rca_summary: /"rca_summary":"([\s\S]*)"\s*\}\s*$/.exec(value)?.[1],
  };
}

/** A decision card that arrived as text only: `Decision: <summary>` (or JSON, older builds). */
function decisionFromText(value: string): Json {
  const parsed = parseJson(value.trim().startsWith('{') ? value : undefined);
  if (Object.keys(parsed).length) return parsed;
  return { summary: value.replace(/^\s*Decision:\s*/, '').trim() };
}

/** One RCA card per turn: a later card (the decision after early_rca, or a second artifact) replaces it. */
function putRca(
  items: TranscriptItem[],
  item: Extract<TranscriptItem, { kind: 'rca' }>,
) {
  for (let i = items.length - 1; i >= 0; i--) {
    const kind = items[i].kind;
    if (kind === 'user') break;
    if (kind === 'rca') {
      items[i] = { ...item, key: items[i].key };
      return;
    }
  }
  items.push(item);
}

/**
 * A tool call announced as text ends when the agent moves on. Every event but a keepalive closes
 * it, so only the last item can be one still open.
 */
function closeTextOnlyTools(items: TranscriptItem[]) {
  const last = items[items.length - 1];
  if (last?.kind === 'tool' && last.textOnly && !last.done)
    items[items.length - 1] = { ...last, done: true };
}

/**
 * What Kubernaut recorded before a watch began: the audit trail, and the analysis and approval
 * the remediation carries (from its custom resources), shown as the conversation would have.
 */
function foldHistory(
  draft: Transcript,
  items: TranscriptItem[],
  payload: Json,
  key: string,
) {
  draft.remediation = text(payload.remediation) ?? draft.remediation;
  draft.phase = text(payload.phase) ?? draft.phase;
  items.push({
    kind: 'history',
    key,
    remediation: text(payload.remediation),
    phase: text(payload.phase),
    events: (Array.isArray(payload.audit) ? payload.audit : []).map(raw => {
      const e = record(raw);
      return {
        type: text(e.type) ?? 'event',
        at: text(e.at),
        outcome: text(e.outcome),
        actor: text(e.actor),
      };
    }),
    unavailable: payload.auditStatus === 'unavailable',
  });
  const analysis = record(payload.analysis);
  if (text(analysis.summary) || text(analysis.rootCause)) {
    const selected = record(analysis.selectedWorkflow);
    items.push({
      kind: 'rca',
      key: `${key}:analysis`,
      rca: {
        ...readRootCauseAnalysis({
          summary: text(analysis.summary) ?? text(analysis.rootCause) ?? '',
          rca: {
            root_cause: analysis.rootCause,
            contributing_factors: analysis.contributingFactors,
            confidence: selected.confidence,
          },
          options: text(selected.name)
            ? [
                {
                  workflow_id: selected.workflowId,
                  name: selected.name,
                  confidence: selected.confidence,
                  description: selected.rationale,
                  recommended: true,
                  parameters: selected.parameters,
                },
              ]
            : [],
        }),
      },
    });
  }
  const approval = record(payload.approval);
  if (text(approval.name) && !text(approval.decision))
    items.push({
      kind: 'approval',
      key: `${key}:approval`,
      request: {
        name: text(approval.name)!,
        remediation: text(payload.remediation),
        requiredBy: text(approval.requiredBy),
      },
    });
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
    closeTextOnlyTools(items);
    const artifact = record(result.artifact);
    const meta = record(artifact.metadata);
    const parts = Array.isArray(artifact.parts) ? artifact.parts : [];
    const data = record(
      record(parts.find(p => record(p).kind === 'data')).data,
    );
    // Upstream tags the decision card by schema (type "decision"); older builds by type or name.
    const schema = text(meta.schema) ?? text(meta.type) ?? text(artifact.name);
    if (schema === 'investigation_summary') {
      const body = Object.keys(data).length
        ? data
        : decisionFromText(partsText(parts));
      putRca(items, { kind: 'rca', key, rca: readRootCauseAnalysis(body) });
      if (typeof body.rr_id === 'string') draft.remediation = body.rr_id;
      return;
    }
    if (text(meta.type) === 'execution_progress') {
      const phase = text(data.current_phase);
      items.push({
        kind: 'progress',
        key,
        text: phase ? `Execution progress: ${phase}` : partsText(parts),
      });
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
  if (meta.type === 'keepalive') return;
  closeTextOnlyTools(items);
  if (result.final === true && status.state === 'failed' && message) {
    items.push({ kind: 'notice', key, severity: 'error', text: message });
    return;
  }
  switch (meta.type) {
    case 'decision': {
      // early_rca: a provisional assessment as a status update whose text is JSON.
      if (meta.schema !== 'early_rca') break;
      const body = earlyRcaFields(message);
      putRca(items, {
        kind: 'rca',
        key,
        rca: {
          ...readRootCauseAnalysis({
            summary: text(body.rca_summary) ?? '',
            rca: {
              severity: body.severity,
              confidence: body.confidence,
              target: body.target,
            },
          }),
          provisional: true,
        },
      });
      return;
    }
    case 'alignment_check_failed': {
      const body = looseJson(message);
      const flagged = num(body.flagged);
      const total = num(body.total);
      items.push({
        kind: 'notice',
        key,
        severity: 'warning',
        text: `Alignment check ${text(body.result) ?? 'failed'}${
          flagged !== undefined && total !== undefined
            ? ` (${flagged} of ${total} steps flagged)`
            : ''
        }${text(body.summary) ? `: ${text(body.summary)}` : ''}`,
      });
      return;
    }
    case 'output': {
      // kubernaut_watch's result: steps as JSON; show where it got to, never the raw JSON.
      const steps = Array.isArray(looseJson(message).steps)
        ? (looseJson(message).steps as unknown[]).map(record)
        : [];
      const latest = steps[steps.length - 1];
      if (latest && text(latest.label))
        items.push({ kind: 'progress', key, text: text(latest.label)! });
      else if (message && !message.trimStart().startsWith('{'))
        items.push({ kind: 'progress', key, text: message });
      return;
    }
    case 'investigation':
      if (meta.terminal === true)
        items.push({
          kind: 'notice',
          key,
          severity: 'warning',
          text: message || 'The agent session ended.',
        });
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
  const calling = /^Calling ([\w.-]+)(?:\.\.\.|…)\s*$/.exec(message);
  if (calling) {
    items.push({
      kind: 'tool',
      key,
      tool: calling[1],
      done: false,
      textOnly: true,
    });
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
        closeTextOnlyTools(items);
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
      case 'watching':
        items.push({
          kind: 'watching',
          key,
          user: text(payload.user) ?? 'someone',
          remediation: text(payload.remediation),
        });
        break;
      case 'history':
        foldHistory(draft, items, payload, key);
        break;
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
