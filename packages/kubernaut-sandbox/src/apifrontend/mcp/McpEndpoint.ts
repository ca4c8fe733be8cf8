import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody } from '../../http';
import type { Authorizer, UserInfo } from '../../kube/auth';
import { KubeError } from '../../kube/status';
import type { ActiveContexts } from '../ActiveContexts';
import type { KubernautPort } from '../KubernautPort';
import type { RequestContext } from '../RequestContext';
import { sendPlainError } from '../responses';
import {
  redactError,
  ToolError,
  userFriendly,
  type McpToolDefinition,
} from './McpTool';
import { validateArguments } from './schema';

export interface McpEndpointOptions {
  port: KubernautPort;
  authorizer: Authorizer;
  tools: McpToolDefinition[];
  /** Upstream's MCP tool timeout (`mcp.toolTimeouts`, default 30 s); caps `kubernaut_watch`. */
  toolTimeoutMs?: number;
  /** Idle sessions expire (`mcp.sessionIdleTimeout`); later requests get 404. */
  sessionIdleMs?: number;
  /** Each user's active agent conversation, which a session-ending tool clears. */
  activeContexts?: ActiveContexts;
  now?: () => number;
}

interface Session {
  initialized: boolean;
  lastUsed: number;
}

interface JsonRpcMessage {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

const MAX_BODY_BYTES = 1024 * 1024;
const SUPPORTED_VERSIONS = [
  '2025-11-25',
  '2025-06-18',
  '2025-03-26',
  '2024-11-05',
];

/** The methods the server answers: calls and notifications, and whether params are required. */
const METHODS: Record<string, { notification: boolean; params: boolean }> = {
  initialize: { notification: false, params: true },
  ping: { notification: false, params: false },
  'tools/list': { notification: false, params: false },
  'tools/call': { notification: false, params: true },
  'notifications/initialized': { notification: true, params: false },
  'notifications/cancelled': { notification: true, params: true },
  'notifications/roots/list_changed': { notification: true, params: false },
};

class RpcFailure extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}

function baseMediaType(value: string | undefined): string {
  return (value ?? '').split(';')[0].trim().toLowerCase();
}

/** The go-sdk's Accept rule: both JSON and SSE, wildcards counting. */
function acceptsBoth(header: string | string[] | undefined): boolean {
  let json = false;
  let sse = false;
  for (const value of Array.isArray(header) ? header : [header ?? '']) {
    for (const raw of value.split(',')) {
      switch (baseMediaType(raw)) {
        case 'application/json':
        case 'application/*':
          json = true;
          break;
        case 'text/event-stream':
        case 'text/*':
          sse = true;
          break;
        case '*/*':
          json = sse = true;
          break;
        default:
          break;
      }
    }
  }
  return json && sse;
}

/**
 * `POST /mcp`, the MCP Streamable HTTP transport as upstream serves it (`handler/mcp.go` on the
 * go-sdk's stateful `StreamableHTTPHandler`, no JSON responses): every answer to a request is a
 * one-event SSE stream, notifications get 202, and tool calls go through upstream's wrapper
 * (`handler/mcp_bridge.go` `wrapTool`): argument validation, RBAC, the tool timeout, and errors
 * as plain-text tool results.
 */
export class McpEndpoint {
  private readonly sessions = new Map<string, Session>();
  private readonly tools: Map<string, McpToolDefinition>;

  constructor(private readonly options: McpEndpointOptions) {
    this.tools = new Map(options.tools.map(t => [t.name, t]));
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** What `tools/list` answers: upstream's names, descriptions and inferred schemas. */
  listTools() {
    return [...this.tools.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(({ name, description, inputSchema }) => ({
        name,
        description,
        inputSchema,
      }));
  }

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    ctx: RequestContext,
  ): Promise<void> {
    if (req.method !== 'POST') {
      req.resume();
      sendPlainError(res, 405, 'Method Not Allowed', { Allow: 'POST' });
      return;
    }
    if (baseMediaType(req.headers['content-type']) !== 'application/json') {
      req.resume();
      sendPlainError(res, 415, "Content-Type must be 'application/json'");
      return;
    }
    if (!acceptsBoth(req.headers.accept)) {
      req.resume();
      sendPlainError(
        res,
        400,
        "Accept must contain both 'application/json' and 'text/event-stream'",
      );
      return;
    }
    let text: string;
    try {
      text = await readBody(req, MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        sendPlainError(
          res,
          413,
          `request body exceeds ${MAX_BODY_BYTES} bytes`,
        );
        return;
      }
      throw error;
    }
    const message = this.parse(res, text);
    if (!message) return;

    const sessionId = req.headers['mcp-session-id'];
    let session: Session;
    let newSession: string | undefined;
    if (typeof sessionId === 'string' && sessionId) {
      const found = this.sessions.get(sessionId);
      const idle = this.options.sessionIdleMs ?? 30 * 60_000;
      if (found && this.now() - found.lastUsed > idle)
        this.sessions.delete(sessionId);
      if (!found || !this.sessions.has(sessionId)) {
        sendPlainError(res, 404, 'session not found');
        return;
      }
      session = found;
    } else {
      // No session: one is created for this request, and kept only if it initializes.
      session = { initialized: false, lastUsed: this.now() };
      newSession = randomUUID();
    }
    session.lastUsed = this.now();

    const method = message.method as string;
    if (METHODS[method].notification) {
      res.writeHead(202);
      res.end();
      return;
    }

    const controller = new AbortController();
    const left = () => {
      if (!res.writableFinished) controller.abort();
    };
    res.on('close', left);
    let result: unknown;
    let failure: RpcFailure | undefined;
    try {
      result = await this.call(
        session,
        method,
        message.params,
        ctx.user,
        controller,
      );
    } catch (error) {
      failure =
        error instanceof RpcFailure ? error : new RpcFailure(0, String(error));
    } finally {
      res.off('close', left);
    }
    if (res.destroyed || res.writableEnded) return;
    const headers: Record<string, string> = {
      'Cache-Control': 'no-cache, no-transform',
      'Content-Type': 'text/event-stream',
      Connection: 'keep-alive',
    };
    if (method === 'initialize' && !failure && newSession) {
      this.sessions.set(newSession, session);
      headers['Mcp-Session-Id'] = newSession;
    }
    const body = {
      jsonrpc: '2.0',
      id: message.id,
      ...(failure
        ? { error: { code: failure.code, message: failure.message } }
        : { result }),
    };
    const streamId = randomBytes(16).toString('hex');
    res.writeHead(200, headers);
    res.end(
      `event: message\nid: ${streamId}_1\ndata: ${JSON.stringify(body)}\n\n`,
    );
  }

  /** Decodes and checks one JSON-RPC message; answers 400 text/plain and returns undefined if bad. */
  private parse(res: ServerResponse, text: string): JsonRpcMessage | undefined {
    if (!text) {
      sendPlainError(res, 400, 'POST requires a non-empty body');
      return undefined;
    }
    let message: JsonRpcMessage;
    try {
      message = JSON.parse(text);
    } catch (error) {
      sendPlainError(
        res,
        400,
        `malformed payload: ${(error as Error).message}`,
      );
      return undefined;
    }
    if (!message || typeof message !== 'object' || Array.isArray(message)) {
      sendPlainError(
        res,
        400,
        'malformed payload: the sandbox takes one JSON-RPC message per request',
      );
      return undefined;
    }
    if (message.jsonrpc !== '2.0') {
      sendPlainError(
        res,
        400,
        `malformed payload: invalid message version tag ${JSON.stringify(
          message.jsonrpc ?? '',
        )}; expected "2.0"`,
      );
      return undefined;
    }
    const method = typeof message.method === 'string' ? message.method : '';
    const info = METHODS[method];
    const isCall = message.id !== undefined && message.id !== null;
    let problem: string | undefined;
    if (!info)
      problem = `JSON RPC not handled: ${JSON.stringify(method)} unsupported`;
    else if (info.notification && isCall)
      problem = `invalid request: unexpected id for ${JSON.stringify(method)}`;
    else if (!info.notification && !isCall)
      problem = `invalid request: missing id for ${JSON.stringify(method)}`;
    else if (
      info.params &&
      (message.params === undefined || message.params === null)
    )
      problem = 'invalid request: missing required "params"';
    if (problem) {
      sendPlainError(res, 400, problem);
      return undefined;
    }
    return message;
  }

  private async call(
    session: Session,
    method: string,
    params: unknown,
    user: UserInfo,
    controller: AbortController,
  ): Promise<unknown> {
    if (method === 'ping') return {};
    if (method === 'initialize') {
      if (session.initialized)
        throw new RpcFailure(0, 'duplicate "initialize" received');
      session.initialized = true;
      const requested = (params as { protocolVersion?: unknown })
        ?.protocolVersion;
      return {
        protocolVersion:
          typeof requested === 'string' &&
          SUPPORTED_VERSIONS.includes(requested)
            ? requested
            : SUPPORTED_VERSIONS[0],
        capabilities: { logging: {}, tools: { listChanged: true } },
        serverInfo: { name: 'kubernaut-apifrontend', version: '1.6.0-sandbox' },
      };
    }
    if (!session.initialized)
      throw new RpcFailure(
        0,
        `method ${JSON.stringify(
          method,
        )} is invalid during session initialization`,
      );
    if (method === 'tools/list') return { tools: this.listTools() };
    const { name, arguments: args } = (params ?? {}) as {
      name?: unknown;
      arguments?: unknown;
    };
    const tool = typeof name === 'string' ? this.tools.get(name) : undefined;
    if (!tool)
      throw new RpcFailure(
        -32602,
        `unknown tool ${JSON.stringify(name ?? '')}`,
      );
    return this.callTool(tool, args, user, controller);
  }

  /** `wrapTool`: schema, RBAC, timeout, then the handler; every failure is a tool result. */
  private async callTool(
    tool: McpToolDefinition,
    rawArgs: unknown,
    user: UserInfo,
    controller: AbortController,
  ) {
    const invalid = validateArguments(rawArgs, tool.inputSchema);
    if (invalid) return this.toolResult(invalid, true);
    const args = (rawArgs ?? {}) as Record<string, unknown>;
    const denied = this.deny(user, tool.name);
    if (denied) {
      this.audit(user, tool.name, args, 'denied');
      return this.toolResult(denied, true);
    }
    const timer = setTimeout(
      () => controller.abort(),
      this.options.toolTimeoutMs ?? 30_000,
    );
    try {
      const result = await tool.handler(args, {
        user,
        port: this.options.port,
        signal: controller.signal,
        endActiveConversation: () =>
          this.options.activeContexts?.clear(user.username),
      });
      this.audit(user, tool.name, args, 'success');
      return this.toolResult(JSON.stringify(result), false);
    } catch (error) {
      this.audit(user, tool.name, args, 'failure');
      let text = 'internal error';
      if (error instanceof ToolError) text = redactError(error.message);
      else if (error instanceof KubeError)
        text = redactError(userFriendly(error).message);
      return this.toolResult(text, true);
    } finally {
      clearTimeout(timer);
    }
  }

  private toolResult(text: string, isError: boolean) {
    return {
      content: [{ type: 'text', text }],
      ...(isError ? { isError: true } : {}),
    };
  }

  /** Upstream `checkRBAC`: console access, then `use` on `kubernaut.ai/tools/<tool>`. */
  private deny(user: UserInfo, tool: string): string | undefined {
    const allows = (name: string) =>
      this.options.authorizer.allows({
        user,
        verb: 'use',
        apiGroup: 'kubernaut.ai',
        resource: 'tools',
        name,
      });
    if (!allows('console')) return 'permission denied: no console access';
    if (!allows(tool)) return `permission denied: role lacks access to ${tool}`;
    return undefined;
  }

  private audit(
    user: UserInfo,
    tool: string,
    args: Record<string, unknown>,
    outcome: 'success' | 'failure' | 'denied',
  ) {
    const correlation = args.rr_id ?? args.rar_name ?? args.rar_id;
    this.options.port.appendAudit({
      at: new Date(),
      correlation_id:
        typeof correlation === 'string' && correlation
          ? correlation
          : `mcp-${randomUUID()}`,
      event_type: {
        success: 'apifrontend.tool.executed',
        denied: 'apifrontend.auth.access_denied',
        failure: 'apifrontend.mcp.tool_failed',
      }[outcome],
      event_category: 'apifrontend',
      event_action: outcome === 'denied' ? 'access_denied' : 'tool_executed',
      event_outcome: outcome === 'success' ? 'success' : 'failure',
      actor_type: 'user',
      actor_id: user.username,
      data: { tool },
    });
  }
}
