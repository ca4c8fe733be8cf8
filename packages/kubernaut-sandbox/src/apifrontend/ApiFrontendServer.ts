import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuditLog } from '../datastorage/AuditLog';
import { BodyTooLargeError, readBody, sendJson, startSse } from '../http';
import { admitApprovalStatus } from '../kube/admission';
import {
  API_FRONTEND_USER,
  type Authorizer,
  type UserInfo,
} from '../kube/auth';
import type { KubeObject, ObjectStore } from '../kube/ObjectStore';
import { KUBERNAUT_API_VERSION, RESOURCE_TYPES } from '../kube/resources';
import type { RemediationRun } from '../scenario/RemediationRun';
import type { ScenarioEngine } from '../scenario/ScenarioEngine';
import type { Scenario } from '../scenario/scenarios';
import { tokenChunks, type A2AEvent } from '../scenario/Transcript';
import { MCP_TOOLS } from './mcpTools';

const MAX_BODY_BYTES = 1024 * 1024;
const TERMINAL = ['Completed', 'Failed', 'TimedOut', 'Skipped', 'Cancelled'];

class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly httpStatus = 200,
  ) {
    super(message);
  }
}

interface OpenStream {
  res: ServerResponse;
}

export interface ApiFrontendOptions {
  clusterName: string;
  namespace: string;
  store: ObjectStore;
  audit: AuditLog;
  engine: ScenarioEngine;
  authorizer: Authorizer;
  latencyMs: () => number;
  keepaliveMs?: number;
}

function rrStatus(rr: KubeObject | undefined): Record<string, unknown> {
  return (rr?.status ?? {}) as Record<string, unknown>;
}

/** Reads a leaf from either status layout (v1.6 nests it in a sub-object, v1.5 keeps it flat). */
function leaf(
  status: Record<string, unknown>,
  group: string,
  key: string,
): unknown {
  const nested = status[group] as Record<string, unknown> | undefined;
  return nested?.[key] ?? status[key];
}

function textOf(message: unknown): string {
  const parts = (message as { parts?: Array<{ kind?: string; text?: string }> })
    ?.parts;
  if (!Array.isArray(parts)) return '';
  return parts
    .filter(p => p.kind === 'text' && typeof p.text === 'string')
    .map(p => p.text)
    .join('\n')
    .trim();
}

/** Kubernaut API Frontend for one cluster: A2A chat, the status stream and MCP tools. */
export class ApiFrontendServer {
  private readonly streams = new Set<OpenStream>();
  private readonly mcpSessions = new Map<string, UserInfo>();

  constructor(private readonly options: ApiFrontendOptions) {}

  /** Cuts every open SSE stream in the middle of a frame (fault switch). */
  cutStreams(): number {
    const count = this.streams.size;
    for (const { res } of this.streams) {
      res.write('data: {"jsonrpc":"2.0","res', () => res.destroy());
    }
    this.streams.clear();
    return count;
  }

  get openStreamCount(): number {
    return this.streams.size;
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
      const user = this.authenticate(req);
      if (req.method === 'GET' && url.pathname === '/a2a/access') {
        this.requireTool(user, 'console');
        sendJson(res, 200, { allowed: true, user: user.username });
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
        await this.a2a(req, res, user, body);
      } else if (url.pathname === '/a2a/status') {
        this.statusStream(req, res, body);
      } else if (url.pathname === '/mcp') {
        this.mcp(req, res, user, body);
      } else {
        throw new RpcError(-32601, `no endpoint ${url.pathname}`, 404);
      }
    } catch (error) {
      if (res.headersSent) {
        res.end();
        return;
      }
      if (error instanceof RpcError && error.httpStatus !== 200) {
        const body = JSON.stringify({
          type: 'about:blank',
          title: error.message,
          status: error.httpStatus,
          detail: error.message,
        });
        res.writeHead(error.httpStatus, {
          'Content-Type': 'application/problem+json',
        });
        res.end(body);
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
      skills: MCP_TOOLS.map(t => ({
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

  private authenticate(req: IncomingMessage): UserInfo {
    try {
      return this.options.authorizer.authenticate(req.headers.authorization);
    } catch {
      throw new RpcError(-32001, 'a valid bearer token is required', 401);
    }
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

  private async readRpc(
    req: IncomingMessage,
  ): Promise<Record<string, unknown>> {
    let text: string;
    try {
      text = await readBody(req, MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        throw new RpcError(-32600, 'request body larger than 1 MiB', 413);
      throw error;
    }
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

  private openSse(
    req: IncomingMessage,
    res: ServerResponse,
    onClose: () => void,
  ) {
    startSse(res);
    const stream = { res };
    this.streams.add(stream);
    const close = () => {
      this.streams.delete(stream);
      onClose();
    };
    req.on('close', close);
    res.on('close', close);
    return stream;
  }

  private findRun(rrName: string): RemediationRun | undefined {
    return this.options.engine.runs.get(rrName);
  }

  private findRunByContext(contextId: string): RemediationRun | undefined {
    return [...this.options.engine.runs.values()].find(
      r => r.transcript.contextId === contextId,
    );
  }

  /** Natural-language intake: which scenario the operator's words are about. */
  private matchScenario(text: string): Scenario | undefined {
    const lower = text.toLowerCase();
    let best: { scenario: Scenario; score: number } | undefined;
    for (const scenario of this.options.engine.scenarios()) {
      const score = scenario.intake.keywords.filter(k =>
        lower.includes(k),
      ).length;
      if (score > 0 && (!best || score > best.score))
        best = { scenario, score };
    }
    return best?.scenario;
  }

  private recordSession(
    run: RemediationRun,
    user: UserInfo,
    joinMode: 'start' | 'takeover',
  ) {
    const { store, namespace } = this.options;
    const name = `is-${run.rrName}`;
    if (store.get(RESOURCE_TYPES.investigationSessions, namespace, name))
      return;
    const rr = store.get(
      RESOURCE_TYPES.remediationRequests,
      namespace,
      run.rrName,
    )?.object;
    store.create(RESOURCE_TYPES.investigationSessions, {
      apiVersion: KUBERNAUT_API_VERSION,
      kind: 'InvestigationSession',
      metadata: {
        name,
        namespace,
        labels: {
          'kubernaut.ai/rr-name': run.rrName,
          'kubernaut.ai/user': user.username
            .replace(/[^A-Za-z0-9_.-]/g, '-')
            .slice(0, 63),
          'app.kubernetes.io/managed-by': 'kubernaut-apifrontend',
        },
        ...(rr
          ? {
              ownerReferences: [
                {
                  apiVersion: rr.apiVersion,
                  kind: rr.kind,
                  name: rr.metadata.name,
                  uid: rr.metadata.uid,
                },
              ],
            }
          : {}),
      },
      spec: {
        remediationRequestRef: { name: run.rrName, namespace },
        a2aTaskID: run.transcript.taskId,
        userIdentity: {
          username: user.username,
          groups: user.groups.slice(0, 64),
        },
        joinMode,
      },
      status: {
        phase: 'Active',
        connectionState: 'Connected',
        startedAt: new Date().toISOString(),
      },
    });
  }

  private async a2a(
    req: IncomingMessage,
    res: ServerResponse,
    user: UserInfo,
    body: Record<string, unknown>,
  ) {
    const method = body.method as string;
    if (method !== 'message/stream' && method !== 'message/send')
      throw new RpcError(-32601, `method ${method} not found`);
    const params = (body.params ?? {}) as {
      message?: { contextId?: string; parts?: unknown };
    };
    const text = textOf(params.message);
    if (!text)
      throw new RpcError(
        -32602,
        'params.message must have at least one non-empty text part',
      );
    this.requireTool(user, 'kubernaut_investigate');
    const id = body.id ?? null;

    const contextId = params.message?.contextId;
    const existing = contextId ? this.findRunByContext(contextId) : undefined;
    if (contextId && !existing)
      throw new RpcError(-32004, `unknown contextId ${contextId}`);

    this.options.audit.append({
      at: new Date(),
      correlation_id: existing?.rrName ?? `a2a-${randomUUID()}`,
      event_type: 'apifrontend.a2a.task_started',
      event_category: 'apifrontend',
      event_action: 'task_started',
      actor_type: 'user',
      actor_id: user.username,
      data: { context_id: contextId ?? null, text_length: text.length },
    });

    if (existing) {
      this.followUp(req, res, id, existing, text, method === 'message/send');
      return;
    }
    const rrMatch = text.match(/\brr-[0-9a-f]{12}-[0-9a-f]{8}\b/);
    let run = rrMatch ? this.findRun(rrMatch[0]) : undefined;
    let joinMode: 'start' | 'takeover' = 'takeover';
    if (!run) {
      const scenario = this.matchScenario(text);
      if (!scenario) {
        this.answerOnly(
          req,
          res,
          id,
          "I couldn't tell which workload you mean. Name the service or deployment (for example checkout-service or payment-gateway), or give the remediation id (rr-…).",
          method === 'message/send',
        );
        return;
      }
      run = [...this.options.engine.runs.values()].find(
        r =>
          r.scenario.id === scenario.id &&
          !r.terminal &&
          r.transcript.events.length > 0,
      );
      if (!run) {
        run = this.options.engine.startScenario(scenario.id, {
          signalSource: 'a2a-agent',
          scriptedDecisions: false,
        });
        joinMode = 'start';
      }
    }
    this.recordSession(run, user, joinMode);
    if (method === 'message/send') {
      sendJson(res, 200, {
        jsonrpc: '2.0',
        id,
        result: {
          kind: 'task',
          id: run.transcript.taskId,
          contextId: run.transcript.contextId,
          status: { state: run.terminal ? 'completed' : 'working' },
          history: run.transcript.events,
        },
      });
      return;
    }
    this.streamTranscript(req, res, id, run, joinMode);
  }

  /** Streams a run's transcript from its first event, then live, until it ends or the client leaves. */
  private streamTranscript(
    req: IncomingMessage,
    res: ServerResponse,
    id: unknown,
    run: RemediationRun,
    joinMode: 'start' | 'takeover',
  ) {
    let unsubscribe: () => void = () => undefined;
    const keepalive = setInterval(
      () =>
        this.writeRpc(res, id, {
          kind: 'status-update',
          taskId: run.transcript.taskId,
          contextId: run.transcript.contextId,
          final: false,
          status: { state: 'working', timestamp: new Date().toISOString() },
          metadata: { type: 'keepalive', dot: '.' },
        }),
      this.options.keepaliveMs ?? 5_000,
    );
    this.openSse(req, res, () => {
      clearInterval(keepalive);
      unsubscribe();
    });
    if (joinMode === 'takeover' && run.transcript.events.length > 0) {
      const startedAgo = Math.max(
        1,
        Math.round((Date.now() - run.startedAt.getTime()) / 60_000),
      );
      this.writeRpc(res, id, {
        kind: 'status-update',
        taskId: run.transcript.taskId,
        contextId: run.transcript.contextId,
        final: false,
        status: {
          state: 'working',
          timestamp: new Date().toISOString(),
          message: {
            kind: 'message',
            role: 'agent',
            messageId: randomUUID(),
            parts: [
              {
                kind: 'text',
                text: `There's already an investigation on ${
                  run.scenario.target.name
                } — it started ${startedAgo} minute${
                  startedAgo === 1 ? '' : 's'
                } ago from a ${
                  run.scenario.signal.name
                } alert. Let me catch you up.`,
              },
            ],
          },
        },
        metadata: { type: 'reasoning', rr_id: run.rrName, joined: true },
      });
    }
    unsubscribe = run.transcript.subscribe(0, event => {
      this.writeRpc(res, id, event);
      if (event.final === true) {
        clearInterval(keepalive);
        res.end();
      }
    });
  }

  private writeRpc(res: ServerResponse, id: unknown, result: A2AEvent) {
    if (res.writableEnded || res.destroyed) return;
    res.write(`data: ${JSON.stringify({ jsonrpc: '2.0', id, result })}\n\n`);
  }

  private answerFor(run: RemediationRun, text: string): string {
    const lower = text.toLowerCase();
    if (/\b(approve|go with|reject|decline)\b/.test(lower)) {
      return 'Approving or rejecting is a human decision: use the approval panel (kubernaut_approve). I cannot make that decision for you.';
    }
    const match = run.scenario.followUps.find(f =>
      f.keywords.some(k => lower.includes(k)),
    );
    if (match) return match.answer;
    return `${run.scenario.rca.summary} The remediation is currently ${run.phase}.`;
  }

  private followUp(
    req: IncomingMessage,
    res: ServerResponse,
    id: unknown,
    run: RemediationRun,
    text: string,
    send: boolean,
  ) {
    this.answerOnly(req, res, id, this.answerFor(run, text), send, run);
  }

  /** A short streamed answer: the agent's tokens, then the answer artifact, then a final status. */
  private answerOnly(
    req: IncomingMessage,
    res: ServerResponse,
    id: unknown,
    answer: string,
    send: boolean,
    run?: RemediationRun,
  ) {
    const taskId = randomUUID();
    const contextId = run?.transcript.contextId ?? randomUUID();
    const base = { taskId, contextId };
    const events: A2AEvent[] = [
      ...tokenChunks(answer).map(chunk => ({
        kind: 'status-update' as const,
        ...base,
        final: false,
        status: {
          state: 'working',
          timestamp: new Date().toISOString(),
          message: {
            kind: 'message',
            role: 'agent',
            messageId: randomUUID(),
            parts: [{ kind: 'text', text: chunk }],
          },
        },
        metadata: { type: 'reasoning', ...(run ? { rr_id: run.rrName } : {}) },
      })),
      {
        kind: 'artifact-update',
        ...base,
        lastChunk: true,
        artifact: {
          artifactId: randomUUID(),
          name: 'answer',
          parts: [{ kind: 'text', text: answer }],
        },
      },
      {
        kind: 'status-update',
        ...base,
        final: true,
        status: { state: 'completed', timestamp: new Date().toISOString() },
        metadata: { type: 'status' },
      },
    ];
    if (send) {
      sendJson(res, 200, {
        jsonrpc: '2.0',
        id,
        result: {
          kind: 'task',
          id: taskId,
          contextId,
          status: { state: 'completed' },
          artifacts: [{ parts: [{ kind: 'text', text: answer }] }],
        },
      });
      return;
    }
    let cancelled = false;
    this.openSse(req, res, () => {
      cancelled = true;
    });
    let index = 0;
    const next = () => {
      if (cancelled) return;
      this.writeRpc(res, id, events[index++]);
      if (index < events.length) setTimeout(next, 30);
      else res.end();
    };
    next();
  }

  private statusStream(
    req: IncomingMessage,
    res: ServerResponse,
    body: Record<string, unknown>,
  ) {
    if (body.method !== 'status/subscribe')
      throw new RpcError(-32601, `method ${String(body.method)} not found`);
    const rrId = (body.params as { rr_id?: unknown } | undefined)?.rr_id;
    if (typeof rrId !== 'string' || !rrId)
      throw new RpcError(-32602, 'params.rr_id is required');
    const { store, namespace } = this.options;
    const type = RESOURCE_TYPES.remediationRequests;
    const id = body.id ?? null;
    if (!store.get(type, namespace, rrId)) {
      startSse(res);
      res.write(
        `event: status/update\ndata: ${JSON.stringify({
          jsonrpc: '2.0',
          id,
          error: {
            code: -32001,
            message: `remediation request ${rrId} not found`,
          },
        })}\n\n`,
      );
      res.end();
      return;
    }
    let lastPhase = '';
    let unsubscribe: () => void = () => undefined;
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), 15_000);
    this.openSse(req, res, () => {
      clearInterval(heartbeat);
      unsubscribe();
    });
    const send = (rr: KubeObject) => {
      const status = rrStatus(rr);
      const phase = (status.overallPhase as string) ?? 'Pending';
      if (phase === lastPhase) return;
      lastPhase = phase;
      const final = TERMINAL.includes(phase);
      const params = {
        rr_id: rrId,
        phase,
        timestamp: new Date().toISOString(),
        final,
        metadata: this.phaseMetadata(rr, phase),
      };
      res.write(
        `event: status/update\ndata: ${JSON.stringify({
          jsonrpc: '2.0',
          method: 'status/update',
          params,
        })}\n\n`,
      );
      if (final) {
        clearInterval(heartbeat);
        unsubscribe();
        res.end();
      }
    };
    unsubscribe = store.watch(
      type,
      { namespace, filter: o => o.metadata.name === rrId },
      e => {
        if (e.type !== 'DELETED') send(e.entry.object);
      },
    );
  }

  private phaseMetadata(
    rr: KubeObject,
    phase: string,
  ): Record<string, unknown> {
    const status = rrStatus(rr);
    const spec = (rr.spec ?? {}) as {
      targetResource?: { kind: string; name: string; namespace?: string };
      signalName?: string;
    };
    const target = spec.targetResource;
    const metadata: Record<string, unknown> = {
      namespace: target?.namespace,
      target: target ? `${target.kind}/${target.name}` : undefined,
      kind: target?.kind,
      alert_name: spec.signalName,
    };
    if (phase === 'AwaitingApproval')
      metadata.approval_request_name = `rar-${rr.metadata.name}`;
    if (phase === 'Completed')
      metadata.outcome = leaf(status, 'completionStatus', 'outcome');
    if (phase === 'Failed') {
      metadata.failure_reason = leaf(
        status,
        'completionStatus',
        'failureReason',
      );
      metadata.failure_phase = leaf(status, 'completionStatus', 'failurePhase');
    }
    if (phase === 'Blocked') {
      metadata.block_reason = leaf(status, 'routingStatus', 'blockReason');
      metadata.blocked_until = leaf(status, 'routingStatus', 'blockedUntil');
    }
    if (phase === 'Verifying')
      metadata.verification_deadline = leaf(
        status,
        'phaseProgress',
        'verificationDeadline',
      );
    return metadata;
  }

  private mcp(
    req: IncomingMessage,
    res: ServerResponse,
    user: UserInfo,
    body: Record<string, unknown>,
  ) {
    const id = body.id;
    const method = body.method as string;
    if (method === 'initialize') {
      const sessionId = randomUUID();
      this.mcpSessions.set(sessionId, user);
      sendJson(
        res,
        200,
        {
          jsonrpc: '2.0',
          id,
          result: {
            protocolVersion: '2025-03-26',
            capabilities: { tools: { listChanged: false } },
            serverInfo: {
              name: 'kubernaut-apifrontend',
              version: '1.6.0-sandbox',
            },
          },
        },
        { 'Mcp-Session-Id': sessionId },
      );
      return;
    }
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId !== 'string' || !this.mcpSessions.has(sessionId)) {
      throw new RpcError(
        -32001,
        'unknown or expired MCP session; initialize again',
        404,
      );
    }
    if (method === 'notifications/initialized') {
      res.writeHead(202);
      res.end();
      return;
    }
    if (method === 'tools/list') {
      sendJson(res, 200, { jsonrpc: '2.0', id, result: { tools: MCP_TOOLS } });
      return;
    }
    if (method !== 'tools/call')
      throw new RpcError(-32601, `method ${method} not found`);
    const { name, arguments: args } = (body.params ?? {}) as {
      name?: string;
      arguments?: Record<string, unknown>;
    };
    const tool = MCP_TOOLS.find(t => t.name === name);
    if (!tool) throw new RpcError(-32602, `unknown tool ${String(name)}`);
    this.requireTool(user, tool.name);
    let result: Record<string, unknown>;
    let isError = false;
    try {
      result = this.callTool(tool.name, args ?? {}, user);
    } catch (error) {
      isError = true;
      result = {
        error: error instanceof Error ? error.message : String(error),
      };
    }
    this.options.audit.append({
      at: new Date(),
      correlation_id: String(
        args?.rr_id ?? args?.rar_name ?? `mcp-${sessionId}`,
      ),
      event_type: isError
        ? 'apifrontend.mcp.tool_failed'
        : 'apifrontend.tool.executed',
      event_category: 'apifrontend',
      event_action: 'tool_executed',
      event_outcome: isError ? 'failure' : 'success',
      actor_type: 'user',
      actor_id: user.username,
      data: { tool: tool.name },
    });
    sendJson(res, 200, {
      jsonrpc: '2.0',
      id,
      result: {
        content: [{ type: 'text', text: JSON.stringify(result) }],
        ...(isError ? { isError: true } : {}),
      },
    });
  }

  private callTool(
    name: string,
    args: Record<string, unknown>,
    user: UserInfo,
  ): Record<string, unknown> {
    const { store, namespace } = this.options;
    const str = (key: string) => {
      const value = args[key];
      if (value === undefined || value === null || value === '')
        return undefined;
      if (typeof value !== 'string') throw new Error(`${key} must be a string`);
      return value;
    };
    switch (name) {
      case 'kubernaut_approve': {
        const rarName = str('rar_name');
        const decision = str('decision');
        if (!rarName || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(rarName))
          throw new Error('rar_name must be a Kubernetes name');
        if (decision !== 'Approved' && decision !== 'Rejected')
          throw new Error('decision must be exactly Approved or Rejected');
        const reason = str('reason');
        const override = str('workflow_override');
        const type = RESOURCE_TYPES.remediationApprovalRequests;
        if (!store.get(type, namespace, rarName))
          throw new Error(`approval request ${rarName} not found`);
        store.update(type, namespace, rarName, current =>
          admitApprovalStatus(
            current,
            {
              ...current,
              status: {
                ...(current.status ?? {}),
                decision,
                decidedBy: user.username,
                ...(reason ? { decisionMessage: reason } : {}),
                ...(override
                  ? {
                      workflowOverride: {
                        workflowName: override,
                        rationale: reason ?? 'Override chosen by the approver',
                      },
                    }
                  : {}),
              },
            },
            {
              user: { username: API_FRONTEND_USER, groups: [] },
              store,
              now: () => new Date(),
              trustedIntermediaries: [API_FRONTEND_USER],
            },
          ),
        );
        return {
          status: 'success',
          message: `${rarName} ${decision.toLowerCase()} by ${user.username}`,
        };
      }
      case 'kubernaut_cancel_remediation': {
        const rrId = str('rr_id') ?? str('name');
        if (!rrId) throw new Error('rr_id is required');
        const type = RESOURCE_TYPES.remediationRequests;
        const rr = store.get(type, namespace, rrId)?.object;
        if (!rr) throw new Error(`remediation ${rrId} not found`);
        const phase = rrStatus(rr).overallPhase as string;
        if (TERMINAL.includes(phase))
          throw new Error(
            `remediation ${rrId} is already ${phase} and cannot be cancelled`,
          );
        store.update(type, namespace, rrId, current => ({
          ...current,
          status: {
            ...(current.status ?? {}),
            overallPhase: 'Cancelled',
            completedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
            message: `Cancelled by ${user.username}`,
          },
        }));
        return {
          status: 'Cancelled',
          message: `remediation ${rrId} cancelled by ${user.username}`,
        };
      }
      case 'kubernaut_list_workflows': {
        const kind = str('kind');
        const workflows = store
          .list(RESOURCE_TYPES.remediationWorkflows, { namespace })
          .items.map(({ object }) => ({
            id: (object.status as { workflowId?: string })?.workflowId,
            name: object.metadata.name,
            description: (object.spec as { description?: { what?: string } })
              ?.description?.what,
            kind: (object.spec as { actionType?: string })?.actionType,
          }))
          .filter(w => !kind || w.kind === kind);
        return { workflows, count: workflows.length };
      }
      case 'kubernaut_investigate': {
        const rrId = str('rr_id');
        let run = rrId ? this.findRun(rrId) : undefined;
        if (rrId && !run) throw new Error(`remediation ${rrId} not found`);
        if (!run) {
          const description = [
            str('namespace'),
            str('kind'),
            str('name'),
            str('description'),
          ]
            .filter(Boolean)
            .join(' ');
          const scenario = this.matchScenario(description);
          if (!scenario)
            throw new Error(
              'could not match the description to a workload in this cluster',
            );
          run = this.options.engine.startScenario(scenario.id, {
            signalSource: 'a2a-agent',
            scriptedDecisions: false,
          });
        }
        this.recordSession(run, user, rrId ? 'takeover' : 'start');
        return {
          session_id: run.transcript.contextId,
          status: run.terminal ? 'completed' : 'investigating',
          rr_id: run.rrName,
          summary: run.scenario.signal.summary,
        };
      }
      case 'kubernaut_message': {
        const rrId = str('rr_id');
        const message = str('message');
        if (!rrId || !message)
          throw new Error('rr_id and message are required');
        const run = this.findRun(rrId);
        if (!run)
          throw new Error(`remediation ${rrId} has no interactive session`);
        return {
          session_id: run.transcript.contextId,
          status: 'answered',
          message: this.answerFor(run, message),
        };
      }
      case 'kubernaut_get_approval_request': {
        const rarId = str('rar_id') ?? str('name');
        const rar = rarId
          ? store.get(
              RESOURCE_TYPES.remediationApprovalRequests,
              namespace,
              rarId,
            )?.object
          : undefined;
        if (!rar) throw new Error(`approval request ${rarId} not found`);
        const spec = rar.spec as Record<string, unknown>;
        const status = (rar.status ?? {}) as Record<string, unknown>;
        return {
          name: rar.metadata.name,
          namespace,
          remediation_request: (spec.remediationRequestRef as { name?: string })
            ?.name,
          confidence: spec.confidence,
          confidence_level: spec.confidenceLevel,
          reason: spec.reason,
          investigation_summary: spec.investigationSummary,
          required_by: spec.requiredBy,
          decision: status.decision ?? '',
          decided_by: status.decidedBy,
          decided_at: status.decidedAt,
          expired: status.expired ?? false,
        };
      }
      default:
        throw new Error(`tool ${name} is not implemented by the sandbox`);
    }
  }
}
