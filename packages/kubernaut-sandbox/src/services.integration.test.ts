import { createParser } from 'eventsource-parser';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildKubeconfig } from './kubeconfig';
import { Sandbox } from './Sandbox';
import type { SimulatedCluster } from './SimulatedCluster';

jest.setTimeout(60_000);

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  url: string,
  options: {
    method?: string;
    token?: string;
    body?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: options.method ?? 'GET',
        headers: {
          ...(options.token
            ? { Authorization: `Bearer ${options.token}` }
            : {}),
          ...(options.body ? { 'Content-Type': 'application/json' } : {}),
          ...options.headers,
        },
      },
      res => {
        let body = '';
        res.on('data', chunk => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Reads an SSE response event by event until `done` says stop; returns every parsed `data:` payload. */
function readSse(
  url: string,
  token: string,
  body: string,
  done: (event: any, all: any[]) => boolean,
): Promise<{ events: any[]; raw: string; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const events: any[] = [];
    let raw = '';
    let stopped = false;
    let req: http.ClientRequest | undefined = undefined;
    const parser = createParser({
      onEvent: ({ data }) => {
        if (stopped) return;
        const event = JSON.parse(data);
        events.push(event);
        if (done(event, events)) {
          stopped = true;
          req?.destroy();
          resolve({ events, raw, ended: false });
        }
      },
    });
    req = http.request(
      url,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
        },
      },
      res => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          raw += chunk;
          parser.feed(chunk);
        });
        res.on('end', () => resolve({ events, raw, ended: true }));
        res.on('error', () => resolve({ events, raw, ended: false }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function a2a(text: string, contextId?: string) {
  return JSON.stringify({
    jsonrpc: '2.0',
    id: 'req-1',
    method: 'message/stream',
    params: {
      message: {
        messageId: 'm-1',
        role: 'user',
        ...(contextId ? { contextId } : {}),
        parts: [{ kind: 'text', text }],
      },
    },
  });
}

/** The events' `data:` of a complete SSE body. */
function sseData(body: string): string[] {
  const data: string[] = [];
  const parser = createParser({ onEvent: event => data.push(event.data) });
  parser.feed(`${body}\n\n`);
  return data;
}

const MCP_ACCEPT = { Accept: 'application/json, text/event-stream' };

/**
 * An MCP session as upstream's go-sdk transport serves it: every answer is a one-event SSE
 * stream (`pkg/apifrontend/handler/mcp.go`). A call returns the tool result's text, its JSON
 * when it is JSON (tool errors are plain text), and the error flag.
 */
async function mcpSession(
  cluster: SimulatedCluster,
  user: string,
): Promise<(name: string, args: object) => Promise<any>> {
  const url = `${cluster.apiFrontendServer.url}/mcp`;
  const token = cluster.userToken(user);
  const init = await request(url, {
    method: 'POST',
    token,
    headers: MCP_ACCEPT,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-03-26',
        capabilities: {},
        clientInfo: { name: 'test', version: '1' },
      },
    }),
  });
  expect(init.headers['content-type']).toBe('text/event-stream');
  const session = init.headers['mcp-session-id'] as string;
  const initialized = await request(url, {
    method: 'POST',
    token,
    headers: { ...MCP_ACCEPT, 'Mcp-Session-Id': session },
    body: JSON.stringify({
      jsonrpc: '2.0',
      method: 'notifications/initialized',
    }),
  });
  expect(initialized.status).toBe(202);
  let id = 10;
  return async (name, args) => {
    const reply = await request(url, {
      method: 'POST',
      token,
      headers: { ...MCP_ACCEPT, 'Mcp-Session-Id': session },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: id++,
        method: 'tools/call',
        params: { name, arguments: args },
      }),
    });
    const result = JSON.parse(sseData(reply.body)[0]).result;
    const text: string = result.content[0].text;
    let json: object = {};
    try {
      json = JSON.parse(text);
    } catch {
      // a tool error: plain text
    }
    return { ...json, text, isError: result.isError === true };
  };
}

describe('sandbox Data Storage, API Frontend and fault switches over HTTP', () => {
  let sandbox: Sandbox;
  let prod: SimulatedCluster;

  beforeAll(async () => {
    sandbox = new Sandbox({
      clusters: [
        { name: 'prod-a', environment: 'production', layout: 'v1.6' },
        { name: 'legacy-b', environment: 'production', layout: 'v1.5' },
      ],
      host: '127.0.0.1',
      port: 0,
      seed: 3,
      speed: 100,
      scale: 0,
      live: false,
      // Plain HTTP for this file's raw-socket helpers; TLS itself is pinned in auditContract.
      serviceTls: false,
    });
    await sandbox.start();
    prod = sandbox.clusters[0];
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  describe('Data Storage', () => {
    const events = (query: string, user = 'kubernaut-backstage') =>
      request(`${prod.dataStorageServer.url}/api/v1/audit/events${query}`, {
        token: prod.userToken(`system:serviceaccount:backstage:${user}`),
      });

    it('answers the audit trail of a remediation, newest first, with pagination', async () => {
      const rrName = [...prod.engine.runs.keys()][0];
      const page = await events(`?correlation_id=${rrName}&limit=5`);
      expect(page.status).toBe(200);
      const body = JSON.parse(page.body);
      expect(body.data).toHaveLength(5);
      expect(body.pagination).toEqual(
        expect.objectContaining({ limit: 5, offset: 0, has_more: true }),
      );
      const times = body.data.map(
        (e: { event_timestamp: string }) => e.event_timestamp,
      );
      expect(times).toEqual([...times].sort().reverse());
      expect(
        body.data.every(
          (e: { correlation_id: string }) => e.correlation_id === rrName,
        ),
      ).toBe(true);
    });

    it('refuses bad parameters and unknown callers with problem+json', async () => {
      const tooMany = await events('?limit=5000');
      expect(tooMany.status).toBe(400);
      expect(tooMany.headers['content-type']).toBe('application/problem+json');
      expect((await events('?detail_key=workflow_name')).status).toBe(400);
      expect((await events('?since=yesterday-ish')).status).toBe(400);
      expect(
        (await request(`${prod.dataStorageServer.url}/api/v1/audit/events`))
          .status,
      ).toBe(401);
      const viewer = await request(
        `${prod.dataStorageServer.url}/api/v1/audit/events`,
        { token: prod.userToken('bob') },
      );
      expect(viewer.status).toBe(403);
    });

    it('scores the effectiveness of a verified remediation with the Data Storage weights', async () => {
      const remediated = [...prod.engine.runs.values()].find(
        r => r.scenario.outcome === 'remediated' && r.phase === 'Completed',
      )!;
      const reply = await request(
        `${prod.dataStorageServer.url}/api/v1/effectiveness/${remediated.rrName}`,
        {
          token: prod.userToken(
            'system:serviceaccount:backstage:kubernaut-backstage',
          ),
        },
      );
      const body = JSON.parse(reply.body);
      const { health_score, alert_score, metrics_score } = body.components;
      expect(body.score).toBeCloseTo(
        0.4 * health_score + 0.35 * alert_score + 0.25 * metrics_score,
        2,
      );
      expect(body.assessment_status).toBe('Full');
      expect(
        (
          await request(
            `${prod.dataStorageServer.url}/api/v1/effectiveness/rr-unknown`,
            {
              token: prod.userToken(
                'system:serviceaccount:backstage:kubernaut-backstage',
              ),
            },
          )
        ).status,
      ).toBe(404);
    });
  });

  describe('API Frontend', () => {
    it('starts an investigation from plain words, ends the turn at the decision, and moves on when a human approves', async () => {
      const token = prod.userToken('alice');
      const contextId = 'ctx-payment-1';
      const stream = await readSse(
        `${prod.apiFrontendServer.url}/a2a/invoke`,
        token,
        a2a(
          'The payment processing feels sluggish since this morning, customers see timeouts.',
          contextId,
        ),
        event => event.result?.final === true,
      );
      const results = stream.events.map(e => e.result);
      expect(results[0]).toMatchObject({ kind: 'task', contextId });
      expect(results.some(r => r.metadata?.type === 'reasoning')).toBe(true);
      // The agent's tool calls arrive as text only (pkg/apifrontend/tools/ka_investigate_bridge.go).
      const calls = results.filter(r =>
        /^Calling prometheus_query\.\.\.$/.test(
          r.status?.message?.parts?.[0]?.text ?? '',
        ),
      );
      expect(calls.length).toBeGreaterThan(0);
      expect(calls.every(r => r.metadata.tool_name === undefined)).toBe(true);
      const summary = results.find(
        r => r.artifact?.metadata?.schema === 'investigation_summary',
      );
      expect(
        summary.artifact.parts[0].data.options.map(
          (o: { name: string }) => o.name,
        ),
      ).toEqual(['scale-statefulset-v1', 'rollback-node-drain-v1']);
      expect(results.at(-1)).toMatchObject({
        final: true,
        status: { state: 'input-required' },
      });
      const rrName = results.find(r => r.metadata?.rr_id)!.metadata.rr_id;
      expect(
        prod.store.get(
          prod.store.types().find(t => t.kind === 'InvestigationSession')!,
          'kubernaut-system',
          `is-${rrName}`,
        ),
      ).toBeDefined();

      // Upstream's agent started it interactive, driven by alice: nothing moves until she chooses
      // (tools/ka_investigate_mcp.go joinMode start; KA's select_workflow.go after discovery).
      const call = await mcpSession(prod, 'alice');
      const choice = summary.artifact.parts[0].data.options[0].workflow_id;
      await call('kubernaut_discover_workflows', { rr_id: rrName });
      expect(
        await call('kubernaut_select_workflow', {
          rr_id: rrName,
          workflow_id: choice,
        }),
      ).toEqual(expect.objectContaining({ status: 'workflow_selected' }));

      // What follows is on the status stream and in the CRs: the approval request.
      const rarName = `rar-${rrName}`;
      const rarType = prod.store
        .types()
        .find(t => t.kind === 'RemediationApprovalRequest')!;
      const deadline = Date.now() + 20_000;
      while (
        !prod.store.get(rarType, 'kubernaut-system', rarName) &&
        Date.now() < deadline
      )
        await new Promise(resolve => setTimeout(resolve, 50));

      // pkg/apifrontend/tools/crd_tools.go HandleApprove
      expect(
        await call('kubernaut_approve', {
          rar_name: rarName,
          decision: 'Approved',
          reason: 'scale it back',
        }),
      ).toEqual(
        expect.objectContaining({
          status: 'Approved',
          message: 'Remediation approval Approved by alice',
          isError: false,
        }),
      );
      // A tool error is plain text (pkg/apifrontend/handler/mcp_bridge.go toolErrorResult).
      const invalid = await call('kubernaut_approve', {
        rar_name: rarName,
        decision: 'Maybe',
      });
      expect(invalid.isError).toBe(true);
      expect(invalid.text).toMatch(/^invalid input: /);

      // The next turn in the conversation answers and completes.
      const next = await readSse(
        `${prod.apiFrontendServer.url}/a2a/invoke`,
        token,
        a2a('Where does it stand?', contextId),
        event => event.result?.final === true,
      );
      expect(next.events[0].result).toMatchObject({ kind: 'task', contextId });
      expect(next.events.at(-1)!.result.status.state).toBe('completed');
    });

    it('answers follow-ups in the same conversation; an unknown context is a new one', async () => {
      const contextId = 'ctx-checkout-1';
      await readSse(
        `${prod.apiFrontendServer.url}/a2a/invoke`,
        prod.userToken('alice'),
        a2a('checkout-service is OOMKilled', contextId),
        event => event.result?.final === true,
      );
      const answer = await readSse(
        `${prod.apiFrontendServer.url}/a2a/invoke`,
        prod.userToken('alice'),
        a2a('What can we do about it?', contextId),
        event => event.result?.final === true,
      );
      const artifact = answer.events
        .map(e => e.result)
        .find(r => r.kind === 'artifact-update');
      expect(artifact.artifact.parts[0].text).toContain('rollback-config');
      expect(answer.events.every(e => e.result.contextId === contextId)).toBe(
        true,
      );

      // pkg/apifrontend/launcher/session_interceptor.go: a client's contextId is never refused.
      const unknown = await readSse(
        `${prod.apiFrontendServer.url}/a2a/invoke`,
        prod.userToken('alice'),
        a2a('hello', 'no-such-context'),
        event => event.result?.final === true,
      );
      expect(unknown.events[0].result).toMatchObject({
        kind: 'task',
        contextId: 'no-such-context',
      });
    });

    // pkg/apifrontend/handler/status_handler.go writeJSONRPCError
    it('answers status/subscribe for an unknown remediation with HTTP 400 rr_not_found', async () => {
      const reply = await request(`${prod.apiFrontendServer.url}/a2a/status`, {
        method: 'POST',
        token: prod.userToken('alice'),
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 's',
          method: 'status/subscribe',
          params: { rr_id: 'rr-000000000000-00000000' },
        }),
      });
      expect(reply.status).toBe(400);
      expect(JSON.parse(reply.body)).toEqual({
        jsonrpc: '2.0',
        id: 's',
        error: { code: -32001, message: 'rr_not_found' },
      });
    });

    // pkg/apifrontend/handler/status_handler.go, status_types.go BuildPhaseMetadata
    it("streams a played remediation's phases with their metadata, Verifying with its steps", async () => {
      const run = prod.engine.startScenario('checkout-oom', {
        scriptedDecisions: true,
      });
      await new Promise(r => setTimeout(r, 50));
      const stream = await readSse(
        `${prod.apiFrontendServer.url}/a2a/status`,
        prod.userToken('alice'),
        JSON.stringify({
          jsonrpc: '2.0',
          id: 'p',
          method: 'status/subscribe',
          params: { rr_id: run.rrName },
        }),
        event => event.params?.final === true,
      );
      const updates = stream.events.map(e => e.params);
      const phases = updates.map(u => u.phase);
      expect(phases[phases.length - 1]).toBe('Completed');
      expect(phases).toEqual(
        expect.arrayContaining(['AwaitingApproval', 'Executing', 'Verifying']),
      );
      const executing = updates.find(u => u.phase === 'Executing');
      expect(executing.metadata).toEqual(
        expect.objectContaining({
          target: 'Deployment/checkout-service',
          workflow_id: expect.any(String),
          started_at: expect.any(String),
        }),
      );
      const steps = updates
        .filter(u => u.phase === 'Verifying')
        .flatMap(u => u.metadata.verification_steps ?? [])
        .map((s: { step: string }) => s.step);
      expect(steps).toEqual(
        expect.arrayContaining([
          'stabilization_elapsed',
          'health_check',
          'alert_check',
          'metrics_check',
        ]),
      );
      expect(updates[updates.length - 1].metadata.outcome).toBe('Remediated');
    });

    it('validates requests: bad JSON, oversize bodies, missing tokens and MCP sessions', async () => {
      const url = `${prod.apiFrontendServer.url}/a2a/invoke`;
      expect(
        (
          await request(url, {
            method: 'POST',
            token: prod.userToken('alice'),
            body: '{nope',
          })
        ).status,
      ).toBe(400);
      expect(
        (
          await request(url, {
            method: 'POST',
            token: prod.userToken('alice'),
            body: JSON.stringify({
              jsonrpc: '2.0',
              id: 1,
              method: 'message/stream',
              params: {
                message: {
                  parts: [{ kind: 'text', text: 'x'.repeat(1_100_000) }],
                },
              },
            }),
          })
        ).status,
      ).toBe(413);
      expect(
        (await request(url, { method: 'POST', body: a2a('hi') })).status,
      ).toBe(401);
      // go-sdk mcp/streamable.go: an unknown session is 404 text/plain
      const noSession = await request(`${prod.apiFrontendServer.url}/mcp`, {
        method: 'POST',
        token: prod.userToken('alice'),
        headers: { ...MCP_ACCEPT, 'Mcp-Session-Id': 'expired' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
      });
      expect(noSession.status).toBe(404);
      expect(noSession.body).toBe('session not found\n');
    });

    it('refuses to cancel a finished remediation and cancels a running one', async () => {
      const call = await mcpSession(prod, 'alice');
      const finished = [...prod.engine.runs.values()].find(r => r.terminal)!;
      expect(
        (await call('kubernaut_cancel_remediation', { rr_id: finished.rrName }))
          .isError,
      ).toBe(true);
      const running = prod.engine.startScenario('orders-resource-busy', {
        scriptedDecisions: false,
      });
      await new Promise(r => setTimeout(r, 100));
      expect(
        await call('kubernaut_cancel_remediation', { rr_id: running.rrName }),
      ).toEqual(expect.objectContaining({ status: 'Cancelled' }));
      await new Promise(r => setTimeout(r, 500));
      expect(running.transcript.isClosed).toBe(true);
      expect(running.phase).toBe('Cancelled');
    });
  });

  describe('fault switches', () => {
    const admin = (path: string, body?: object) =>
      request(`${sandbox.admin.url}${path}`, {
        method: body ? 'POST' : 'GET',
        body: body ? JSON.stringify(body) : undefined,
      });

    it('cuts an SSE stream in the middle of a frame', async () => {
      const run = prod.engine.startScenario('checkout-oom', {
        scriptedDecisions: false,
      });
      const pending = readSse(
        `${prod.apiFrontendServer.url}/a2a/invoke`,
        prod.userToken('alice'),
        a2a(`follow ${run.rrName}`),
        () => false,
      ).catch(() => ({ events: [], raw: '', ended: false }));
      await new Promise(r => setTimeout(r, 300));
      expect(
        JSON.parse((await admin('/clusters/prod-a/streams/cut', {})).body).cut,
      ).toBeGreaterThanOrEqual(1);
      const { raw } = await pending;
      expect(raw.endsWith('data: {"jsonrpc":"2.0","res')).toBe(true);
    });

    it('takes a cluster down and up, adds latency, and forces 410 on resume', async () => {
      const b = sandbox.clusters[1];
      await admin('/clusters/legacy-b/down', {});
      await expect(
        request(`${b.dataStorageServer.url}/readyz`),
      ).rejects.toThrow(/ECONNREFUSED/);
      await admin('/clusters/legacy-b/up', {});
      expect((await request(`${b.dataStorageServer.url}/readyz`)).status).toBe(
        200,
      );

      await admin('/clusters/legacy-b/latency', { ms: 300 });
      const started = Date.now();
      await request(`${b.dataStorageServer.url}/readyz`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      await admin('/clusters/legacy-b/latency', { ms: 0 });
      expect(
        (await admin('/clusters/legacy-b/latency', { ms: -1 })).status,
      ).toBe(400);

      const rv = b.store.resourceVersion;
      await admin('/clusters/legacy-b/compact', {});
      expect(() =>
        b.store.watch(
          b.store.types()[0],
          { resourceVersion: rv },
          () => undefined,
        ),
      ).toThrow(expect.objectContaining({ code: 410 }));
      expect((await admin('/clusters/nowhere/down', {})).status).toBe(404);
    });
  });

  it('works with the real kubectl: get, watch-free list, create, status patch', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sandbox-kubectl-'));
    const kubeconfig = join(dir, 'kubeconfig');
    await writeFile(
      kubeconfig,
      buildKubeconfig(sandbox.clusters, sandbox.tls.caPem),
    );
    const kubectl = (...args: string[]) =>
      promisify(execFile)('kubectl', ['--kubeconfig', kubeconfig, ...args]);

    const list = await kubectl(
      '--context',
      'legacy-b',
      'get',
      'rr',
      '-A',
      '-o',
      'name',
    );
    expect(list.stdout.split('\n').filter(Boolean).length).toBeGreaterThan(10);

    const manifest = join(dir, 'rw.json');
    await writeFile(
      manifest,
      JSON.stringify({
        apiVersion: 'kubernaut.ai/v1alpha1',
        kind: 'RemediationWorkflow',
        metadata: { name: 'kubectl-made', namespace: 'kubernaut-system' },
        spec: { version: '0.0.1' },
      }),
    );
    expect(
      (await kubectl('--context', 'prod-a', 'create', '-f', manifest)).stdout,
    ).toContain('remediationworkflow.kubernaut.ai/kubectl-made created');

    const pending = [...prod.engine.runs.values()].find(
      r => r.phase === 'AwaitingApproval',
    );
    const rar = pending ? `rar-${pending.rrName}` : undefined;
    expect(rar).toBeDefined();
    await kubectl(
      '--context',
      'prod-a-alice',
      'patch',
      'rar',
      rar!,
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"decision":"Rejected","decisionMessage":"not now"}}',
    );
    const decided = await kubectl(
      '--context',
      'prod-a',
      'get',
      'rar',
      rar!,
      '-o',
      'jsonpath={.status.decidedBy}',
    );
    expect(decided.stdout).toBe('alice');
  });
});
