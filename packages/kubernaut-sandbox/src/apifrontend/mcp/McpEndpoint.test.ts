import { API_FRONTEND_USER } from '../../kube/auth';
import { RESOURCE_TYPES } from '../../kube/resources';
import {
  MCP_HEADERS,
  mcpSession,
  NS,
  request,
  sseEvents,
  startFixture,
  type Fixture,
} from '../testFixture';

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-03-26',
    capabilities: {},
    clientInfo: { name: 'test', version: '1' },
  },
};

describe('sandbox API Frontend MCP transport', () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await startFixture();
  });
  afterAll(() => fixture.stop());

  const post = (
    body: unknown,
    headers: Record<string, string> = {},
    token = fixture.token('alice'),
  ) =>
    request(`${fixture.url}/mcp`, {
      headers: {
        ...MCP_HEADERS,
        Authorization: `Bearer ${token}`,
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  // go-sdk mcp/streamable.go (stateful handler, no JSONResponse), wired by pkg/apifrontend/handler/mcp.go
  it('answers every request as a one-event SSE stream and names the new session', async () => {
    const reply = await post(initialize);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/event-stream');
    expect(reply.headers['cache-control']).toBe('no-cache, no-transform');
    expect(reply.headers['mcp-session-id']).toEqual(expect.any(String));
    expect(reply.body).toMatch(/^event: message\nid: \S+\ndata: \{.*\}\n\n$/);
    const [event] = sseEvents(reply.body);
    expect(JSON.parse(event.data)).toEqual({
      jsonrpc: '2.0',
      id: 1,
      result: expect.objectContaining({
        protocolVersion: '2025-03-26',
        capabilities: expect.objectContaining({ tools: expect.any(Object) }),
        serverInfo: expect.objectContaining({
          name: 'kubernaut-apifrontend',
        }),
      }),
    });
  });

  // go-sdk mcp/streamable.go serveStatefulPOST: media type checks come before the session
  it('refuses a POST without both Accept types (400) or without a JSON body type (415), as text/plain', async () => {
    const noSse = await post(initialize, { Accept: 'application/json' });
    expect(noSse.status).toBe(400);
    expect(noSse.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(noSse.body).toBe(
      "Accept must contain both 'application/json' and 'text/event-stream'\n",
    );
    expect((await post(initialize, { Accept: '*/*' })).status).toBe(200);
    const form = await post(initialize, { 'Content-Type': 'text/plain' });
    expect(form.status).toBe(415);
    expect(form.body).toBe("Content-Type must be 'application/json'\n");
    const broken = await post('{nope');
    expect(broken.status).toBe(400);
    expect(broken.body).toMatch(/^malformed payload: /);
  });

  // go-sdk mcp/streamable.go lookupSession and servePOST
  it('answers 404 "session not found" for an unknown session and 202 to notifications', async () => {
    const unknown = await post(
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      { 'Mcp-Session-Id': 'no-such-session' },
    );
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(unknown.body).toBe('session not found\n');

    const session = (await post(initialize)).headers[
      'mcp-session-id'
    ] as string;
    const initialized = await post(
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { 'Mcp-Session-Id': session },
    );
    expect(initialized.status).toBe(202);
    expect(initialized.body).toBe('');
  });

  // go-sdk mcp/server.go: a request without a session opens one that is not initialized
  it('refuses other methods before initialize', async () => {
    const reply = await post({ jsonrpc: '2.0', id: 7, method: 'tools/list' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(sseEvents(reply.body)[0].data)).toEqual({
      jsonrpc: '2.0',
      id: 7,
      error: {
        code: 0,
        message: 'method "tools/list" is invalid during session initialization',
      },
    });
    const unsupported = await post({ jsonrpc: '2.0', id: 8, method: 'x/y' });
    expect(unsupported.status).toBe(400);
    expect(unsupported.body).toBe('JSON RPC not handled: "x/y" unsupported\n');
  });

  // pkg/apifrontend/handler/router.go routes only POST /mcp
  it('answers 405 to GET and DELETE', async () => {
    for (const method of ['GET', 'DELETE']) {
      const reply = await request(`${fixture.url}/mcp`, {
        method,
        headers: { Authorization: `Bearer ${fixture.token('alice')}` },
      });
      expect(reply.status).toBe(405);
      expect(reply.headers.allow).toBe('POST');
    }
  });

  it('still needs a bearer token (pkg/apifrontend/auth/middleware.go)', async () => {
    const reply = await request(`${fixture.url}/mcp`, {
      headers: MCP_HEADERS,
      body: JSON.stringify(initialize),
    });
    expect(reply.status).toBe(401);
    expect(reply.headers['content-type']).toBe('application/problem+json');
    expect(JSON.parse(reply.body).title).toBe('Missing Authorization');
  });

  // go-sdk mcp/server.go callTool
  it('answers an unknown tool with JSON-RPC error -32602', async () => {
    const mcp = await mcpSession(fixture.url, fixture.token('alice'));
    expect(
      await mcp.rpc('tools/call', { name: 'kubernaut_nope', arguments: {} }),
    ).toEqual(
      expect.objectContaining({
        error: { code: -32602, message: 'unknown tool "kubernaut_nope"' },
      }),
    );
  });

  // pkg/apifrontend/handler/mcp_bridge.go registerTool: schemas inferred by jsonschema-go
  it('lists upstream tool names with inferred schemas: required fields, no extra properties, no enums', async () => {
    const mcp = await mcpSession(fixture.url, fixture.token('alice'));
    const { result } = await mcp.rpc('tools/list');
    const names = result.tools.map((t: { name: string }) => t.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'kubernaut_list_remediations',
        'kubernaut_get_remediation',
        'kubernaut_list_approval_requests',
        'kubernaut_get_approval_request',
        'kubernaut_approve',
        'kubernaut_watch',
        'kubernaut_investigate',
        'kubernaut_select_workflow',
        'kubernaut_complete_no_action',
        'kubernaut_cancel_remediation',
        'kubernaut_get_audit_trail',
        'kubernaut_get_effectiveness',
        'kubernaut_message',
        'kubernaut_list_workflows',
        'kubernaut_discover_workflows',
      ]),
    );
    const schema = (name: string) =>
      result.tools.find((t: { name: string }) => t.name === name).inputSchema;
    expect(schema('kubernaut_approve')).toEqual({
      type: 'object',
      required: ['rar_name', 'decision'],
      properties: {
        rar_name: { type: 'string' },
        decision: { type: 'string' },
        reason: { type: 'string' },
        workflow_override: { type: 'string' },
      },
      additionalProperties: false,
    });
    expect(schema('kubernaut_select_workflow').required).toEqual([
      'rr_id',
      'workflow_id',
    ]);
    expect(schema('kubernaut_investigate').properties).not.toHaveProperty(
      'description',
    );
    for (const tool of result.tools)
      expect(tool.inputSchema.additionalProperties).toBe(false);
  });
});

describe('sandbox API Frontend MCP tools', () => {
  let fixture: Fixture;
  let alice: Awaited<ReturnType<typeof mcpSession>>;
  beforeAll(async () => {
    fixture = await startFixture({ toolTimeoutMs: 400 });
    alice = await mcpSession(fixture.url, fixture.token('alice'));
  });
  afterAll(() => fixture.stop());

  // go-sdk mcp/server.go toolForErr, as pkg/apifrontend/handler/mcp_bridge.go registers tools
  it('rejects unknown, missing and mistyped arguments as tool errors', async () => {
    expect(
      await alice.call('kubernaut_investigate', {
        description: 'checkout is slow',
      }),
    ).toEqual({
      text: 'validating "arguments": validating root: unexpected additional properties ["description"]',
      isError: true,
    });
    expect(
      await alice.call('kubernaut_approve', { rar_name: 'rar-x' }),
    ).toEqual({
      text: 'validating "arguments": validating root: required: missing properties: ["decision"]',
      isError: true,
    });
    expect(
      (await alice.call('kubernaut_get_remediation', { rr_id: 5 })).text,
    ).toBe(
      'validating "arguments": validating root: validating /properties/rr_id: type: 5 has type "integer", want "string"',
    );
  });

  // pkg/apifrontend/handler/mcp_bridge.go checkRBAC/denyRBAC
  it('answers an RBAC denial as a plain-text tool error, not an HTTP 403', async () => {
    const bob = await mcpSession(fixture.url, fixture.token('bob'));
    const reply = await bob.post(
      {
        jsonrpc: '2.0',
        id: 99,
        method: 'tools/call',
        params: {
          name: 'kubernaut_approve',
          arguments: { rar_name: 'rar-x', decision: 'Approved' },
        },
      },
      bob.session,
    );
    expect(reply.status).toBe(200);
    expect(JSON.parse(sseEvents(reply.body)[0].data)).toEqual({
      jsonrpc: '2.0',
      id: 99,
      result: {
        content: [
          {
            type: 'text',
            text: 'permission denied: role lacks access to kubernaut_approve',
          },
        ],
        isError: true,
      },
    });
  });

  // pkg/apifrontend/tools/crd_tools.go HandleApprove
  it('approves as the caller, credited through API Frontend, with upstream result and error texts', async () => {
    const rr = 'rr-aaaaaaaaaaaa-00000001';
    fixture.remediation(rr, { overallPhase: 'AwaitingApproval' });
    fixture.approvalRequest(rr);
    expect(
      await alice.call('kubernaut_approve', {
        rar_name: `rar-${rr}`,
        decision: 'Maybe',
      }),
    ).toEqual({
      text: 'invalid input: decision "Maybe" is not valid; must be exactly one of: Approved, Rejected',
      isError: true,
    });
    expect(
      await alice.call('kubernaut_approve', {
        rar_name: 'rar-missing',
        decision: 'Approved',
      }),
    ).toEqual({
      text: 'not found: the requested resource does not exist',
      isError: true,
    });
    const approved = await alice.call('kubernaut_approve', {
      rar_name: `rar-${rr}`,
      decision: 'Approved',
      reason: 'go',
    });
    expect(approved).toEqual({
      text: JSON.stringify({
        status: 'Approved',
        message: 'Remediation approval Approved by alice',
      }),
      isError: false,
      json: {
        status: 'Approved',
        message: 'Remediation approval Approved by alice',
      },
    });
    const rar = fixture.store.get(
      RESOURCE_TYPES.remediationApprovalRequests,
      NS,
      `rar-${rr}`,
    )!.object.status as Record<string, unknown>;
    expect(rar).toEqual(
      expect.objectContaining({
        decision: 'Approved',
        decidedBy: 'alice',
        decidedVia: API_FRONTEND_USER,
        decisionMessage: 'go',
        decidedAt: expect.any(String),
      }),
    );
    // The webhook lets a second decision through (pkg/authwebhook/
    // remediationapprovalrequest_handler.go) and kubernaut_approve sends no resourceVersion:
    // nothing upstream stops it, which is why the console claims a request before deciding.
    const again = await alice.call('kubernaut_approve', {
      rar_name: `rar-${rr}`,
      decision: 'Rejected',
    });
    expect(again.isError).toBe(false);
    expect(again.json).toEqual(expect.objectContaining({ status: 'Rejected' }));
  });

  // pkg/apifrontend/tools/crd_tools.go HandleCancelRemediation
  it('cancels a running remediation and refuses a terminal one', async () => {
    const done = 'rr-bbbbbbbbbbbb-00000001';
    const running = 'rr-bbbbbbbbbbbb-00000002';
    fixture.remediation(done, { overallPhase: 'Completed' });
    fixture.remediation(running, { overallPhase: 'Executing' });
    expect(
      await alice.call('kubernaut_cancel_remediation', { rr_id: done }),
    ).toEqual({
      text: `already in terminal state: remediation ${NS}/${done} is in terminal state "Completed"`,
      isError: true,
    });
    expect(
      (await alice.call('kubernaut_cancel_remediation', { name: running }))
        .json,
    ).toEqual({
      status: 'Cancelled',
      message: `Remediation ${NS}/${running} cancelled`,
    });
    expect(
      fixture.store.get(RESOURCE_TYPES.remediationRequests, NS, running)!.object
        .status,
    ).toEqual(
      expect.objectContaining({
        overallPhase: 'Cancelled',
        message: 'Cancelled by user via kubernaut_cancel_remediation',
      }),
    );
    expect((await alice.call('kubernaut_cancel_remediation', {})).text).toBe(
      'name is required when rr_id is not provided',
    );
  });

  // pkg/apifrontend/tools/crd_tools.go list/get tools
  it('lists and reads remediations and approval requests in upstream shapes', async () => {
    const rr = 'rr-cccccccccccc-00000001';
    fixture.remediation(rr, { overallPhase: 'AwaitingApproval' });
    fixture.approvalRequest(rr);
    const list = (
      await alice.call('kubernaut_list_remediations', {
        phase: 'AwaitingApproval',
        name: 'checkout-service',
      })
    ).json;
    expect(list.remediations).toContainEqual({
      id: rr,
      namespace: NS,
      name: rr,
      phase: 'AwaitingApproval',
      kind: 'Deployment',
      target: 'checkout-service',
    });
    expect(list.count).toBe(list.remediations.length);
    expect(
      (await alice.call('kubernaut_list_remediations', { phase: 'Nope' })).json,
    ).toEqual({ remediations: null, count: 0 });
    expect(
      (await alice.call('kubernaut_get_remediation', { rr_id: rr })).json,
    ).toEqual(expect.objectContaining({ id: rr, phase: 'AwaitingApproval' }));

    const pending = (
      await alice.call('kubernaut_list_approval_requests', {
        decision: 'PENDING',
      })
    ).json;
    expect(pending.approval_requests).toContainEqual(
      expect.objectContaining({
        name: `rar-${rr}`,
        decision: 'Pending',
        remediation_request: rr,
        confidence: 0.82,
        confidence_level: 'high',
        time_remaining: '15m0s',
        required_by: expect.stringMatching(/^\d{4}-.*T.*[^.]\d\dZ$/),
      }),
    );
    const detail = (
      await alice.call('kubernaut_get_approval_request', {
        rar_id: `rar-${rr}`,
      })
    ).json;
    expect(detail).toEqual(
      expect.objectContaining({
        name: `rar-${rr}`,
        remediation_request: rr,
        ai_analysis: `ai-${rr}`,
        why_approval_required: 'Production environment',
        recommended_workflow: { name: 'wf-increase-memory', version: '1.0.0' },
        recommended_actions: [
          { action: 'increase-memory-v1', rationale: 'OOMKilled' },
        ],
        evidence_collected: ['14 restarts'],
        alternatives_considered: [
          { approach: 'rollback', pros_cons: 'slower' },
        ],
        decision: 'Pending',
        time_remaining: '15m0s',
        expired: false,
      }),
    );
  });

  // pkg/apifrontend/tools/crd_tools_watch.go HandleWatch
  it('watches until approval is awaited, and ends "cancelled" at the tool timeout', async () => {
    const rr = 'rr-dddddddddddd-00000001';
    fixture.remediation(rr, { overallPhase: 'Executing' });
    const watching = alice.call('kubernaut_watch', { rr_id: rr });
    await new Promise(r => setTimeout(r, 50));
    fixture.setRemediationStatus(rr, { overallPhase: 'AwaitingApproval' });
    const awaiting = (await watching).json;
    expect(awaiting.status).toBe('awaiting_approval');
    expect(awaiting.events.map((e: { phase: string }) => e.phase)).toEqual([
      'Executing',
      'AwaitingApproval',
    ]);
    expect(awaiting.events[0]).toEqual({
      timestamp: expect.any(String),
      resource: 'RemediationRequest',
      phase: 'Executing',
      message: 'Phase changed to Executing',
    });

    fixture.setRemediationStatus(rr, { overallPhase: 'Executing' });
    const started = Date.now();
    const capped = await alice.call('kubernaut_watch', { name: rr });
    expect(capped.isError).toBe(false);
    expect(capped.json.status).toBe('cancelled');
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);

    fixture.setRemediationStatus(rr, {
      overallPhase: 'Completed',
      message: 'Remediation verified',
      completionStatus: { outcome: 'Remediated' },
    });
    expect((await alice.call('kubernaut_watch', { rr_id: rr })).json).toEqual(
      expect.objectContaining({
        status: 'completed',
        outcome: 'Remediated',
        message: 'Remediation verified',
      }),
    );
    expect(await alice.call('kubernaut_watch', {})).toEqual({
      text: 'invalid input: name is required when rr_id is not provided',
      isError: true,
    });
  });

  // pkg/apifrontend/tools/ka_investigate_mcp.go HandleInvestigationMCPWithRegistry
  it('investigates by rr_id (takeover) or by workload, and returns only the session', async () => {
    const rr = 'rr-eeeeeeeeeeee-00000001';
    fixture.remediation(rr, { overallPhase: 'Analyzing' });
    const joined = (await alice.call('kubernaut_investigate', { rr_id: rr }))
      .json;
    expect(joined).toEqual({
      session_id: expect.any(String),
      status: 'started',
      rr_id: rr,
    });
    expect(
      fixture.store.get(RESOURCE_TYPES.investigationSessions, NS, `is-${rr}`)!
        .object.spec,
    ).toEqual(expect.objectContaining({ joinMode: 'takeover' }));

    // Handler errors pass pkg/apifrontend/security/redact.go RedactError, whose path pattern
    // also takes "/kind/name" for a file path.
    expect(await alice.call('kubernaut_investigate', {})).toEqual({
      text: 'rr_id or api_version[PATH_REDACTED] required',
      isError: true,
    });
    expect(
      (
        await alice.call('kubernaut_investigate', {
          kind: 'Deployment',
          name: 'payment-gateway',
        })
      ).text,
    ).toBe('api_version must not be empty');
    const started = (
      await alice.call('kubernaut_investigate', {
        api_version: 'apps/v1',
        kind: 'Deployment',
        name: 'checkout-service',
        namespace: 'demo-checkout',
      })
    ).json;
    expect(started.rr_id).toMatch(/^rr-/);
    expect(fixture.runs.get(started.rr_id)!.scenario.id).toBe('checkout-oom');

    const robot = await mcpSession(fixture.url, fixture.token('backstage'));
    expect(
      (
        await robot.call('kubernaut_investigate', {
          api_version: 'apps/v1',
          kind: 'Deployment',
          name: 'checkout-service',
        })
      ).text,
    ).toBe('interactive investigation cannot be started by service accounts');
    expect(
      (await alice.call('kubernaut_investigate', { rr_id: 'rr-missing' })).text,
    ).toBe('not found: the requested resource does not exist');
  });

  // pkg/apifrontend/tools/ka_interactive.go HandleMessage
  it('sends a message to a running investigation; the answer is not in the result', async () => {
    const rr = 'rr-ffffffffffff-00000001';
    fixture.remediation(rr, { overallPhase: 'Analyzing' });
    expect(
      (await alice.call('kubernaut_message', { rr_id: rr, message: 'why?' }))
        .json,
    ).toEqual({ session_id: expect.any(String), status: 'sent' });
    expect(await alice.call('kubernaut_message', { rr_id: rr })).toEqual({
      text: 'message is required for kubernaut_message',
      isError: true,
    });
  });

  // pkg/apifrontend/tools/ka_tools.go HandleSelectWorkflow / HandleCompleteNoAction over a
  // remediation KA holds no interactive session for: KA's refusals
  // (internal/kubernautagent/mcp/tools/errors.go; complete_no_action's plain error becomes
  // internal_error in ErrorBoundary), wrapped by ka/pooled_mcp_client.go and ka_tools.go.
  it('answers workflow selection and no-action completion without an interactive session with KA’s refusal', async () => {
    const rr = 'rr-999999999999-00000001';
    fixture.remediation(rr, { overallPhase: 'Analyzing' });
    expect(
      await alice.call('kubernaut_select_workflow', {
        rr_id: rr,
        workflow_id: 'x',
        parameters: { REPLICAS: '3' },
      }),
    ).toEqual({
      text: 'selecting workflow: kubernaut agent: no_session: No active interactive session for this remediation',
      isError: true,
    });
    const dismiss = await alice.call('kubernaut_complete_no_action', {
      rr_id: rr,
      escalation_reason: '   ',
    });
    expect(dismiss.text).toBe(
      'escalation_reason must not be empty or whitespace-only',
    );
    expect(
      await alice.call('kubernaut_complete_no_action', {
        rr_id: rr,
        reason: 'transient',
      }),
    ).toEqual({
      text: 'complete_no_action: kubernaut agent: internal_error: Internal service error',
      isError: true,
    });
    // Upstream checks no RemediationRequest: an unknown one is just as unknown to KA.
    expect(
      (
        await alice.call('kubernaut_select_workflow', {
          rr_id: 'rr-missing',
          workflow_id: 'x',
        })
      ).text,
    ).toMatch(/^selecting workflow: kubernaut agent: no_session: /);
    expect(
      (
        await alice.call('kubernaut_select_workflow', {
          rr_id: 'Bad_Name',
          workflow_id: 'x',
        })
      ).text,
    ).toMatch(/^invalid rr_id: invalid resource name "Bad_Name"/);
  });

  // pkg/apifrontend/tools/ka_tools.go (discover, KA catalog list)
  it('lists the catalog and the workflows the agent considered, with parameter schemas', async () => {
    const rr = 'rr-888888888888-00000001';
    fixture.remediation(rr, { overallPhase: 'Analyzing' });
    const catalog = (
      await alice.call('kubernaut_list_workflows', {
        kind: 'IncreaseMemoryLimits',
      })
    ).json;
    expect(catalog.count).toBeGreaterThan(0);
    expect(catalog.workflows[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: expect.any(String),
      description: expect.any(String),
      kind: 'IncreaseMemoryLimits',
    });
    const discovered = (
      await alice.call('kubernaut_discover_workflows', { rr_id: rr })
    ).json;
    expect(discovered.count).toBe(discovered.workflows.length);
    expect(discovered.workflows[0]).toEqual(
      expect.objectContaining({
        workflow_id: expect.any(String),
        name: 'restart-and-patch-memory-v1',
        kind: 'IncreaseMemoryLimits',
        confidence: expect.any(Number),
        parameters: expect.arrayContaining([
          expect.objectContaining({
            name: expect.any(String),
            type: expect.any(String),
            required: expect.any(Boolean),
          }),
        ]),
      }),
    );
    expect(discovered.signal_target).toEqual({
      api_version: 'apps/v1',
      kind: 'Deployment',
      name: 'checkout-service',
      namespace: 'demo-checkout',
    });
  });

  // pkg/apifrontend/tools/ds_tools.go aggregateByPhase, tools/audit_phase_mapping.go
  it('groups the audit trail by lifecycle phase', async () => {
    const rr = 'rr-777777777777-00000001';
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 10, 0, s));
    const add = (second: number, type: string, action: string, actor: string) =>
      fixture.audit.append({
        at: at(second),
        correlation_id: rr,
        event_type: type,
        event_category: type.split('.')[0],
        event_action: action,
        actor_id: actor,
      });
    add(1, 'gateway.signal.received', 'received', 'gateway');
    add(2, 'orchestrator.lifecycle.created', 'created', 'orchestrator');
    add(3, 'aianalysis.analysis.completed', 'completed', 'aianalysis');
    add(4, 'orchestrator.approval.approved', 'approved', 'alice');
    add(5, 'effectiveness.health.assessed', 'assessed', 'em');
    add(6, 'orchestrator.lifecycle.completed', 'completed', 'orchestrator');
    const trail = (await alice.call('kubernaut_get_audit_trail', { rr_id: rr }))
      .json;
    expect(trail.lifecycle).toBe(
      'Signal Processing -> RR Creation -> Investigation -> Approval -> Execution -> Effectiveness',
    );
    expect(trail.total_events).toBe(6);
    expect(
      trail.phases.find((p: { phase: string }) => p.phase === 'Approval'),
    ).toEqual({
      phase: 'Approval',
      start_time: '2026-01-01T10:00:04Z',
      end_time: '2026-01-01T10:00:04Z',
      event_count: 1,
      key_actions: 'approved',
      actor: 'alice',
    });
    expect(
      (await alice.call('kubernaut_get_audit_trail', { rr_id: 'rr-none' }))
        .json,
    ).toEqual({ lifecycle: '', phases: null, total_events: 0 });
  });

  // pkg/apifrontend/tools/ds_tools.go HandleGetEffectiveness
  it('reports a workflow’s effectiveness from Data Storage', async () => {
    const workflowId = 'wf-uuid-1';
    for (const [i, score] of [
      [1, 1],
      [2, 0.5],
    ]) {
      const rr = `rr-effect-${i}`;
      fixture.audit.append({
        at: new Date(),
        correlation_id: rr,
        event_type: 'remediation.workflow_created',
        event_category: 'orchestration',
        event_action: 'workflow_created',
        data: { workflow_id: workflowId },
      });
      for (const component of ['health', 'alert', 'metrics'])
        fixture.audit.append({
          at: new Date(),
          correlation_id: rr,
          event_type: `effectiveness.${component}.assessed`,
          event_category: 'effectiveness',
          event_action: 'assessed',
          data: { assessed: true, score },
        });
      fixture.audit.append({
        at: new Date(),
        correlation_id: rr,
        event_type: 'orchestrator.lifecycle.completed',
        event_category: 'orchestration',
        event_action: 'completed',
        duration_ms: 450_000,
      });
    }
    expect(
      (
        await alice.call('kubernaut_get_effectiveness', {
          workflow_id: workflowId,
          namespace: 'demo-checkout',
        })
      ).json,
    ).toEqual({
      workflow_id: workflowId,
      success_rate: 0.75,
      avg_duration: '7m30s',
      sample_size: 2,
    });
  });
});
