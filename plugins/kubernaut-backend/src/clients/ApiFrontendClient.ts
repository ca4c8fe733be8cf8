import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export class ApiFrontendError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
  }
}

/** The connection to API Frontend broke while a stream was open. */
export class StreamDroppedError extends ApiFrontendError {}

/** Reads `data:` payloads out of a server-sent-events body, one JSON value per event. */
async function* sseData(body: IncomingMessage): AsyncGenerator<unknown> {
  body.setEncoding('utf8');
  let buffer = '';
  const chunks = body[Symbol.asyncIterator]();
  for (;;) {
    let chunk: IteratorResult<string>;
    try {
      chunk = await chunks.next();
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') throw error;
      throw new StreamDroppedError(
        `the connection to API Frontend dropped: ${String(
          (error as Error)?.message ?? error,
        )}`,
      );
    }
    if (chunk.done) break;
    buffer += chunk.value;
    for (
      let end = buffer.indexOf('\n\n');
      end >= 0;
      end = buffer.indexOf('\n\n')
    ) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = frame
        .split('\n')
        .filter(line => line.startsWith('data:'))
        .map(line => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (!data) continue;
      try {
        yield JSON.parse(data);
      } catch {
        throw new ApiFrontendError('API Frontend sent a malformed event');
      }
    }
  }
  if (buffer.trim())
    throw new StreamDroppedError(
      'API Frontend closed the stream in the middle of an event',
    );
}

async function readAll(body: IncomingMessage): Promise<string> {
  body.setEncoding('utf8');
  let text = '';
  for await (const chunk of body) text += chunk;
  return text;
}

/** Where API Frontend takes A2A JSON-RPC calls. */
export const A2A_INVOKE_PATH = '/a2a/invoke';

/** The JSON-RPC body of an A2A `message/stream` call: one user turn, in a conversation or new. */
export function messageStreamRequest(text: string, contextId?: string) {
  return {
    jsonrpc: '2.0',
    id: randomUUID(),
    method: 'message/stream',
    params: {
      message: {
        messageId: randomUUID(),
        role: 'user',
        ...(contextId ? { contextId } : {}),
        parts: [{ kind: 'text', text }],
      },
    },
  };
}

const unreachable = (error: unknown) =>
  new ServiceUnavailableError(
    `API Frontend unreachable: ${
      error instanceof Error ? error.message : String(error)
    }`,
  );

const refused = (status: number, body: string) =>
  new NotAllowedError(
    `API Frontend refused the request (${status}): ${body.slice(0, 200)}`,
  );

/**
 * Kubernaut API Frontend for one cluster: A2A `message/stream`, the `status/subscribe` stream and
 * MCP tools. The base URL comes from configuration only.
 */
export class ApiFrontendClient {
  private session?: { id: string; token: string };

  constructor(private readonly baseUrl: string) {}

  private async post(
    path: string,
    token: string,
    body: unknown,
    signal?: AbortSignal,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json, text/event-stream',
          Authorization: `Bearer ${token}`,
          ...headers,
        },
        body: JSON.stringify(body),
        signal,
      });
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') throw error;
      throw unreachable(error);
    }
    if (response.status === 401 || response.status === 403)
      throw refused(response.status, await response.text());
    return response;
  }

  /**
   * Opens a streaming POST with node:http(s) rather than fetch: each chunk reaches the relay as
   * the socket reads it, with no web-stream queue in between (what a relayed event waits for).
   */
  private openStream(
    path: string,
    token: string,
    body: unknown,
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    const url = new URL(`${this.baseUrl}${path}`);
    const payload = JSON.stringify(body);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const request = send(
        url,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(payload),
            Accept: 'text/event-stream',
            Authorization: `Bearer ${token}`,
          },
          signal,
        },
        resolve,
      );
      request.on('error', error =>
        reject(error.name === 'AbortError' ? error : unreachable(error)),
      );
      request.end(payload);
    }).then(async response => {
      const status = response.statusCode ?? 0;
      if (status === 401 || status === 403)
        throw refused(status, await readAll(response));
      if (status < 200 || status >= 300) {
        response.resume();
        throw new ApiFrontendError(`API Frontend answered ${status}`, status);
      }
      return response;
    });
  }

  /** Streams an A2A conversation turn; yields each JSON-RPC `result` (or throws its error). */
  async *messageStream(
    token: string,
    text: string,
    contextId: string | undefined,
    signal: AbortSignal,
  ): AsyncGenerator<Record<string, unknown>> {
    const response = await this.openStream(
      A2A_INVOKE_PATH,
      token,
      messageStreamRequest(text, contextId),
      signal,
    );
    if (
      !(response.headers['content-type'] ?? '').includes('text/event-stream')
    ) {
      let body: { error?: { message?: string } } = {};
      try {
        body = JSON.parse(await readAll(response));
      } catch {
        // not JSON either
      }
      throw new ApiFrontendError(
        body.error?.message ?? 'API Frontend did not stream',
      );
    }
    for await (const message of sseData(response)) {
      const rpc = message as {
        result?: Record<string, unknown>;
        error?: { message?: string };
      };
      if (rpc.error)
        throw new ApiFrontendError(rpc.error.message ?? 'API Frontend error');
      if (rpc.result) yield rpc.result;
    }
  }

  /**
   * Streams phase changes of a remediation (`status/subscribe`). Ends when the remediation
   * reaches a final phase or API Frontend announces `status/closing` (the caller reconnects).
   */
  async *statusStream(
    token: string,
    remediation: string,
    signal: AbortSignal,
  ): AsyncGenerator<Record<string, unknown>> {
    const response = await this.openStream(
      '/a2a/status',
      token,
      {
        jsonrpc: '2.0',
        id: randomUUID(),
        method: 'status/subscribe',
        params: { rr_id: remediation },
      },
      signal,
    );
    for await (const message of sseData(response)) {
      const rpc = message as {
        method?: string;
        params?: Record<string, unknown>;
        error?: { code?: number; message?: string };
      };
      if (rpc.error)
        throw new ApiFrontendError(
          rpc.error.message ?? 'status stream error',
          rpc.error.code === -32001 ? 404 : undefined,
        );
      if (rpc.method === 'status/closing') return;
      if (rpc.params) yield rpc.params;
    }
  }

  private async rpc(
    token: string,
    body: Record<string, unknown>,
    sessionId?: string,
  ): Promise<{ response: Response; json: any }> {
    const response = await this.post(
      '/mcp',
      token,
      body,
      AbortSignal.timeout(30_000),
      sessionId ? { 'Mcp-Session-Id': sessionId } : {},
    );
    if (response.status === 202) return { response, json: undefined };
    const text = await response.text();
    let json: any;
    if (text.startsWith('event:') || text.startsWith('data:')) {
      // MCP may answer as a one-event SSE stream.
      json = JSON.parse(
        text
          .split('\n')
          .find(l => l.startsWith('data:'))!
          .slice(5),
      );
    } else if (text) {
      json = JSON.parse(text);
    }
    return { response, json };
  }

  private async sessionFor(token: string): Promise<string> {
    if (this.session?.token === token) return this.session.id;
    const { response } = await this.rpc(token, {
      jsonrpc: '2.0',
      id: randomUUID(),
      method: 'initialize',
      params: {
        protocolVersion: '2025-03-26',
        capabilities: {},
        clientInfo: { name: 'backstage-kubernaut', version: '0.1.0' },
      },
    });
    const id = response.headers.get('mcp-session-id');
    if (!response.ok || !id)
      throw new ApiFrontendError(
        `MCP initialize failed (${response.status})`,
        response.status,
      );
    // Notifications carry no id (MCP); a request id here is rejected by API Frontend.
    await this.rpc(
      token,
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      id,
    );
    this.session = { id, token };
    return id;
  }

  /** Calls an MCP tool; the tool's JSON answer, or an error with the tool's message. */
  async callTool(
    token: string,
    name: string,
    args: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const sessionId = await this.sessionFor(token);
      const { response, json } = await this.rpc(
        token,
        {
          jsonrpc: '2.0',
          id: randomUUID(),
          method: 'tools/call',
          params: { name, arguments: args },
        },
        sessionId,
      );
      if (response.status === 404) {
        this.session = undefined; // expired session: initialize again once
        continue;
      }
      if (!response.ok)
        throw new ApiFrontendError(
          `MCP ${name} failed (${response.status})`,
          response.status,
        );
      if (json?.error)
        throw new ApiFrontendError(json.error.message ?? `MCP ${name} failed`);
      const text = json?.result?.content?.[0]?.text;
      const result = text ? JSON.parse(text) : {};
      if (json?.result?.isError)
        throw new ApiFrontendError(result.error ?? `MCP ${name} failed`);
      return result;
    }
    throw new ApiFrontendError(`MCP ${name}: session keeps expiring`);
  }
}
