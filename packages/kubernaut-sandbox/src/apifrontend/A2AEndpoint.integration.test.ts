import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { RESOURCE_TYPES } from '../kube/resources';
import { Sandbox } from '../Sandbox';
import type { SimulatedCluster } from '../SimulatedCluster';

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
    let buffer = '';
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
        res.on('data', chunk => {
          buffer += chunk;
          let end = buffer.indexOf('\n\n');
          while (end >= 0) {
            const data = buffer
              .slice(0, end)
              .split('\n')
              .filter(line => line.startsWith('data: '))
              .map(line => line.slice(6))
              .join('\n');
            buffer = buffer.slice(end + 2);
            if (data) results.push(JSON.parse(data).result);
            end = buffer.indexOf('\n\n');
          }
        });
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
});
