import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { randomUUID } from 'node:crypto';
import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
} from 'node:http';
import { request as httpsRequest } from 'node:https';

export class ApiFrontendError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    /** The JSON-RPC error code, when API Frontend answered one. */
    readonly rpcCode?: number,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The connection to API Frontend broke while a stream was open. */
export class StreamDroppedError extends ApiFrontendError {}

/** `status/subscribe` for a remediation API Frontend does not know (`-32001 rr_not_found`). */
export class RemediationNotFoundError extends ApiFrontendError {}

/**
 * API Frontend announced the end of a status stream (`status/closing`), e.g. because the
 * caller's token expires: reconnect at once with a fresh credential when `reconnect` says so.
 */
export class StatusStreamClosingError extends ApiFrontendError {
  constructor(readonly reason: string, readonly reconnect: boolean) {
    super(`API Frontend closed the status stream (${reason})`);
  }
}

/** An MCP tool answered `isError: true`; `text` is its plain-text message. */
export class McpToolError extends ApiFrontendError {
  constructor(readonly tool: string, readonly text: string) {
    super(`${tool}: ${text}`);
  }
}

export type ToolErrorKind =
  | 'permission'
  | 'not-found'
  | 'invalid'
  | 'conflict'
  | 'unavailable'
  | 'other';

/**
 * What an API Frontend tool error means, from its text (upstream `handler/mcp_bridge.go`
 * toolErrorResult/denyRBAC and the handlers' sentinel errors in `tools/helpers.go`).
 */
export function toolErrorKind(text: string): ToolErrorKind {
  const t = text.trim().toLowerCase();
  if (t.startsWith('permission denied') || t.startsWith('access denied'))
    return 'permission';
  if (t.startsWith('not found')) return 'not-found';
  if (
    t.startsWith('invalid input') ||
    t.startsWith('validating "arguments"') ||
    t.startsWith('invalid ')
  )
    return 'invalid';
  if (
    t.startsWith('already in terminal state') ||
    t.startsWith('operation conflict') ||
    /already (decided|recorded)/.test(t)
  )
    return 'conflict';
  if (t.startsWith('rate limit exceeded') || t.startsWith('server busy'))
    return 'unavailable';
  return 'other';
}

/** The Backstage error for a tool error: 403, 404, 400, 409, or 503 when API Frontend could not do it. */
export function toolErrorToBackstage(
  error: McpToolError,
  context = `API Frontend refused ${error.tool}`,
): Error {
  const message = `${context}: ${error.text}`;
  switch (toolErrorKind(error.text)) {
    case 'permission':
      return new NotAllowedError(message);
    case 'not-found':
      return new NotFoundError(message);
    case 'invalid':
      return new InputError(message);
    case 'conflict':
      return new ConflictError(message);
    default:
      return new ServiceUnavailableError(message);
  }
}

/** True when what follows the last complete event is more than blank lines and comments. */
function midEvent(tail: string): boolean {
  return tail
    .split(/\r\n|\r|\n/)
    .some(line => line !== '' && !line.startsWith(':'));
}

const BOUNDARY = /\r\n\r\n|\n\n|\r\r/g;

/**
 * The events of a server-sent-events body, each as soon as the chunk that completes it is read
 * (a push parser fed chunk by chunk). A body that ends inside an event, or a socket that
 * breaks, is a `StreamDroppedError`; an abort passes through.
 */
async function* sseEvents(
  body: IncomingMessage,
  signal?: AbortSignal,
): AsyncGenerator<EventSourceMessage> {
  const aborted = () =>
    signal?.reason instanceof Error
      ? signal.reason
      : new DOMException('This operation was aborted', 'AbortError');
  body.setEncoding('utf8');
  const ready: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: event => ready.push(event) });
  // What came after the last blank line: tells an ending between events from a cut.
  let tail = '';
  const chunks = body[Symbol.asyncIterator]();
  for (;;) {
    let chunk: IteratorResult<string>;
    try {
      chunk = await chunks.next();
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') throw error;
      // Aborting the request destroys the response: "aborted", not an AbortError.
      if (signal?.aborted) throw aborted();
      throw new StreamDroppedError(
        `the connection to API Frontend dropped: ${String(
          (error as Error)?.message ?? error,
        )}`,
      );
    }
    if (chunk.done) break;
    parser.feed(chunk.value);
    const text = tail + chunk.value;
    BOUNDARY.lastIndex = Math.max(0, tail.length - 3);
    let end = -1;
    for (let m = BOUNDARY.exec(text); m; m = BOUNDARY.exec(text))
      end = m.index + m[0].length;
    tail = end >= 0 ? text.slice(end) : text;
    for (let i = 0; i < ready.length; i++) yield ready[i];
    ready.length = 0;
  }
  if (signal?.aborted) throw aborted();
  if (midEvent(tail))
    throw new StreamDroppedError(
      'API Frontend closed the stream in the middle of an event',
    );
}

/** Each event's `data` as JSON, with its event name. */
async function* sseMessages(
  body: IncomingMessage,
  signal?: AbortSignal,
): AsyncGenerator<{ event?: string; message: any }> {
  for await (const event of sseEvents(body, signal)) {
    if (!event.data) continue;
    let message: unknown;
    try {
      message = JSON.parse(event.data);
    } catch {
      throw new ApiFrontendError('API Frontend sent a malformed event');
    }
    yield { event: event.event, message };
  }
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
export function messageStreamRequest(
  text: string,
  contextId?: string,
  metadata?: Record<string, string>,
) {
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
        ...(metadata ? { metadata } : {}),
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

/** The JSON-RPC error of a non-streamed error answer, if it is one. */
function rpcErrorOf(text: string): { code?: number; message?: string } {
  try {
    const body = JSON.parse(text);
    return typeof body?.error === 'object' && body.error ? body.error : {};
  } catch {
    return {};
  }
}

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

/**
 * Kubernaut API Frontend for one cluster: A2A `message/stream`, the `status/subscribe` stream and
 * MCP tools. The base URL comes from configuration only; `agent` carries the connection's TLS
 * trust (Kubernaut's inter-service CA) when API Frontend is served over https.
 */
export class ApiFrontendClient {
  /** MCP sessions by bearer token (sessions are not bound to a user upstream, tokens are). */
  private readonly sessions = new Map<string, Promise<string>>();

  constructor(
    private readonly baseUrl: string,
    private readonly agent?: HttpAgent,
  ) {}

  /**
   * A POST with node:http(s) rather than fetch: each chunk reaches the relay as the socket reads
   * it, with no web-stream queue in between (what a relayed event waits for), and the agent can
   * trust a CA of its own.
   */
  private send(
    path: string,
    token: string,
    body: unknown,
    options: {
      signal?: AbortSignal;
      accept: string;
      headers?: Record<string, string>;
    },
  ): Promise<IncomingMessage> {
    const url = new URL(`${this.baseUrl}${path}`);
    const payload = JSON.stringify(body);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const request = send(
        url,
        {
          method: 'POST',
          ...(this.agent ? { agent: this.agent } : {}),
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(payload),
            Accept: options.accept,
            Authorization: `Bearer ${token}`,
            ...options.headers,
          },
          signal: options.signal,
        },
        resolve,
      );
      request.on('error', error =>
        reject(error.name === 'AbortError' ? error : unreachable(error)),
      );
      request.end(payload);
    });
  }

  /** Opens a stream; a refusal is `NotAllowedError`, any other non-2xx an `ApiFrontendError`. */
  private async openStream(
    path: string,
    token: string,
    body: unknown,
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    const response = await this.send(path, token, body, {
      signal,
      accept: 'text/event-stream',
    });
    const status = response.statusCode ?? 0;
    if (status === 401 || status === 403)
      throw refused(status, await readAll(response));
    if (status < 200 || status >= 300) {
      const text = await readAll(response).catch(() => '');
      const rpc = rpcErrorOf(text);
      throw new ApiFrontendError(
        `API Frontend answered ${status}${
          rpc.message ? `: ${rpc.message}` : ''
        }`,
        status,
        rpc.code,
      );
    }
    return response;
  }

  /** Streams an A2A conversation turn; yields each JSON-RPC `result` (or throws its error). */
  async *messageStream(
    token: string,
    text: string,
    contextId: string | undefined,
    signal: AbortSignal,
    /** A2A message metadata, e.g. whom a message sent with the service credential is from. */
    metadata?: Record<string, string>,
  ): AsyncGenerator<Record<string, unknown>> {
    const response = await this.openStream(
      A2A_INVOKE_PATH,
      token,
      messageStreamRequest(text, contextId, metadata),
      signal,
    );
    if (
      !(response.headers['content-type'] ?? '').includes('text/event-stream')
    ) {
      throw new ApiFrontendError(
        rpcErrorOf(await readAll(response)).message ??
          'API Frontend did not stream',
      );
    }
    for await (const { message } of sseMessages(response, signal)) {
      const rpc = message as {
        result?: Record<string, unknown>;
        error?: { message?: string; code?: number };
      };
      if (rpc.error)
        throw new ApiFrontendError(
          rpc.error.message ?? 'API Frontend error',
          undefined,
          rpc.error.code,
        );
      if (rpc.result) yield rpc.result;
    }
  }

  /**
   * Streams the phase of a remediation (`status/subscribe`, upstream
   * `handler/status_handler.go`): the current phase first, then each change and, in Verifying,
   * updates with new `verification_steps`. Ends after a final phase; throws
   * `RemediationNotFoundError` for an unknown remediation (HTTP 400, `-32001`) and
   * `StatusStreamClosingError` when API Frontend announces `status/closing`.
   */
  async *statusStream(
    token: string,
    remediation: string,
    signal: AbortSignal,
  ): AsyncGenerator<Record<string, unknown>> {
    let response: IncomingMessage;
    try {
      response = await this.openStream(
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
    } catch (error) {
      if (error instanceof ApiFrontendError && error.rpcCode === -32001)
        throw new RemediationNotFoundError(
          `API Frontend does not know remediation ${remediation}`,
          error.status,
          -32001,
        );
      throw error;
    }
    for await (const { event, message } of sseMessages(response, signal)) {
      const rpc = message as {
        method?: string;
        params?: Record<string, unknown>;
        error?: { code?: number; message?: string };
      };
      if (rpc.error) {
        // Older API Frontends (and earlier sandboxes) sent the error as an SSE frame.
        if (rpc.error.code === -32001)
          throw new RemediationNotFoundError(
            `API Frontend does not know remediation ${remediation}`,
            404,
            -32001,
          );
        throw new ApiFrontendError(
          rpc.error.message ?? 'status stream error',
          undefined,
          rpc.error.code,
        );
      }
      if (rpc.method === 'status/closing' || event === 'status/closing') {
        const params = (rpc.params ?? {}) as {
          reason?: unknown;
          reconnect?: unknown;
        };
        throw new StatusStreamClosingError(
          typeof params.reason === 'string' ? params.reason : 'unknown',
          params.reconnect !== false,
        );
      }
      if (rpc.params) {
        yield rpc.params;
        if (rpc.params.final === true) return;
      }
    }
  }

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
      response = await this.send('/mcp', token, body, {
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
