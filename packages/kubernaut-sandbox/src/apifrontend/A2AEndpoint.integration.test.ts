import { createParser } from 'eventsource-parser';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { RESOURCE_TYPES } from '../kube/resources';
import { Sandbox } from '../Sandbox';
import { findWorkflow, workflowId } from '../scenario/catalog';
import type { RemediationRun } from '../scenario/RemediationRun';
import type { SimulatedCluster } from '../SimulatedCluster';
import { mcpSession } from './testFixture';

jest.setTimeout(60_000);

/** Every JSON-RPC `result` of one `message/stream` call, until the server ends the response. */
function turn(
  url: string,
  token: string,
  text: string,
  contextId?: string,
): Promise<any[]> {
  return new Promise((resolve, reject) => {
    const results: any[] = [];
    const parser = createParser({
      onEvent: ({ data }) => results.push(JSON.parse(data).result),
    });
    const req = http.request(
      `${url}/a2a/invoke`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
      },
      res => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => parser.feed(chunk));
        res.on('end', () => resolve(results));
      },
    );
    req.on('error', reject);
    req.end(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 'req-1',
        method: 'message/stream',
        params: {
          message: {
            messageId: randomUUID(),
            role: 'user',
            ...(contextId ? { contextId } : {}),
            parts: [{ kind: 'text', text }],
          },
        },
      }),
    );
  });
}

const finals = (results: any[]) => results.filter(r => r.final === true);
const texts = (results: any[]) =>
  results
    .flatMap(r => r.status?.message?.parts ?? r.artifact?.parts ?? [])
    .map((p: { text?: string }) => p.text ?? '')
    .join('');

/**
 * API Frontend's A2A turns as upstream runs them: `pkg/apifrontend/launcher/launcher.go` (one
 * task per message/stream), `launcher/session_interceptor.go` (contexts),
 * `tools/ka_investigate_mcp.go` (taking a remediation over).
 */
describe('sandbox API Frontend: one message/stream is one agent turn', () => {
  let sandbox: Sandbox;
  let cluster: SimulatedCluster;
  let url: string;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    sandbox = new Sandbox({
      clusters: [{ name: 'a2a', environment: 'production', layout: 'v1.6' }],
      host: '127.0.0.1',
      port: 0,
      seed: 11,
      speed: 200,
      scale: 0,
      live: false,
      serviceTls: false,
    });
    await sandbox.start();
    cluster = sandbox.clusters[0];
    url = cluster.apiFrontendServer.url;
    alice = cluster.userToken('alice');
    bob = cluster.userToken('bob');
  });

  afterAll(() => sandbox.stop());

  it('opens with the task, streams the investigation, and ends input-required at the decision', async () => {
    const contextId = randomUUID();
    const results = await turn(
      url,
      alice,
      'The checkout-service keeps crashing with OOM',
      contextId,
    );
    expect(results[0]).toMatchObject({
      kind: 'task',
      contextId,
      status: { state: 'submitted' },
      history: [expect.objectContaining({ role: 'user' })],
    });
    const taskId = results[0].id;
    expect(results[1]).toMatchObject({
      kind: 'status-update',
      status: { state: 'working' },
      final: false,
    });
    expect(results.slice(1).every(r => r.taskId === taskId)).toBe(true);
    expect(results.every(r => r.contextId === contextId)).toBe(true);
    expect(finals(results)).toHaveLength(1);
    const last = results[results.length - 1];
    expect(last).toMatchObject({
      final: true,
      status: { state: 'input-required' },
    });
    // launcher/part_converter.go: the decision card right before the turn ends.
    expect(results[results.length - 2].artifact.metadata).toEqual({
      type: 'decision',
      schema: 'investigation_summary',
      schema_version: '1.0',
    });
  });

  it('answers a follow-up in the same context as a new task that completes', async () => {
    const contextId = randomUUID();
    const first = await turn(
      url,
      alice,
      'checkout-service OOM again?',
      contextId,
    );
    const second = await turn(
      url,
      alice,
      'What can we do about it?',
      contextId,
    );
    expect(second[0].kind).toBe('task');
    expect(second[0].id).not.toBe(first[0].id);
    expect(second[0].contextId).toBe(contextId);
    expect(finals(second)).toEqual([
      expect.objectContaining({
        status: expect.objectContaining({ state: 'completed' }),
      }),
    ]);
    expect(second.some(r => r.kind === 'artifact-update')).toBe(true);
  });

  it("reroutes a message without contextId into the user's active context, never another user's", async () => {
    const contextId = randomUUID();
    await turn(url, alice, 'The checkout-service is OOMKilled', contextId);
    const rerouted = await turn(url, alice, 'Why did that happen?');
    expect(rerouted[0].contextId).toBe(contextId);
    const others = await turn(url, bob, 'Why did that happen?');
    expect(others[0].contextId).not.toBe(contextId);
    // An unknown contextId is a new conversation, not an error.
    const fresh = randomUUID();
    const unknown = await turn(url, alice, 'hello there', fresh);
    expect(unknown[0]).toMatchObject({ kind: 'task', contextId: fresh });
  });

  it('takes over a named remediation without replaying its history', async () => {
    const run = cluster.engine.startScenario('payment-latency', {
      scriptedDecisions: false,
    });
    const deadline = Date.now() + 20_000;
    while (!run.terminal && Date.now() < deadline) {
      const decided = run.transcript.events.some(
        e => (e.artifact as any)?.metadata?.schema === 'investigation_summary',
      );
      if (decided) break;
      await new Promise(resolve => setTimeout(resolve, 50));
    }
    const before = run.transcript.events.length;
    // A fresh context: without one, alice's message would go into her active conversation.
    const results = await turn(
      url,
      alice,
      `Take a look at ${run.rrName}`,
      randomUUID(),
    );
    expect(texts(results)).toContain(
      'Autonomous investigation detected, signaling takeover...',
    );
    // Nothing from before the join is streamed again.
    const history = new Set(
      run.transcript.events
        .slice(0, before)
        .map(e => JSON.stringify(e.status ?? e.artifact)),
    );
    expect(
      results.filter(r => history.has(JSON.stringify(r.status ?? r.artifact))),
    ).toEqual([]);
    expect(finals(results)).toHaveLength(1);
    const session = cluster.store.get(
      RESOURCE_TYPES.investigationSessions,
      'kubernaut-system',
      `is-${run.rrName}`,
    )?.object;
    expect((session?.spec as { joinMode?: string }).joinMode).toBe('takeover');
  });

  /** A remediation started for a user to drive, once its investigation offers its workflows. */
  async function offering(): Promise<RemediationRun> {
    const run = cluster.engine.startScenario('checkout-oom', {
      scriptedDecisions: false,
      interactive: true,
    });
    const deadline = Date.now() + 20_000;
    while (!run.interactiveSession.awaitingChoice && Date.now() < deadline)
      await new Promise(resolve => setTimeout(resolve, 20));
    expect(run.interactiveSession.awaitingChoice).toBe(true);
    return run;
  }

  const isDecision = (r: any) =>
    r.artifact?.metadata?.schema === 'investigation_summary';
  const reasoning = (results: any[]) =>
    results
      .filter(r => r.metadata?.type === 'reasoning')
      .map(r => r.status.message.parts[0].text);

  // agent/prompt.txt Phase 3 (the user selects, the agent calls kubernaut_select_workflow);
  // agent/phase_guard.go (a new user turn clears the phase-3 checkpoint); the tool call and its
  // result streamed as launcher/part_converter.go converts them.
  it('presents the decision to the user taking over, then selects the workflow they name in plain words', async () => {
    const run = await offering();
    const contextId = randomUUID();
    const first = await turn(
      url,
      alice,
      `Take a look at ${run.rrName}`,
      contextId,
    );
    const presented = first.find(isDecision);
    expect(presented.artifact.parts[0].data.rr_id).toBe(run.rrName);
    const original = run.transcript.events.find(e => isDecision(e)) as any;
    expect(presented.artifact.artifactId).not.toBe(
      original.artifact.artifactId,
    );
    expect(finals(first)).toEqual([
      expect.objectContaining({
        status: expect.objectContaining({ state: 'input-required' }),
      }),
    ]);

    const second = await turn(url, alice, 'Go with rollback-config', contextId);
    const rollback = workflowId(findWorkflow('rollback-config-v1'));
    expect(reasoning(second).slice(0, 2)).toEqual([
      `Selecting remediation workflow ${rollback}...\n\n`,
      'Workflow workflow_selected.\n\n',
    ]);
    const answer = second.find(
      r => r.kind === 'artifact-update' && !isDecision(r),
    );
    expect(answer.artifact.parts[0].text).toMatch(
      /^I selected rollback-config-v1 for rr-/,
    );
    expect(finals(second)).toEqual([
      expect.objectContaining({
        status: expect.objectContaining({ state: 'completed' }),
      }),
    ]);
    const deadline = Date.now() + 20_000;
    let rar: any;
    while (!rar && Date.now() < deadline) {
      rar = cluster.store.get(
        RESOURCE_TYPES.remediationApprovalRequests,
        'kubernaut-system',
        `rar-${run.rrName}`,
      )?.object;
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    expect(rar.spec.recommendedWorkflow.workflowId).toBe(rollback);
    expect(
      cluster.audit.query({
        correlation_id: run.rrName,
        event_type: 'apifrontend.user.decision',
        limit: 10,
        offset: 0,
      }).data,
    ).toHaveLength(1);
  });

  // agent/root.go registers no kubernaut_complete_no_action for the agent, and DD-AF-007 keeps
  // dismissing and escalating to the console's buttons (MCP only); handler/mcp_bridge.go clears
  // the user's active conversation when the tool completes over MCP.
  it('leaves dismissing and escalating to the console, and ends the conversation when the console does it', async () => {
    const run = await offering();
    const contextId = randomUUID();
    await turn(url, alice, `Look into ${run.rrName} please`, contextId);
    for (const words of ['Dismiss this one', 'Escalate to the DB team']) {
      const results = await turn(url, alice, words, contextId);
      expect(reasoning(results).join('')).not.toMatch(/Selecting|Error/);
      expect(texts(results)).toMatch(/No action needed or Escalate button/);
      expect(run.interactiveSession.awaitingChoice).toBe(true);
    }
    const buttons = await mcpSession(url, alice);
    expect(
      (
        await buttons.call('kubernaut_complete_no_action', {
          rr_id: run.rrName,
          escalation_reason: 'DB team: connection pool exhausted',
        })
      ).json,
    ).toEqual({
      status: 'escalated',
      escalation_reason: 'DB team: connection pool exhausted',
    });
    const after = await turn(url, alice, 'And now?');
    expect(after[0].contextId).not.toBe(contextId);
  });
});
