import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuditLog } from '../datastorage/AuditLog';
import { BodyTooLargeError, readBody, sendJson } from '../http';
import type { Authorizer, UserInfo } from '../kube/auth';
import type { ObjectStore } from '../kube/ObjectStore';
import { A2AEndpoint } from './A2AEndpoint';
import type { KubernautPort } from './KubernautPort';
import { McpEndpoint } from './mcp/McpEndpoint';
import { SANDBOX_TOOLS } from './mcp/tools';
import {
  JwtIdentityVerifier,
  JwtRejected,
  type TrustedIssuer,
} from './jwtIdentity';
import type { RequestContext } from './RequestContext';
import { RpcError, sendPlainError, sendProblem } from './responses';
import {
  ScenarioEngineAdapter,
  type EngineLike,
} from './ScenarioEngineAdapter';
import { StatusStream } from './StatusStream';
import { StreamRegistry } from './StreamRegistry';

const MAX_BODY_BYTES = 1024 * 1024;
const INVALID_TOKEN = 'The provided token could not be validated.';

export interface ApiFrontendOptions {
  clusterName: string;
  namespace: string;
  store: ObjectStore;
  audit: AuditLog;
  engine: EngineLike;
  authorizer: Authorizer;
  latencyMs: () => number;
  /** A2A keepalive status-updates (default 5 s). */
  keepaliveMs?: number;
  /** Kubernaut as the endpoints see it; by default an adapter over engine, store and audit. */
  port?: KubernautPort;
  /** MCP tool timeout (default 30 s, upstream's); caps how long `kubernaut_watch` blocks. */
  toolTimeoutMs?: number;
  /** MCP sessions idle this long expire (default 30 min). */
  mcpSessionIdleMs?: number;
  /** Status stream heartbeat comment interval (default 15 s). */
  statusHeartbeatMs?: number;
  /**
   * When a caller's token expires. The sandbox's tokens are static and never expire (like
   * upstream's TokenReview identities), so by default nothing does; tests inject expiries to
   * exercise `status/closing`.
   */
  tokenExpiry?: (token: string, user: UserInfo) => Date | undefined;
  /**
   * OIDC issuers whose ID tokens identify users (upstream's `auth.jwt[]`); read when the first
   * token arrives, since the sandbox's own issuer gets its port after the clusters are built.
   */
  trustedIssuers?: () => TrustedIssuer[];
  /** How long before the expiry a request's deadline falls (default: random 25-34 s, upstream's). */
  deadlineJitterMs?: () => number;
  now?: () => number;
}

/**
 * Kubernaut API Frontend for one cluster: the HTTP dispatcher in front of the A2A endpoint, the
 * status stream and the MCP endpoint. Authentication runs here for everything but health and
 * the agent card, as upstream's middleware does (`auth/middleware.go`).
 */
export class ApiFrontendServer {
  private readonly streams = new StreamRegistry();
  private readonly port: KubernautPort;
  private readonly a2a: A2AEndpoint;
  private readonly status: StatusStream;
  private readonly mcp: McpEndpoint;
  private jwtVerifier: JwtIdentityVerifier | undefined;

  constructor(private readonly options: ApiFrontendOptions) {
    this.port =
      options.port ??
      new ScenarioEngineAdapter({
        namespace: options.namespace,
        store: options.store,
        audit: options.audit,
        engine: options.engine,
      });
    this.a2a = new A2AEndpoint({
      port: this.port,
      streams: this.streams,
      keepaliveMs: options.keepaliveMs,
      requireTool: (user, tool) => this.requireTool(user, tool),
    });
    this.status = new StatusStream({
      port: this.port,
      streams: this.streams,
      heartbeatMs: options.statusHeartbeatMs,
      now: options.now,
    });
    this.mcp = new McpEndpoint({
      port: this.port,
      authorizer: options.authorizer,
      tools: SANDBOX_TOOLS,
      toolTimeoutMs: options.toolTimeoutMs,
      sessionIdleMs: options.mcpSessionIdleMs,
      activeContexts: this.a2a.activeContexts,
      now: options.now,
    });
  }

  /** Cuts every open SSE stream in the middle of a frame (fault switch). */
  cutStreams(): number {
    return this.streams.cutAll();
  }

  get openStreamCount(): number {
    return this.streams.size;
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    await new Promise(resolve => setTimeout(resolve, this.options.latencyMs()));
    try {
      if (
        req.method === 'GET' &&
        (url.pathname === '/healthz' || url.pathname === '/readyz')
      ) {
        sendJson(res, 200, { status: 'ok' });
        return;
      }
      if (
        req.method === 'GET' &&
        url.pathname === '/.well-known/agent-card.json'
      ) {
        sendJson(res, 200, this.agentCard());
        return;
      }
      const ctx = await this.authenticate(req);
      if (req.method === 'GET' && url.pathname === '/a2a/access') {
        this.requireTool(ctx.user, 'console');
        sendJson(res, 200, { allowed: true, user: ctx.user.username });
        return;
      }
      if (url.pathname === '/mcp') {
        await this.mcp.handle(req, res, ctx);
        return;
      }
      if (url.pathname === '/a2a/status') {
        if (req.method !== 'POST') {
          req.resume();
          sendPlainError(res, 405, 'Method Not Allowed', { Allow: 'POST' });
          return;
        }
        this.status.handle(req, res, ctx, await this.readText(req));
        return;
      }
      if (req.method !== 'POST')
        throw new RpcError(
          -32600,
          `${req.method} is not allowed on ${url.pathname}`,
          405,
        );
      const body = await this.readRpc(req);
      if (url.pathname === '/a2a/invoke' || url.pathname === '/') {
        await this.a2a.handle(req, res, ctx.user, body);
      } else {
        throw new RpcError(-32601, `no endpoint ${url.pathname}`, 404);
      }
    } catch (error) {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (error instanceof RpcError && error.httpStatus !== 200) {
        sendProblem(res, error.httpStatus, error.message, error.detail);
        return;
      }
      const rpc =
        error instanceof RpcError ? error : new RpcError(-32603, String(error));
      sendJson(res, 200, {
        jsonrpc: '2.0',
        id: null,
        error: { code: rpc.code, message: rpc.message },
      });
    }
  }

  private agentCard() {
    return {
      name: 'Kubernaut',
      description: 'Kubernetes AIOps: investigate, remediate and verify',
      url: '/a2a/invoke',
      version: '1.6.0-sandbox',
      protocolVersion: '0.3.0',
      skills: this.mcp.listTools().map(t => ({
        id: t.name,
        name: t.name,
        description: t.description,
      })),
      authentication: { schemes: [{ scheme: 'bearer' }] },
      capabilities: {
        streaming: true,
        pushNotifications: false,
        stateTransitionHistory: true,
      },
      provider: { organization: 'kubernaut.ai' },
    };
  }

  /**
   * The bearer token's identity, and the request's deadline when the token expires: its expiry
   * minus a jitter of 25-34 s (`auth/middleware.go`).
   */
  private async authenticate(req: IncomingMessage): Promise<RequestContext> {
    const header = req.headers.authorization;
    if (!header) throw new RpcError(-32001, 'Missing Authorization', 401);
    const match = header.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new RpcError(-32001, 'Invalid Scheme', 401);
    const rejected = () =>
      new RpcError(-32001, 'Authentication Failed', 401, INVALID_TOKEN);
    let user: UserInfo;
    let expiry: Date | undefined;
    let jwt;
    try {
      jwt = await this.verifier().verify(match[1]);
    } catch (error) {
      if (error instanceof JwtRejected) throw rejected();
      throw error;
    }
    if (jwt) {
      user = jwt.user;
      expiry = jwt.expiresAt;
    } else {
      try {
        user = this.options.authorizer.authenticate(header);
      } catch {
        throw rejected();
      }
      expiry = this.options.tokenExpiry?.(match[1], user);
    }
    if (!expiry) return { user };
    if (expiry.getTime() <= this.now()) throw rejected();
    const jitter =
      this.options.deadlineJitterMs?.() ?? 25_000 + Math.random() * 9_000;
    return { user, deadline: expiry.getTime() - jitter };
  }

  private verifier(): JwtIdentityVerifier {
    this.jwtVerifier ??= new JwtIdentityVerifier(
      this.options.trustedIssuers?.() ?? [],
    );
    return this.jwtVerifier;
  }

  /** SubjectAccessReview `use` on `kubernaut.ai/tools/<tool>`, as API Frontend checks per call. */
  private requireTool(user: UserInfo, tool: string) {
    const allowed = this.options.authorizer.allows({
      user,
      verb: 'use',
      apiGroup: 'kubernaut.ai',
      resource: 'tools',
      name: tool,
    });
    if (!allowed)
      throw new RpcError(
        -32003,
        `user ${user.username} may not use ${tool}`,
        403,
      );
  }

  private async readText(req: IncomingMessage): Promise<string> {
    try {
      return await readBody(req, MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        throw new RpcError(-32600, 'request body larger than 1 MiB', 413);
      throw error;
    }
  }

  private async readRpc(
    req: IncomingMessage,
  ): Promise<Record<string, unknown>> {
    const text = await this.readText(req);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new RpcError(-32700, 'parse error: body is not JSON', 400);
    }
    if (
      !body ||
      typeof body !== 'object' ||
      (body as { jsonrpc?: unknown }).jsonrpc !== '2.0' ||
      typeof (body as { method?: unknown }).method !== 'string'
    ) {
      throw new RpcError(-32600, 'invalid JSON-RPC 2.0 request', 400);
    }
    return body as Record<string, unknown>;
  }
}
