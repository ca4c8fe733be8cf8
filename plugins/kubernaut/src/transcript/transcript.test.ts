import type { InvestigationEvent } from '@kubernaut/plugin-kubernaut-common';
import { emptyTranscript, foldEvents } from './transcript';

let seq = 0;
const event = (type: string, payload: unknown): InvestigationEvent => ({
  seq: ++seq,
  type,
  createdAt: '2026-11-24T10:00:00Z',
  payload,
});
const status = (
  type: string,
  text?: string,
  extra: Record<string, unknown> = {},
  state = 'working',
) =>
  event('a2a', {
    kind: 'status-update',
    taskId: 't',
    contextId: 'c',
    status: {
      state,
      ...(text !== undefined
        ? { message: { role: 'agent', parts: [{ kind: 'text', text }] } }
        : {}),
    },
    metadata: { type, rr_id: 'rr-checkout', phase: 'Analyzing', ...extra },
  });

beforeEach(() => {
  seq = 0;
});

describe('foldEvents', () => {
  it('streams narration into one agent message and pairs tool calls with their results', () => {
    const t = foldEvents(emptyTranscript, [
      event('user-message', { user: 'user:default/alice', text: 'why?' }),
      status('reasoning', 'Checking events '),
      status('reasoning', 'first.'),
      status('status', 'Calling kubectl_list_events...', {
        tool_name: 'kubectl_list_events',
        tool_args: '{"namespace":"demo"}',
        tool_status: 'started',
      }),
      status('keepalive'),
      status('status', 'kubectl_list_events: 14 OOMKilled events', {
        tool_name: 'kubectl_list_events',
        tool_status: 'completed',
      }),
      status('reasoning', 'Found it.'),
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
    expect(t.tokens).toBe(5);
  });

  it('never folds an event twice, and keeps the identity of items that did not change', () => {
    const first = foldEvents(emptyTranscript, [
      event('user-message', { user: 'u', text: 'hi' }),
      status('reasoning', 'one '),
    ]);
    const again = foldEvents(first, [
      { seq: 2, type: 'a2a', createdAt: '', payload: {} },
    ] as InvestigationEvent[]);
    expect(again).toBe(first);
    const repeated = foldEvents(first, [
      { seq: 3, type: 'joined', createdAt: '', payload: { user: 'bob' } },
      { seq: 3, type: 'joined', createdAt: '', payload: { user: 'bob' } },
    ] as InvestigationEvent[]);
    expect(repeated.items).toHaveLength(first.items.length + 1);
    expect(repeated.lastSeq).toBe(3);
    const next = foldEvents(first, [status('reasoning', 'two')]);
    expect(next.items[0]).toBe(first.items[0]);
    expect(next.items[1]).toEqual(
      expect.objectContaining({ kind: 'agent', text: 'one two' }),
    );
  });

  it('reads the investigation summary artifact into an RCA with workflow options', () => {
    const t = foldEvents(emptyTranscript, [
      event('a2a', {
        kind: 'artifact-update',
        artifact: {
          metadata: { type: 'investigation_summary' },
          parts: [
            {
              kind: 'data',
              data: {
                rr_id: 'rr-1',
                summary: 'A config reload enabled an unbounded cache',
                rca: {
                  root_cause: 'unbounded cache',
                  confidence: 0.91,
                  causal_chain: ['config change', 'cache growth', 'OOMKilled'],
                  evidence: ['14 OOMKilled events'],
                  contributing_factors: ['512Mi limit'],
                },
                options: [
                  {
                    workflow_id: 'rollback-config-v1',
                    name: 'rollback-config',
                    risk: 'low',
                    confidence: 0.85,
                    recommended: true,
                    parameters: { REVISION: 'v42', REPLICAS: 3 },
                  },
                  { workflow_id: 'x', ruled_out_reason: 'too risky' },
                ],
              },
            },
            { kind: 'text', text: 'fallback' },
          ],
        },
      }),
    ]);
    const item = t.items[0];
    expect(item.kind).toBe('rca');
    if (item.kind !== 'rca') return;
    expect(item.rca).toEqual(
      expect.objectContaining({
        summary: 'A config reload enabled an unbounded cache',
        rootCause: 'unbounded cache',
        confidence: 0.91,
        causalChain: ['config change', 'cache growth', 'OOMKilled'],
        contributingFactors: ['512Mi limit'],
      }),
    );
    expect(item.rca.options[0]).toEqual(
      expect.objectContaining({
        name: 'rollback-config',
        recommended: true,
        parameters: { REVISION: 'v42', REPLICAS: '3' },
      }),
    );
    expect(item.rca.options[1]).toEqual(
      expect.objectContaining({ name: 'x', ruledOutReason: 'too risky' }),
    );
    expect(t.remediation).toBe('rr-1');
  });

  it('turns approval requests, decisions, phases and notices into their own items', () => {
    const t = foldEvents(emptyTranscript, [
      status(
        'approval_request',
        JSON.stringify({
          name: 'rar-rr-1',
          confidence: 0.7,
          whyApprovalRequired: 'production namespace',
          requiredBy: '2026-11-24T11:00:00Z',
        }),
        {},
        'input-required',
      ),
      status(
        'approval_request_resolved',
        JSON.stringify({ decision: 'Approved', decidedBy: 'alice' }),
      ),
      event('phase', { phase: 'Executing', metadata: { workflow_id: 'w' } }),
      event('phase', { phase: 'Executing' }),
      event('joined', { user: 'user:default/bob' }),
      event('interrupted', { message: 'dropped' }),
      event('error', { message: 'API Frontend is down' }),
      status('reasoning', 'not json', {}, 'completed'),
    ]);
    expect(t.items.map(i => i.kind)).toEqual([
      'approval',
      'decision',
      'phase',
      'joined',
      'notice',
      'notice',
      'agent',
    ]);
    expect(t.items[0]).toEqual(
      expect.objectContaining({
        request: expect.objectContaining({
          name: 'rar-rr-1',
          whyApprovalRequired: 'production namespace',
        }),
      }),
    );
    expect(t.agentState).toBe('completed');
  });

  it('survives malformed payloads without throwing', () => {
    const t = foldEvents(emptyTranscript, [
      event('a2a', null),
      event('a2a', { kind: 'status-update', status: 'x', metadata: [] }),
      status('approval_request', '{not json'),
      event('a2a', { kind: 'artifact-update', artifact: { parts: 'no' } }),
      event('phase', { phase: 42 }),
      event('unknown-kind', {}),
    ]);
    expect(t.lastSeq).toBe(6);
    expect(t.items.map(i => i.kind)).toEqual(['approval']);
  });
});

/** What upstream's API Frontend streams (`pkg/apifrontend/launcher/part_converter.go`, `event_bridge.go`). */
describe('foldEvents on upstream API Frontend frames', () => {
  const decisionArtifact = (parts: unknown[]) =>
    event('a2a', {
      kind: 'artifact-update',
      taskId: 't',
      contextId: 'c',
      lastChunk: true,
      artifact: {
        artifactId: 'a-1',
        parts,
        metadata: {
          type: 'decision',
          schema: 'investigation_summary',
          schema_version: '1.0',
        },
      },
    });

  it('recognises the decision card by its schema, without an artifact name', () => {
    const t = foldEvents(emptyTranscript, [
      decisionArtifact([
        {
          kind: 'data',
          data: {
            session_id: 's',
            summary: 'Unbounded cache after a config reload',
            rca: { severity: 'high', confidence: 0.85, target: 'Deployment/x' },
            options: [
              {
                workflow_id: 'w-1',
                name: 'rollback-config',
                recommended: true,
              },
            ],
          },
          metadata: { mediaType: 'application/json' },
        },
        {
          kind: 'text',
          text: 'Decision: Unbounded cache after a config reload\n\n',
        },
      ]),
    ]);
    expect(t.items).toEqual([
      expect.objectContaining({
        kind: 'rca',
        rca: expect.objectContaining({
          summary: 'Unbounded cache after a config reload',
          severity: 'high',
          options: [expect.objectContaining({ name: 'rollback-config' })],
        }),
      }),
    ]);
  });

  it('reads a text-only decision (`Decision: …`) as an RCA card, not an answer', () => {
    const t = foldEvents(emptyTranscript, [
      decisionArtifact([
        { kind: 'text', text: 'Decision: Memory limit too low\n\n' },
      ]),
    ]);
    expect(t.items).toEqual([
      expect.objectContaining({
        kind: 'rca',
        rca: expect.objectContaining({ summary: 'Memory limit too low' }),
      }),
    ]);
  });

  it('shows early_rca as a provisional card that the decision then replaces', () => {
    const early = foldEvents(emptyTranscript, [
      status(
        'decision',
        '{"severity":"high","confidence":0.60,"target":"Deployment/x","rca_summary":"Severity assessed from "metadata""}',
        { schema: 'early_rca', schema_version: '1.0' },
      ),
    ]);
    expect(early.items).toEqual([
      expect.objectContaining({
        kind: 'rca',
        rca: expect.objectContaining({
          provisional: true,
          severity: 'high',
          confidence: 0.6,
          target: 'Deployment/x',
          summary: 'Severity assessed from "metadata"',
        }),
      }),
    ]);
    const decided = foldEvents(early, [
      decisionArtifact([{ kind: 'text', text: 'Decision: final\n\n' }]),
    ]);
    expect(decided.items).toHaveLength(1);
    expect(decided.items[0]).toEqual(
      expect.objectContaining({
        kind: 'rca',
        rca: expect.objectContaining({ summary: 'final' }),
      }),
    );
    expect((decided.items[0] as any).rca.provisional).toBeUndefined();
  });

  it('ends a tool call announced as text when the agent moves on: no spinner forever', () => {
    const t = foldEvents(emptyTranscript, [
      status('status', 'Calling kubectl_get_pods...'),
      status('keepalive'),
    ]);
    expect(t.items).toEqual([
      expect.objectContaining({
        kind: 'tool',
        tool: 'kubectl_get_pods',
        done: false,
      }),
    ]);
    const next = foldEvents(t, [status('reasoning', 'The pods restart.')]);
    expect(next.items[0]).toEqual(
      expect.objectContaining({ kind: 'tool', done: true }),
    );
    const ended = foldEvents(t, [
      event('a2a', {
        kind: 'status-update',
        final: true,
        status: { state: 'input-required' },
        metadata: {},
      }),
    ]);
    expect(ended.items[0]).toEqual(expect.objectContaining({ done: true }));
  });

  it('renders execution_progress, alignment checks and watch output in words, never raw JSON', () => {
    const t = foldEvents(emptyTranscript, [
      event('a2a', {
        kind: 'artifact-update',
        artifact: {
          parts: [
            {
              kind: 'data',
              data: {
                type: 'execution_progress',
                rr_name: 'rr-1',
                current_phase: 'Executing',
              },
            },
            { kind: 'text', text: 'Progress: Executing' },
          ],
          metadata: { type: 'execution_progress' },
        },
      }),
      status(
        'alignment_check_failed',
        '{"result":"suspicious","flagged":2,"total":9,"summary":"two steps ungrounded","findings":[]}',
      ),
      status(
        'output',
        '{"steps":[{"id":"s1","label":"Phase changed to Executing","state":"done"},{"id":"s2","label":"Phase changed to Verifying","state":"running"}],"completed":false}',
      ),
    ]);
    expect(t.items).toEqual([
      { kind: 'progress', key: '1', text: 'Execution progress: Executing' },
      {
        kind: 'notice',
        key: '2',
        severity: 'warning',
        text: 'Alignment check suspicious (2 of 9 steps flagged): two steps ungrounded',
      },
      { kind: 'progress', key: '3', text: 'Phase changed to Verifying' },
    ]);
  });

  it('shows a failed turn as an error', () => {
    const t = foldEvents(emptyTranscript, [
      event('a2a', {
        kind: 'status-update',
        final: true,
        status: {
          state: 'failed',
          message: {
            role: 'agent',
            parts: [
              { kind: 'text', text: 'agent run failed: model unavailable' },
            ],
          },
        },
        metadata: {},
      }),
    ]);
    expect(t.items).toEqual([
      expect.objectContaining({
        kind: 'notice',
        severity: 'error',
        text: 'agent run failed: model unavailable',
      }),
    ]);
  });
});
