import { ServiceUnavailableError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { ApiFrontendError, refused } from './apiFrontendErrors';
import { readAll, type ApiFrontendHttp } from './apiFrontendHttp';
import { McpToolError } from './mcpToolErrors';
import { sseMessages } from './sseMessages';

/** How long an MCP answer's SSE stream may stay open after the answer before it is cut. */
const MCP_STREAM_LINGER_MS = 1_000;

/**
 * Reads what follows an MCP answer in the background instead of cutting the stream: upstream
 * (the go-sdk) ends the stream right after the answer, and a response read to its end gives its
 * socket back to the agent's keep-alive pool, where a cut one costs the next call a new
 * connection (and a TLS handshake). A stream still open after MCP_STREAM_LINGER_MS is cut.
 */
function releaseAfterAnswer(
  messages: AsyncGenerator<unknown>,
  response: IncomingMessage,
) {
  const cut = setTimeout(() => response.destroy(), MCP_STREAM_LINGER_MS);
  cut.unref();
  (async () => {
    try {
      while (!(await messages.next()).done);
    } catch {
      // cut, dropped or malformed after the answer: nothing waits for it
    } finally {
      clearTimeout(cut);
    }
  })();
}

interface McpReply {
  status: number;
  headers: IncomingHttpHeaders;
  /** The JSON-RPC response to the request (undefined for 202 and plain-text errors). */
  json?: any;
  text: string;
}

const MCP_TIMEOUT_MS = 30_000;
const MAX_MCP_SESSIONS = 32;

/** API Frontend's MCP tools (`/mcp`, Streamable HTTP), with one session per bearer token. */
export class McpToolClient {
  /** MCP sessions by bearer token (sessions are not bound to a user upstream, tokens are). */
  private readonly sessions = new Map<string, Promise<string>>();

  constructor(private readonly http: ApiFrontendHttp) {}

  /**
   * One MCP JSON-RPC exchange; returns as soon as the response it waits for is read. Written by
   * hand rather than on `@modelcontextprotocol/sdk`'s Client: bench/mcpClient.ts measured the SDK
   * slower per call and heavier per process (a Client per user token, and fetch, which takes no
   * node:https agent for our CA).
   */
  private async rpc(
    token: string,
    body: Record<string, unknown>,
    sessionId?: string,
  ): Promise<McpReply> {
    const signal = AbortSignal.timeout(MCP_TIMEOUT_MS);
    let response: IncomingMessage;
    try {
      response = await this.http.send('/mcp', token, body, {
        signal,
        accept: 'application/json, text/event-stream',
        headers: sessionId ? { 'Mcp-Session-Id': sessionId } : {},
      });
    } catch (error) {
      if ((error as Error)?.name === 'AbortError' && signal.aborted)
        throw new ServiceUnavailableError(
          `API Frontend did not answer ${String(body.method)} within ${
            MCP_TIMEOUT_MS / 1000
          } s`,
        );
      throw error;
    }
    const status = response.statusCode ?? 0;
    const { headers } = response;
    if (status === 401 || status === 403)
      throw refused(status, await readAll(response));
    const type = (headers['content-type'] ?? '').toLowerCase();
    if (status >= 200 && status < 300 && type.includes('text/event-stream')) {
      const messages = sseMessages(response, signal);
      try {
        for (;;) {
          const next = await messages.next();
          if (next.done) break;
          const { message } = next.value;
          // Skip server requests and notifications: the answer carries our id.
          if (
            message?.id === body.id &&
            ('result' in message || 'error' in message)
          ) {
            releaseAfterAnswer(messages, response);
            return { status, headers, json: message, text: '' };
          }
        }
      } catch (error) {
        if (signal.aborted)
          throw new ServiceUnavailableError(
            `API Frontend did not answer ${String(body.method)} within ${
              MCP_TIMEOUT_MS / 1000
            } s`,
          );
        throw error;
      }
      throw new ApiFrontendError(
        `API Frontend ended the MCP stream without answering ${String(
          body.method,
        )}`,
        status,
      );
    }
    const text = await readAll(response);
    let json: any;
    if (type.includes('application/json') && text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { status, headers, json, text };
  }

  private sessionFor(token: string): Promise<string> {
    let session = this.sessions.get(token);
    if (!session) {
      session = this.initialize(token);
      session.catch(() => this.sessions.delete(token));
      if (this.sessions.size >= MAX_MCP_SESSIONS)
        this.sessions.delete(this.sessions.keys().next().value!);
      this.sessions.set(token, session);
    }
    return session;
  }

  private async initialize(token: string): Promise<string> {
    const reply = await this.rpc(token, {
      jsonrpc: '2.0',
      id: randomUUID(),
      method: 'initialize',
      params: {
        protocolVersion: '2025-03-26',
        capabilities: {},
        clientInfo: { name: 'backstage-kubernaut', version: '0.1.0' },
      },
    });
    const id = reply.headers['mcp-session-id'];
    if (
      reply.status !== 200 ||
      typeof id !== 'string' ||
      !id ||
      reply.json?.error
    ) {
      const detail: string =
        reply.json?.error?.message ?? reply.text.trim().slice(0, 200);
      throw new ApiFrontendError(
        `MCP initialize failed (${reply.status})${detail ? `: ${detail}` : ''}`,
        reply.status,
      );
    }
    // Notifications carry no id (MCP); a request id here is rejected by API Frontend.
    await this.rpc(
      token,
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      id,
    );
    return id;
  }

  /**
   * Calls an MCP tool. Returns the tool's JSON answer (`{ text }` when the answer is not a JSON
   * object); throws `McpToolError` with the tool's plain-text message when the tool failed (map
   * it with `toolErrorToBackstage`), `ApiFrontendError` for protocol errors. An expired session
   * (404) is initialized again, once.
   */
  async callTool(
    token: string,
    name: string,
    args: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const sessionId = await this.sessionFor(token);
      const reply = await this.rpc(
        token,
        {
          jsonrpc: '2.0',
          id: randomUUID(),
          method: 'tools/call',
          params: { name, arguments: args },
        },
        sessionId,
      );
      if (reply.status === 404) {
        // "session not found": it expired or API Frontend restarted.
        if (this.sessions.get(token) !== undefined) this.sessions.delete(token);
        continue;
      }
      if (reply.status < 200 || reply.status >= 300)
        throw new ApiFrontendError(
          `MCP ${name} failed (${reply.status})${
            reply.text ? `: ${reply.text.trim().slice(0, 200)}` : ''
          }`,
          reply.status,
        );
      const rpc = reply.json as
        | {
            result?: {
              content?: Array<{ type?: string; text?: string }>;
              isError?: boolean;
              structuredContent?: unknown;
            };
            error?: { code?: number; message?: string };
          }
        | undefined;
      if (rpc?.error)
        throw new ApiFrontendError(
          rpc.error.message ?? `MCP ${name} failed`,
          undefined,
          rpc.error.code,
        );
      const result = rpc?.result ?? {};
      const text = (result.content ?? [])
        .filter(part => part?.type === 'text' && typeof part.text === 'string')
        .map(part => part.text)
        .join('\n');
      if (result.isError) throw new McpToolError(name, text);
      const structured = result.structuredContent;
      if (
        structured &&
        typeof structured === 'object' &&
        !Array.isArray(structured)
      )
        return structured as Record<string, unknown>;
      if (!text) return {};
      try {
        const parsed = JSON.parse(text);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
          return parsed;
      } catch {
        // not JSON: the text itself is the answer
      }
      return { text };
    }
    throw new ApiFrontendError(`MCP ${name}: session keeps expiring`, 404);
  }
}
