import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http';
import type { UserInfo } from '../kube/auth';
import { tokenChunks, type A2AEvent } from '../scenario/Transcript';
import { ActiveContexts } from './ActiveContexts';
import { A2ATurn } from './A2ATurn';
import { followUp } from './agentFollowUp';
import { matchScenario, textOf } from './intake';
import type { KubernautPort, RunHandle } from './KubernautPort';
import { RpcError } from './responses';
import type { StreamRegistry } from './StreamRegistry';

export interface A2AEndpointOptions {
  port: KubernautPort;
  streams: StreamRegistry;
  /** Throws a 403 RpcError unless the user may use the tool (SubjectAccessReview). */
  requireTool: (user: UserInfo, tool: string) => void;
  keepaliveMs?: number;
}

/** A run's decision card: where the agent's investigation turn ends and waits for the user. */
const isDecision = (event: A2AEvent) =>
  event.kind === 'artifact-update' &&
  (event.artifact as { metadata?: { schema?: string } } | undefined)?.metadata
    ?.schema === 'investigation_summary';

/** A conversation (ADK session) and the remediation its agent investigates. */
interface Session {
  contextId: string;
  rrName?: string;
}

/**
 * A2A `message/stream` and `message/send` (`POST /a2a/invoke` or `POST /`), one agent turn per
 * call as upstream's API Frontend runs them:
 * - the conversation is the message's contextId; without one, the user's active context
 *   (`launcher/session_interceptor.go`); an unknown contextId is a new conversation;
 * - a first turn investigates: a named remediation (rr-…) is taken over
 *   (`tools/ka_investigate_mcp.go`: joinMode takeover, no replay, only what happens from now
 *   on); a described symptom starts a remediation of its own;
 * - the turn streams the investigation until the agent presents its decision, then ends
 *   input-required; what follows (approval, execution, verification) is on the status stream;
 * - taking a remediation over makes the user its driver: the investigation then waits for
 *   their choice, which a later turn in plain words makes (kubernaut_select_workflow);
 * - later turns in the conversation answer follow-ups and end completed.
 */
export class A2AEndpoint {
  private readonly sessions = new Map<string, Session>();
  readonly activeContexts = new ActiveContexts();

  constructor(private readonly options: A2AEndpointOptions) {}

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    user: UserInfo,
    body: Record<string, unknown>,
  ): Promise<void> {
    const { port } = this.options;
    const method = body.method as string;
    if (method !== 'message/stream' && method !== 'message/send')
      throw new RpcError(-32601, `method ${method} not found`);
    const params = (body.params ?? {}) as {
      message?: { contextId?: unknown; parts?: unknown };
    };
    const text = textOf(params.message);
    if (!text)
      throw new RpcError(
        -32602,
        'params.message must have at least one non-empty text part',
      );
    const given = params.message?.contextId;
    if (given !== undefined && (typeof given !== 'string' || !given))
      throw new RpcError(-32602, 'params.message.contextId must be a string');
    const contextId =
      given ?? this.activeContexts.get(user.username) ?? randomUUID();
    let session = this.sessions.get(contextId);
    if (!session) this.sessions.set(contextId, (session = { contextId }));

    port.appendAudit({
      at: new Date(),
      correlation_id: session.rrName ?? `a2a-${contextId}`,
      event_type: 'apifrontend.a2a.task_started',
      event_category: 'apifrontend',
      event_action: 'task_started',
      actor_type: 'user',
      actor_id: user.username,
      data: { context_id: contextId, text_length: text.length },
    });

    if (method === 'message/send') {
      this.sendTask(res, body.id ?? null, session, user, text);
      return;
    }
    let stop: () => void = () => undefined;
    const timers: { keepalive?: ReturnType<typeof setInterval> } = {};
    const turn = new A2ATurn(
      res,
      body.id ?? null,
      contextId,
      user.username,
      () => clearInterval(timers.keepalive),
    );
    timers.keepalive = setInterval(
      () => turn.status('keepalive', undefined, { dot: '.' }),
      this.options.keepaliveMs ?? 5_000,
    );
    this.options.streams.start(req, res, () => {
      clearInterval(timers.keepalive);
      stop();
    });
    turn.open(text);
    const run = session.rrName ? port.findRun(session.rrName) : undefined;
    if (run) {
      this.answer(turn, run, user, text);
      return;
    }
    stop = this.investigate(turn, session, user, text);
  }

  /** The first turn: take over a named remediation, or find or start the one described. */
  private investigate(
    turn: A2ATurn,
    session: Session,
    user: UserInfo,
    text: string,
  ): () => void {
    const { port } = this.options;
    const rrMatch = text.match(/\brr-[0-9a-f]{12}-[0-9a-f]{8}\b/);
    let run = rrMatch ? port.findRun(rrMatch[0]) : undefined;
    let joinMode: 'start' | 'takeover' = 'takeover';
    if (!run && !rrMatch) {
      const scenario = matchScenario(port.scenarios(), text);
      // kubernaut_investigate with a workload (no rr_id) creates a remediation of its own.
      if (scenario) {
        if (!this.mayInvestigate(turn, user)) return () => undefined;
        // Upstream's agent starts it interactive, driven by this user: the investigation ends
        // offering workflows and waits for their choice (tools/ka_investigate_mcp.go, joinMode start).
        run = port.startScenario(scenario.id, {
          signalSource: 'a2a-agent',
          scriptedDecisions: false,
          interactive: true,
        });
        joinMode = 'start';
      }
    }
    if (!run) {
      this.reply(
        turn,
        rrMatch
          ? `I could not find remediation ${rrMatch[0]} in this cluster.`
          : "I couldn't tell which workload you mean. Name the service or deployment (for example checkout-service or payment-gateway), or give the remediation id (rr-…).",
      );
      return () => undefined;
    }
    if (joinMode === 'takeover' && !this.mayInvestigate(turn, user))
      return () => undefined;
    session.rrName = run.rrName;
    this.activeContexts.set(user.username, session.contextId);
    port.recordInvestigationSession(run, user, joinMode);
    port.takeOverInvestigation(run, user);
    const context = { rr_id: run.rrName, phase: 'Investigating' };
    if (joinMode === 'takeover')
      turn.status(
        'status',
        'Autonomous investigation detected, signaling takeover...',
        context,
      );
    else
      turn.status(
        'status',
        'Interactive session created, starting investigation...',
        context,
      );
    const decision = run.transcript.events.filter(isDecision).at(-1);
    if (
      decision &&
      run.interactiveSession?.awaitingChoice &&
      run.interactiveSession.driverName === user.username
    ) {
      // The investigation waits for this user: the agent presents its decision again.
      this.presentDecision(turn, run, user, {
        ...decision,
        artifact: {
          ...(decision.artifact as object),
          artifactId: randomUUID(),
        },
      });
      return () => undefined;
    }
    if (decision || run.terminal) {
      // Nothing left to investigate: the agent reports where the remediation stands.
      this.reply(
        turn,
        `${run.scenario.rca.summary} The remediation is ${run.phase}.`,
        run,
      );
      return () => undefined;
    }
    // Only what happens from now on: upstream has no replay.
    const unsubscribe = run.transcript.subscribe(
      run.transcript.events.length,
      event => {
        if (!turn.isOpen) return;
        if (event.final === true) {
          turn.forward({ ...event, final: false });
          turn.end('completed');
          return;
        }
        if (isDecision(event)) this.presentDecision(turn, run, user, event);
        else turn.forward(event);
      },
    );
    return unsubscribe;
  }

  /**
   * The agent discovered the workflows and presents its decision, which ends the turn waiting
   * for the user (`agent/prompt.txt` Phase 2, `launcher/part_converter.go` emitDecisionEvent).
   */
  private presentDecision(
    turn: A2ATurn,
    run: RunHandle,
    user: UserInfo,
    decision: A2AEvent,
  ) {
    this.options.port.recordWorkflowDiscovery(run.rrName, user);
    turn.forward(decision);
    turn.end('input-required');
  }

  /** SubjectAccessReview on kubernaut_investigate; a refusal is the tool's error, as the agent sees it. */
  private mayInvestigate(turn: A2ATurn, user: UserInfo): boolean {
    try {
      this.options.requireTool(user, 'kubernaut_investigate');
      return true;
    } catch {
      turn.status(
        'reasoning',
        'Error: forbidden: role does not grant access to tool "kubernaut_investigate"\n\n',
      );
      this.reply(
        turn,
        'I cannot investigate for you: your role does not grant access to kubernaut_investigate.',
      );
      return false;
    }
  }

  /** A follow-up turn: the agent's tool calls for the user, streamed, then its answer. */
  private answer(turn: A2ATurn, run: RunHandle, user: UserInfo, text: string) {
    const { toolCalls, answer } = followUp(this.options.port, run, user, text);
    const context = { rr_id: run.rrName };
    for (const { call, result } of toolCalls) {
      turn.status('reasoning', call, context);
      turn.status('reasoning', result, context);
    }
    this.reply(turn, answer, run);
  }

  /** The agent's tokens, then its final text, then the end of the turn. */
  private reply(turn: A2ATurn, text: string, run?: RunHandle) {
    const chunks = tokenChunks(text);
    let index = 0;
    const next = () => {
      if (!turn.isOpen) return;
      if (index < chunks.length) {
        turn.status(
          'reasoning',
          chunks[index++],
          run ? { rr_id: run.rrName } : {},
        );
        setTimeout(next, 30);
        return;
      }
      turn.answer(text);
      turn.end('completed');
    };
    next();
  }

  private sendTask(
    res: ServerResponse,
    id: unknown,
    session: Session,
    user: UserInfo,
    text: string,
  ) {
    const run = session.rrName
      ? this.options.port.findRun(session.rrName)
      : undefined;
    const answer = run
      ? followUp(this.options.port, run, user, text).answer
      : 'Use message/stream to start an investigation.';
    sendJson(res, 200, {
      jsonrpc: '2.0',
      id,
      result: {
        kind: 'task',
        id: randomUUID(),
        contextId: session.contextId,
        status: { state: 'completed', timestamp: new Date().toISOString() },
        artifacts: [
          { artifactId: randomUUID(), parts: [{ kind: 'text', text: answer }] },
        ],
        metadata: { adk_user_id: user.username },
      },
    });
  }
}
