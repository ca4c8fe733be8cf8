import type {
  InvestigationEvent,
  RootCauseAnalysis,
  TranscriptEventBody,
} from '@kubernaut/plugin-kubernaut-common';
import { emptyTranscript, foldEvents } from './transcript';

let seq = 0;
const event = (body: TranscriptEventBody): InvestigationEvent => ({
  ...body,
  seq: ++seq,
  createdAt: '2026-11-24T10:00:00Z',
});
const said = (text: string) => event({ type: 'agent-text', payload: { text } });
const analysis = (
  summary: string,
  extra: Partial<RootCauseAnalysis> = {},
): RootCauseAnalysis => ({
  summary,
  causalChain: [],
  contributingFactors: [],
  evidence: [],
  affectedComponents: [],
  options: [],
  ...extra,
});

beforeEach(() => {
  seq = 0;
});

describe('foldEvents', () => {
  it('streams narration into one agent message and pairs tool calls with their results', () => {
    const t = foldEvents(emptyTranscript, [
      event({
        type: 'user-message',
        payload: { user: 'user:default/alice', text: 'why?' },
      }),
      event({
        type: 'agent-state',
        payload: {
          state: 'working',
          remediation: 'rr-checkout',
          phase: 'Analyzing',
        },
      }),
      said('Checking events '),
      said('first.'),
      event({
        type: 'tool-call',
        payload: { tool: 'kubectl_list_events', args: '{"namespace":"demo"}' },
      }),
      event({
        type: 'tool-result',
        payload: { tool: 'kubectl_list_events', result: '14 OOMKilled events' },
      }),
      said('Found it.'),
    ]);
    expect(t.items).toEqual([
      expect.objectContaining({ kind: 'user', text: 'why?' }),
      expect.objectContaining({
        kind: 'agent',
        text: 'Checking events first.',
      }),
      expect.objectContaining({
        kind: 'tool',
        tool: 'kubectl_list_events',
        args: '{"namespace":"demo"}',
        result: '14 OOMKilled events',
        done: true,
      }),
      expect.objectContaining({ kind: 'agent', text: 'Found it.' }),
    ]);
    expect(t.lastSeq).toBe(7);
    expect(t.remediation).toBe('rr-checkout');
    expect(t.phase).toBe('Analyzing');
    expect(t.agentState).toBe('working');
    expect(t.tokens).toBe(5);
  });

  it('never folds an event twice, and keeps the identity of items that did not change', () => {
    const first = foldEvents(emptyTranscript, [
      event({ type: 'user-message', payload: { user: 'u', text: 'hi' } }),
      said('one '),
    ]);
    const again = foldEvents(first, [
      { seq: 2, type: 'agent-text', createdAt: '', payload: { text: 'x' } },
    ]);
    expect(again).toBe(first);
    const repeated = foldEvents(first, [
      { seq: 3, type: 'joined', createdAt: '', payload: { user: 'bob' } },
      { seq: 3, type: 'joined', createdAt: '', payload: { user: 'bob' } },
    ]);
    expect(repeated.items).toHaveLength(first.items.length + 1);
    expect(repeated.lastSeq).toBe(3);
    const next = foldEvents(first, [said('two')]);
    expect(next.items[0]).toBe(first.items[0]);
    expect(next.items[1]).toEqual(
      expect.objectContaining({ kind: 'agent', text: 'one two' }),
    );
  });

  it('keeps one analysis card per turn: the decision replaces the early assessment', () => {
    const early = foldEvents(emptyTranscript, [
      event({ type: 'user-message', payload: { user: 'u', text: 'why?' } }),
      event({
        type: 'analysis',
        payload: { rca: analysis('early', { provisional: true }) },
      }),
      said('Looking closer.'),
      event({
        type: 'analysis',
        payload: { rca: analysis('final'), remediation: 'rr-1' },
      }),
    ]);
    const cards = early.items.filter(i => i.kind === 'rca');
    expect(cards).toEqual([
      expect.objectContaining({
        key: '2',
        rca: expect.objectContaining({ summary: 'final' }),
      }),
    ]);
    expect(early.remediation).toBe('rr-1');
    const nextTurn = foldEvents(early, [
      event({ type: 'user-message', payload: { user: 'u', text: 'and?' } }),
      event({ type: 'analysis', payload: { rca: analysis('second turn') } }),
    ]);
    expect(nextTurn.items.filter(i => i.kind === 'rca')).toHaveLength(2);
  });

  it('ends a tool call announced as text when anything else happens: no spinner forever', () => {
    const t = foldEvents(emptyTranscript, [
      event({
        type: 'tool-call',
        payload: { tool: 'kubectl_get_pods', textOnly: true },
      }),
    ]);
    expect(t.items[0]).toEqual(
      expect.objectContaining({ kind: 'tool', done: false }),
    );
    const ended = foldEvents(t, [
      event({ type: 'agent-state', payload: { state: 'input-required' } }),
    ]);
    expect(ended.items[0]).toEqual(expect.objectContaining({ done: true }));
    expect(ended.agentState).toBe('input-required');
  });

  it('turns approvals, decisions, phases and notices into their own items', () => {
    const t = foldEvents(emptyTranscript, [
      event({
        type: 'approval-request',
        payload: { name: 'rar-rr-1', whyApprovalRequired: 'production' },
      }),
      event({
        type: 'approval-decided',
        payload: { decision: 'Approved', decidedBy: 'alice' },
      }),
      event({
        type: 'phase',
        payload: {
          phase: 'Executing',
          final: false,
          details: { workflowId: 'w' },
          verificationSteps: [],
        },
      }),
      event({
        type: 'phase',
        payload: {
          phase: 'Executing',
          final: false,
          details: {},
          verificationSteps: [],
        },
      }),
      event({ type: 'joined', payload: { user: 'user:default/bob' } }),
      event({ type: 'interrupted', payload: { message: 'dropped' } }),
      event({ type: 'error', payload: { message: 'API Frontend is down' } }),
      event({
        type: 'notice',
        payload: { severity: 'warning', text: 'Alignment check failed' },
      }),
    ]);
    expect(t.items.map(i => i.kind)).toEqual([
      'approval',
      'decision',
      'phase',
      'joined',
      'notice',
      'notice',
      'notice',
    ]);
    expect(t.items[2]).toEqual(
      expect.objectContaining({ phase: 'Executing', detail: 'w' }),
    );
    expect(t.phase).toBe('Executing');
  });

  it('grows the Verifying line with each verification step the status stream reports', () => {
    const step = (name: string) => ({
      step: name,
      status: 'completed',
      detail: name,
    });
    const t = foldEvents(emptyTranscript, [
      event({
        type: 'phase',
        payload: {
          phase: 'Verifying',
          final: false,
          details: {},
          verificationSteps: [step('stabilization_elapsed')],
        },
      }),
      said('Waiting for the assessment.'),
      event({
        type: 'phase',
        payload: {
          phase: 'Verifying',
          final: false,
          details: {},
          verificationSteps: [step('health_assessed')],
        },
      }),
    ]);
    expect(t.items.filter(i => i.kind === 'phase')).toEqual([
      expect.objectContaining({
        phase: 'Verifying',
        steps: [step('stabilization_elapsed'), step('health_assessed')],
      }),
    ]);
  });

  it('shows a watch: history, the remediation’s analysis and its pending approval', () => {
    const t = foldEvents(emptyTranscript, [
      event({
        type: 'watching',
        payload: { user: 'user:default/bob', remediation: 'rr-1' },
      }),
      event({
        type: 'history',
        payload: {
          remediation: 'rr-1',
          phase: 'AwaitingApproval',
          events: [{ type: 'gateway.signal.received' }],
          unavailable: false,
          analysis: analysis('OOM'),
          pendingApproval: { name: 'rar-rr-1' },
        },
      }),
    ]);
    expect(t.items.map(i => i.kind)).toEqual([
      'watching',
      'history',
      'rca',
      'approval',
    ]);
    expect(t.remediation).toBe('rr-1');
    expect(t.phase).toBe('AwaitingApproval');
  });

  it('shows nothing for an event type it does not know', () => {
    const t = foldEvents(emptyTranscript, [
      { seq: 1, type: 'from-a-newer-backend', createdAt: '', payload: {} },
    ] as unknown as InvestigationEvent[]);
    expect(t.lastSeq).toBe(1);
    expect(t.items).toEqual([]);
  });
});
