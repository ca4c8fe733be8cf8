import type {
  ApprovalRequestCard,
  HistoryEntry,
  InvestigationEvent,
  PhaseDetails,
  RootCauseAnalysis,
  SteeringOutcome,
  TranscriptEventPayloads,
  VerificationStepView,
} from '@kubernaut/plugin-kubernaut-common';

export type {
  ApprovalRequestCard,
  RootCauseAnalysis,
  WorkflowOption,
} from '@kubernaut/plugin-kubernaut-common';

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
  | {
      kind: 'phase';
      key: string;
      phase: string;
      /** When the console saw the phase begin (its event's stored time). */
      at?: string;
      detail?: string;
      /** Verification steps reported in this phase so far, oldest first. */
      steps: VerificationStepView[];
      /** In Verifying: the assessment's phase and when stabilization ends, latest reported. */
      effectivenessPhase?: string;
      stabilizationDeadline?: string;
    }
  | { kind: 'joined'; key: string; user: string }
  | { kind: 'taken-over'; key: string; user: string; remediation?: string }
  | { kind: 'steered'; key: string; outcome: SteeringOutcome }
  | { kind: 'watching'; key: string; user: string; remediation?: string }
  | {
      kind: 'history';
      key: string;
      remediation?: string;
      phase?: string;
      /** The audit trail Kubernaut recorded before the watch began, oldest first. */
      events: HistoryEntry[];
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
  /** Who took the remediation over from the autonomous run, once someone did. */
  driver?: string;
  /** Agent tokens folded in, for the stream statistics. */
  tokens: number;
}

export const emptyTranscript: Transcript = { items: [], lastSeq: 0, tokens: 0 };

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
 * A tool call announced as text ends when the agent moves on: any later event closes it, so
 * only the last item can be one still open.
 */
function closeTextOnlyTools(items: TranscriptItem[]) {
  const last = items[items.length - 1];
  if (last?.kind === 'tool' && last.textOnly && !last.done)
    items[items.length - 1] = { ...last, done: true };
}

/** The result of the latest open call of a tool; a result with no open call shows as a done call. */
function completeTool(
  items: TranscriptItem[],
  tool: string,
  result: string,
  key: string,
) {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item.kind === 'tool' && item.tool === tool && !item.done) {
      items[i] = { ...item, done: true, result };
      return;
    }
  }
  items.push({ kind: 'tool', key, tool, done: true, result });
}

/** Text that streams in pieces grows the last item of its kind, so it reads as one message. */
function appendText(
  items: TranscriptItem[],
  item: Extract<TranscriptItem, { kind: 'agent' | 'answer' }>,
) {
  const last = items[items.length - 1];
  if (last?.kind === item.kind)
    items[items.length - 1] = { ...last, text: last.text + item.text };
  else items.push(item);
}

function phaseDetail(details: PhaseDetails): string | undefined {
  return (
    details.outcome ??
    details.failureReason ??
    details.blockMessage ??
    details.blockReason ??
    details.skipReason ??
    details.workflowId
  );
}

/** A new phase adds a line; more of the same phase (verification steps) grows that line. */
function foldPhase(
  draft: Transcript,
  items: TranscriptItem[],
  payload: TranscriptEventPayloads['phase'],
  key: string,
  at?: string,
) {
  const { effectivenessPhase, stabilizationDeadline } = payload.details;
  if (payload.phase === draft.phase) {
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i];
      if (item.kind === 'phase' && item.phase === payload.phase) {
        if (
          !payload.verificationSteps.length &&
          effectivenessPhase === item.effectivenessPhase &&
          stabilizationDeadline === item.stabilizationDeadline
        )
          return;
        items[i] = {
          ...item,
          steps: [...item.steps, ...payload.verificationSteps],
          effectivenessPhase: effectivenessPhase ?? item.effectivenessPhase,
          stabilizationDeadline:
            stabilizationDeadline ?? item.stabilizationDeadline,
        };
        return;
      }
    }
  }
  draft.phase = payload.phase;
  items.push({
    kind: 'phase',
    key,
    phase: payload.phase,
    at,
    detail: phaseDetail(payload.details),
    steps: payload.verificationSteps,
    effectivenessPhase,
    stabilizationDeadline,
  });
}

function foldHistory(
  draft: Transcript,
  items: TranscriptItem[],
  payload: TranscriptEventPayloads['history'],
  key: string,
) {
  draft.remediation = payload.remediation ?? draft.remediation;
  draft.phase = payload.phase ?? draft.phase;
  items.push({
    kind: 'history',
    key,
    remediation: payload.remediation,
    phase: payload.phase,
    events: payload.events,
    unavailable: payload.unavailable,
  });
  if (payload.analysis)
    items.push({ kind: 'rca', key: `${key}:analysis`, rca: payload.analysis });
  if (payload.pendingApproval)
    items.push({
      kind: 'approval',
      key: `${key}:approval`,
      request: payload.pendingApproval,
    });
}

/** Folds one typed event into the items (and the draft's state). */
function foldEvent(
  draft: Transcript,
  items: TranscriptItem[],
  event: InvestigationEvent,
) {
  const key = String(event.seq);
  if (event.type !== 'tool-result') closeTextOnlyTools(items);
  switch (event.type) {
    case 'user-message':
      items.push({
        kind: 'user',
        key,
        user: event.payload.user,
        text: event.payload.text,
      });
      return;
    case 'agent-text':
      draft.tokens += event.payload.text.split(/\s+/).filter(Boolean).length;
      appendText(items, { kind: 'agent', key, text: event.payload.text });
      return;
    case 'thinking': {
      const last = items[items.length - 1];
      const { text, redacted } = event.payload;
      if (last?.kind === 'thinking' && last.redacted === redacted)
        items[items.length - 1] = { ...last, text: last.text + text };
      else items.push({ kind: 'thinking', key, text, redacted });
      return;
    }
    case 'tool-call':
      items.push({
        kind: 'tool',
        key,
        tool: event.payload.tool,
        args: event.payload.args,
        done: false,
        textOnly: event.payload.textOnly,
      });
      return;
    case 'tool-result':
      completeTool(items, event.payload.tool, event.payload.result, key);
      return;
    case 'progress':
      items.push({ kind: 'progress', key, text: event.payload.text });
      return;
    case 'analysis':
      putRca(items, { kind: 'rca', key, rca: event.payload.rca });
      draft.remediation = event.payload.remediation ?? draft.remediation;
      return;
    case 'answer':
      if (event.payload.append)
        appendText(items, { kind: 'answer', key, text: event.payload.text });
      else items.push({ kind: 'answer', key, text: event.payload.text });
      return;
    case 'approval-request':
      items.push({ kind: 'approval', key, request: event.payload });
      return;
    case 'approval-decided':
      items.push({ kind: 'decision', key, ...event.payload });
      return;
    case 'agent-state':
      draft.agentState = event.payload.state;
      draft.remediation = event.payload.remediation ?? draft.remediation;
      draft.phase = event.payload.phase ?? draft.phase;
      return;
    case 'phase':
      foldPhase(draft, items, event.payload, key, event.createdAt);
      return;
    case 'notice':
      items.push({ kind: 'notice', key, ...event.payload });
      return;
    case 'watching':
      items.push({
        kind: 'watching',
        key,
        user: event.payload.user,
        remediation: event.payload.remediation,
      });
      return;
    case 'history':
      foldHistory(draft, items, event.payload, key);
      return;
    case 'joined':
      items.push({ kind: 'joined', key, user: event.payload.user });
      return;
    case 'taken-over':
      draft.driver = event.payload.user;
      items.push({ kind: 'taken-over', key, ...event.payload });
      return;
    case 'steered':
      items.push({ kind: 'steered', key, outcome: event.payload });
      return;
    case 'interrupted':
      items.push({
        kind: 'notice',
        key,
        severity: 'warning',
        text: event.payload.message,
      });
      return;
    case 'error':
      items.push({
        kind: 'notice',
        key,
        severity: 'error',
        text: event.payload.message,
      });
      return;
    default:
      // An event type this browser does not know (a newer backend): nothing to show.
      return;
  }
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
    foldEvent(draft, items, event);
  }
  draft.items = items;
  return draft;
}
