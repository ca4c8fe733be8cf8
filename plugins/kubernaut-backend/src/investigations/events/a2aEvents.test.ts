import { A2AEventTranslator } from './a2aEvents';

const status = (
  type: string,
  text?: string,
  extra: Record<string, unknown> = {},
  state = 'working',
) => ({
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

/** The typed events of a run of frames, without the agent-state ones unless asked. */
function translate(frames: unknown[], withState = false) {
  const translator = new A2AEventTranslator();
  return frames
    .flatMap(frame => translator.translate(frame as Record<string, unknown>))
    .filter(e => withState || e.type !== 'agent-state');
}

describe('A2AEventTranslator', () => {
  it('says when the agent state, remediation or phase changes, once each', () => {
    expect(
      translate(
        [
          status('reasoning', 'one'),
          status('reasoning', 'two'),
          status('keepalive'),
          status('reasoning', 'three', { phase: 'AwaitingApproval' }),
          status('status', undefined, {}, 'input-required'),
        ],
        true,
      ).map(e => e.type),
    ).toEqual([
      'agent-state',
      'agent-text',
      'agent-text',
      'agent-state',
      'agent-text',
      'agent-state',
    ]);
  });

  it('pairs tool calls with results, stripping the tool-name prefix, and keeps keepalives silent', () => {
    expect(
      translate([
        status('reasoning', 'Checking events first.'),
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
        status('reasoning_content', 'hidden', { redacted: true }),
      ]),
    ).toEqual([
      { type: 'agent-text', payload: { text: 'Checking events first.' } },
      {
        type: 'tool-call',
        payload: { tool: 'kubectl_list_events', args: '{"namespace":"demo"}' },
      },
      {
        type: 'tool-result',
        payload: { tool: 'kubectl_list_events', result: '14 OOMKilled events' },
      },
      { type: 'thinking', payload: { text: 'hidden', redacted: true } },
    ]);
  });

  it('turns approval requests and their resolution into cards', () => {
    expect(
      translate([
        status(
          'approval_request',
          JSON.stringify({
            name: 'rar-rr-1',
            remediationRequestName: 'rr-1',
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
      ]),
    ).toEqual([
      {
        type: 'approval-request',
        payload: {
          name: 'rar-rr-1',
          remediation: 'rr-1',
          confidence: 0.7,
          whyApprovalRequired: 'production namespace',
          requiredBy: '2026-11-24T11:00:00Z',
        },
      },
      {
        type: 'approval-decided',
        payload: { decision: 'Approved', decidedBy: 'alice' },
      },
    ]);
  });

  it('survives malformed frames without throwing', () => {
    expect(
      translate([
        {},
        { kind: 'status-update', status: 'x', metadata: [] },
        status('approval_request', '{not json'),
        { kind: 'artifact-update', artifact: { parts: 'no' } },
        { kind: 'unknown' },
      ]).map(e => e.type),
    ).toEqual(['approval-request']);
  });
});

/** What upstream's API Frontend streams (`pkg/apifrontend/launcher/part_converter.go`, `event_bridge.go`). */
describe('A2AEventTranslator on upstream API Frontend frames', () => {
  const decisionArtifact = (parts: unknown[]) => ({
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
    const [event] = translate([
      decisionArtifact([
        {
          kind: 'data',
          data: {
            session_id: 's',
            rr_id: 'rr-1',
            summary: 'Unbounded cache after a config reload',
            rca: {
              severity: 'high',
              confidence: 0.85,
              target: 'Deployment/x',
              root_cause: 'unbounded cache',
              causal_chain: ['config change', 'cache growth', 'OOMKilled'],
              contributing_factors: ['512Mi limit'],
            },
            options: [
              {
                workflow_id: 'w-1',
                name: 'rollback-config',
                recommended: true,
                parameters: { REVISION: 'v42', REPLICAS: 3 },
              },
              { workflow_id: 'x', ruled_out_reason: 'too risky' },
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
    expect(event).toEqual({
      type: 'analysis',
      payload: {
        remediation: 'rr-1',
        rca: expect.objectContaining({
          summary: 'Unbounded cache after a config reload',
          rootCause: 'unbounded cache',
          severity: 'high',
          causalChain: ['config change', 'cache growth', 'OOMKilled'],
          contributingFactors: ['512Mi limit'],
          options: [
            expect.objectContaining({
              workflowId: 'w-1',
              name: 'rollback-config',
              recommended: true,
              parameters: { REVISION: 'v42', REPLICAS: '3' },
            }),
            expect.objectContaining({ name: 'x', ruledOutReason: 'too risky' }),
          ],
        }),
      },
    });
  });

  it('reads a text-only decision (`Decision: …`) as an analysis, not an answer', () => {
    expect(
      translate([
        decisionArtifact([
          { kind: 'text', text: 'Decision: Memory limit too low\n\n' },
        ]),
      ]),
    ).toEqual([
      {
        type: 'analysis',
        payload: {
          rca: expect.objectContaining({ summary: 'Memory limit too low' }),
        },
      },
    ]);
  });

  it('reads early_rca, whose JSON is built unescaped, as a provisional analysis', () => {
    expect(
      translate([
        status(
          'decision',
          '{"severity":"high","confidence":0.60,"target":"Deployment/x","rca_summary":"Severity assessed from "metadata""}',
          { schema: 'early_rca', schema_version: '1.0' },
        ),
      ]),
    ).toEqual([
      {
        type: 'analysis',
        payload: {
          rca: expect.objectContaining({
            provisional: true,
            severity: 'high',
            confidence: 0.6,
            target: 'Deployment/x',
            summary: 'Severity assessed from "metadata"',
          }),
        },
      },
    ]);
  });

  it('reads a tool call announced only as text', () => {
    expect(
      translate([status('status', 'Calling kubectl_get_pods...')]),
    ).toEqual([
      {
        type: 'tool-call',
        payload: { tool: 'kubectl_get_pods', textOnly: true },
      },
    ]);
  });

  it('words execution_progress, alignment checks and watch output, never raw JSON', () => {
    expect(
      translate([
        {
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
        },
        status(
          'alignment_check_failed',
          '{"result":"suspicious","flagged":2,"total":9,"summary":"two steps ungrounded","findings":[]}',
        ),
        status(
          'output',
          '{"steps":[{"id":"s1","label":"Phase changed to Executing","state":"done"},{"id":"s2","label":"Phase changed to Verifying","state":"running"}],"completed":false}',
        ),
        status('output', '{"steps":[]}'),
      ]),
    ).toEqual([
      { type: 'progress', payload: { text: 'Execution progress: Executing' } },
      {
        type: 'notice',
        payload: {
          severity: 'warning',
          text: 'Alignment check suspicious (2 of 9 steps flagged): two steps ungrounded',
        },
      },
      { type: 'progress', payload: { text: 'Phase changed to Verifying' } },
    ]);
  });

  it('shows a failed turn as an error, and a streamed answer as answer text', () => {
    expect(
      translate([
        {
          kind: 'artifact-update',
          append: true,
          artifact: { parts: [{ kind: 'text', text: 'The pod restarts.' }] },
        },
        {
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
        },
      ]),
    ).toEqual([
      { type: 'answer', payload: { text: 'The pod restarts.', append: true } },
      {
        type: 'notice',
        payload: {
          severity: 'error',
          text: 'agent run failed: model unavailable',
        },
      },
    ]);
  });
});
