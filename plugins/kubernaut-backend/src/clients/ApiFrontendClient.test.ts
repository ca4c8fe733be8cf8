import { NotAllowedError } from '@backstage/errors';
import {
  Agent as HttpAgent,
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ApiFrontendClient,
  ApiFrontendError,
  McpToolError,
  RemediationNotFoundError,
  StatusStreamClosingError,
  StreamDroppedError,
} from './ApiFrontendClient';

type Handler = (
  req: IncomingMessage,
  res: ServerResponse,
  body: any,
) => void | Promise<void>;

/** A fake API Frontend: each request goes to `handler` with its parsed JSON body. */
async function fakeApiFrontend(handler: { current: Handler }) {
  const requests: Array<{
    headers: IncomingMessage['headers'];
    body: any;
    /** The client's end of the connection: the same for requests on one socket. */
    port?: number;
  }> = [];
  const server: Server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', chunk => (text += chunk));
    req.on('end', () => {
      const body = text ? JSON.parse(text) : undefined;
      requests.push({
        headers: req.headers,
        body,
        port: req.socket.remotePort,
      });
      Promise.resolve(handler.current(req, res, body)).catch(() =>
        res.destroy(),
      );
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One answer as the MCP go-sdk writes it: an SSE stream with one `message` event. */
function sseAnswer(res: ServerResponse, message: object, headers = {}) {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache, no-transform',
    ...headers,
  });
  res.end(`event: message\nid: s1_1\ndata: ${JSON.stringify(message)}\n\n`);
}

function toolResult(id: unknown, text: string, isError = false) {
  return {
    jsonrpc: '2.0',
    id,
    result: {
      content: [{ type: 'text', text }],
      ...(isError ? { isError: true } : {}),
    },
  };
}

/** An MCP server (initialize, notifications, tools/call answered by `call`). */
function mcpServer(
  call: (body: any, session: string) => object | 'session-not-found',
): Handler {
  let sessions = 0;
  return (req, res, body) => {
    if (body.method === 'initialize') {
      sseAnswer(
        res,
        {
          jsonrpc: '2.0',
          id: body.id,
          result: {
            protocolVersion: '2025-03-26',
            capabilities: { tools: {} },
            serverInfo: { name: 'kubernaut-apifrontend', version: 't' },
          },
        },
        { 'Mcp-Session-Id': `session-${++sessions}` },
      );
      return;
    }
    if (body.method === 'notifications/initialized') {
      res.writeHead(202);
      res.end();
      return;
    }
    const answer = call(body, req.headers['mcp-session-id'] as string);
    if (answer === 'session-not-found') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('session not found\n');
      return;
    }
    sseAnswer(res, answer);
  };
}

describe('ApiFrontendClient MCP tools', () => {
  const handler: { current: Handler } = { current: () => undefined };
  let api: Awaited<ReturnType<typeof fakeApiFrontend>>;
  beforeAll(async () => {
    api = await fakeApiFrontend(handler);
  });
  afterAll(() => api.close());
  beforeEach(() => {
    api.requests.length = 0;
  });

  // go-sdk mcp/streamable.go: POST needs both Accept types; answers are one-event SSE streams
  it('speaks Streamable HTTP: both Accept types, a session, and the answer read from the SSE event', async () => {
    handler.current = mcpServer(body =>
      toolResult(
        body.id,
        JSON.stringify({ status: 'Approved', message: 'ok' }),
      ),
    );
    const client = new ApiFrontendClient(api.url);
    expect(
      await client.callTool('t1', 'kubernaut_approve', {
        rar_name: 'rar-x',
        decision: 'Approved',
      }),
    ).toEqual({ status: 'Approved', message: 'ok' });
    const [init, initialized, call] = api.requests;
    for (const { headers } of api.requests) {
      expect(headers.accept).toBe('application/json, text/event-stream');
      expect(headers['content-type']).toBe('application/json');
      expect(headers.authorization).toBe('Bearer t1');
    }
    expect(init.body.method).toBe('initialize');
    expect(initialized.body).toEqual({
      jsonrpc: '2.0',
      method: 'notifications/initialized',
    });
    expect(call.headers['mcp-session-id']).toBe('session-1');
    // The session is kept for the next call with the same token.
    await client.callTool('t1', 'kubernaut_approve', {});
    expect(api.requests.map(r => r.body.method)).toEqual([
      'initialize',
      'notifications/initialized',
      'tools/call',
      'tools/call',
    ]);
  });

  // pkg/apifrontend/handler/mcp_bridge.go toolErrorResult: the text is plain, not JSON
  it('turns a plain-text tool error into a McpToolError carrying the text, never a parse error', async () => {
    handler.current = mcpServer(body =>
      toolResult(
        body.id,
        'permission denied: role lacks access to kubernaut_approve',
        true,
      ),
    );
    const client = new ApiFrontendClient(api.url);
    const error = await client
      .callTool('t', 'kubernaut_approve', {})
      .catch(e => e);
    expect(error).toBeInstanceOf(McpToolError);
    expect(error).toBeInstanceOf(ApiFrontendError);
    expect(error.text).toBe(
      'permission denied: role lacks access to kubernaut_approve',
    );
    expect(error.tool).toBe('kubernaut_approve');
  });

  it('returns a successful answer that is not JSON as { text }', async () => {
    handler.current = mcpServer(body =>
      toolResult(body.id, 'done, nothing to say'),
    );
    expect(
      await new ApiFrontendClient(api.url).callTool(
        't',
        'kubernaut_message',
        {},
      ),
    ).toEqual({ text: 'done, nothing to say' });
  });

  // go-sdk mcp/server.go callTool: an unknown tool is a JSON-RPC error
  it('raises a JSON-RPC error as ApiFrontendError with its code', async () => {
    handler.current = mcpServer(body => ({
      jsonrpc: '2.0',
      id: body.id,
      error: { code: -32602, message: 'unknown tool "kubernaut_nope"' },
    }));
    const error = await new ApiFrontendClient(api.url)
      .callTool('t', 'kubernaut_nope', {})
      .catch(e => e);
    expect(error).toBeInstanceOf(ApiFrontendError);
    expect(error).not.toBeInstanceOf(McpToolError);
    expect(error.rpcCode).toBe(-32602);
  });

  // go-sdk mcp/streamable.go lookupSession: 404 text/plain "session not found"
  it('initializes again, once, when API Frontend no longer knows the session', async () => {
    let expired = true;
    handler.current = mcpServer((body, session) => {
      if (session === 'session-1' && expired) return 'session-not-found';
      return toolResult(body.id, JSON.stringify({ count: 0 }));
    });
    const client = new ApiFrontendClient(api.url);
    expect(await client.callTool('t', 'kubernaut_list_workflows', {})).toEqual({
      count: 0,
    });
    expect(
      api.requests.filter(r => r.body.method === 'initialize'),
    ).toHaveLength(2);

    expired = true;
    handler.current = mcpServer(() => 'session-not-found');
    const again = await client
      .callTool('t', 'kubernaut_list_workflows', {})
      .catch(e => e);
    expect(again).toBeInstanceOf(ApiFrontendError);
    expect(again.message).toMatch(/session keeps expiring/);
  });

  it('reads each answer stream to its end, so a keep-alive agent reuses its connections', async () => {
    handler.current = mcpServer(body =>
      toolResult(body.id, JSON.stringify({ count: 0 })),
    );
    const agent = new HttpAgent({ keepAlive: true });
    try {
      const client = new ApiFrontendClient(api.url, agent);
      for (let i = 0; i < 10; i++)
        await client.callTool('t', 'kubernaut_list_workflows', {});
      expect(api.requests).toHaveLength(12);
      // An answer may still be draining when the next request goes out: two sockets at most
      // (a new one for each call when the answer's stream is cut).
      expect(new Set(api.requests.map(r => r.port)).size).toBeLessThanOrEqual(
        2,
      );
    } finally {
      agent.destroy();
    }
  });

  it('answers as soon as the answer arrives, and cuts a stream that stays open after it', async () => {
    let closed = false;
    const answered = mcpServer(body =>
      toolResult(body.id, JSON.stringify({ count: 1 })),
    );
    handler.current = (req, res, body) => {
      if (body.method !== 'tools/call') return answered(req, res, body);
      res.on('close', () => (closed = true));
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(
        `event: message\nid: s1_1\ndata: ${JSON.stringify(
          toolResult(body.id, JSON.stringify({ count: 1 })),
        )}\n\n`,
      );
      return undefined;
    };
    const client = new ApiFrontendClient(api.url);
    expect(await client.callTool('t', 'kubernaut_list_workflows', {})).toEqual({
      count: 1,
    });
    expect(closed).toBe(false);
    await new Promise(resolve => setTimeout(resolve, 1_500));
    expect(closed).toBe(true);
  });

  it('raises a refused MCP call (401/403 problem) as NotAllowedError', async () => {
    handler.current = (_req, res) => {
      res.writeHead(401, { 'Content-Type': 'application/problem+json' });
      res.end('{"title":"Authentication Failed","status":401}');
    };
    await expect(
      new ApiFrontendClient(api.url).callTool('t', 'kubernaut_approve', {}),
    ).rejects.toBeInstanceOf(NotAllowedError);
  });
});

describe('ApiFrontendClient status stream', () => {
  const handler: { current: Handler } = { current: () => undefined };
  let api: Awaited<ReturnType<typeof fakeApiFrontend>>;
  beforeAll(async () => {
    api = await fakeApiFrontend(handler);
  });
  afterAll(() => api.close());

  const update = (phase: string, extra: object = {}) =>
    `event: status/update\ndata: ${JSON.stringify({
      jsonrpc: '2.0',
      method: 'status/update',
      params: {
        rr_id: 'rr-1',
        phase,
        timestamp: '2026-01-01T10:00:00Z',
        final: false,
        ...extra,
      },
    })}\n\n`;

  const collect = async (
    stream: AsyncGenerator<Record<string, unknown>>,
  ): Promise<{ updates: Record<string, unknown>[]; error?: unknown }> => {
    const updates: Record<string, unknown>[] = [];
    try {
      for await (const u of stream) updates.push(u);
      return { updates };
    } catch (error) {
      return { updates, error };
    }
  };

  // pkg/apifrontend/handler/status_handler.go writeJSONRPCError: HTTP 400, not an SSE frame
  it('raises RemediationNotFoundError for HTTP 400 rr_not_found', async () => {
    handler.current = (_req, res, body) => {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      res.end(
        `${JSON.stringify({
          jsonrpc: '2.0',
          id: body.id,
          error: { code: -32001, message: 'rr_not_found' },
        })}\n`,
      );
    };
    const { error } = await collect(
      new ApiFrontendClient(api.url).statusStream(
        't',
        'rr-1',
        new AbortController().signal,
      ),
    );
    expect(error).toBeInstanceOf(RemediationNotFoundError);
    expect((error as ApiFrontendError).status).toBe(400);
  });

  // pkg/apifrontend/handler/status_handler.go writeStatusClosing (auth/middleware.go deadline)
  it('yields updates with their metadata untouched and raises StatusStreamClosingError on status/closing', async () => {
    const metadata = {
      namespace: 'demo',
      target: 'Deployment/web',
      ea_phase: 'Stabilizing',
      verification_steps: [
        {
          step: 'phase_transition',
          message: 'EA phase: Stabilizing',
          data: { step_status: 'completed' },
        },
      ],
    };
    handler.current = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(update('Verifying', { metadata }));
      res.write(': heartbeat\n\n');
      res.end(
        `event: status/closing\ndata: ${JSON.stringify({
          jsonrpc: '2.0',
          method: 'status/closing',
          params: { reason: 'token_expiry', reconnect: true },
        })}\n\n`,
      );
    };
    const { updates, error } = await collect(
      new ApiFrontendClient(api.url).statusStream(
        't',
        'rr-1',
        new AbortController().signal,
      ),
    );
    expect(updates).toEqual([
      {
        rr_id: 'rr-1',
        phase: 'Verifying',
        timestamp: '2026-01-01T10:00:00Z',
        final: false,
        metadata,
      },
    ]);
    expect(error).toBeInstanceOf(StatusStreamClosingError);
    expect(error).toEqual(
      expect.objectContaining({ reason: 'token_expiry', reconnect: true }),
    );
  });

  it('ends after a final phase, and reports a stream cut mid-frame as StreamDroppedError', async () => {
    handler.current = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.end(update('Completed', { final: true }));
    };
    const client = new ApiFrontendClient(api.url);
    const done = await collect(
      client.statusStream('t', 'rr-1', new AbortController().signal),
    );
    expect(done.error).toBeUndefined();
    expect(done.updates.map(u => u.final)).toEqual([true]);

    handler.current = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(update('Executing'));
      res.write('data: {"jsonrpc":"2.0","res', () => res.destroy());
    };
    const cut = await collect(
      client.statusStream('t', 'rr-1', new AbortController().signal),
    );
    expect(cut.updates.map(u => u.phase)).toEqual(['Executing']);
    expect(cut.error).toBeInstanceOf(StreamDroppedError);
  });

  it('passes an abort through as AbortError', async () => {
    handler.current = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      res.write(update('Executing'));
    };
    const controller = new AbortController();
    const stream = new ApiFrontendClient(api.url).statusStream(
      't',
      'rr-1',
      controller.signal,
    );
    const first = await stream.next();
    expect(first.value.phase).toBe('Executing');
    controller.abort();
    const error = await stream.next().catch(e => e);
    expect(error.name).toBe('AbortError');
  });
});

describe('ApiFrontendClient A2A stream', () => {
  const handler: { current: Handler } = { current: () => undefined };
  let api: Awaited<ReturnType<typeof fakeApiFrontend>>;
  beforeAll(async () => {
    api = await fakeApiFrontend(handler);
  });
  afterAll(() => api.close());

  it('hands each event over as soon as its chunk arrives, even split across chunks', async () => {
    let release: () => void = () => undefined;
    const second = new Promise<void>(resolve => {
      release = resolve;
    });
    handler.current = async (_req, res, body) => {
      res.writeHead(200, { 'Content-Type': 'text/event-stream' });
      const frame = (n: number, final = false) =>
        `id: e${n}\ndata: ${JSON.stringify({
          jsonrpc: '2.0',
          id: body.id,
          result: { kind: 'status-update', n, final },
        })}\n\n`;
      const first = frame(1);
      res.write(first.slice(0, 20));
      res.write(first.slice(20));
      await second;
      res.write(': keep-alive\n\n');
      res.end(frame(2, true));
    };
    const stream = new ApiFrontendClient(api.url).messageStream(
      't',
      'hello',
      undefined,
      new AbortController().signal,
    );
    // The first event arrives while the server still holds the second.
    expect((await stream.next()).value).toEqual(
      expect.objectContaining({ n: 1 }),
    );
    release();
    expect((await stream.next()).value).toEqual(
      expect.objectContaining({ n: 2, final: true }),
    );
    expect((await stream.next()).done).toBe(true);
  });
});
