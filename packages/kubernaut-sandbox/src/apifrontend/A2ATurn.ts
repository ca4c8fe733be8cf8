import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { A2AEvent } from '../scenario/Transcript';

export type TurnEnd = 'completed' | 'input-required' | 'failed';

/**
 * One agent turn on the wire: every `message/stream` is a new task in the conversation's
 * context (a2a-go `a2asrv/jsonrpc.go`, adk `server/adka2a`). It opens with the `task` (submitted,
 * with the user's message), then a `working` update, then the turn's events, and closes with one
 * final status-update: completed, input-required (a decision awaits the user) or failed.
 */
export class A2ATurn {
  readonly taskId = randomUUID();
  private ended = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly requestId: unknown,
    readonly contextId: string,
    private readonly username: string,
    private readonly onEnd: () => void,
  ) {}

  get isOpen(): boolean {
    return !this.ended && !this.res.writableEnded && !this.res.destroyed;
  }

  private write(result: Record<string, unknown>) {
    if (!this.isOpen) return;
    this.res.write(
      `id: ${randomUUID()}\ndata: ${JSON.stringify({
        jsonrpc: '2.0',
        id: this.requestId,
        result,
      })}\n\n`,
    );
  }

  private adk() {
    return {
      adk_app_name: 'kubernaut-apifrontend',
      adk_user_id: this.username,
      adk_session_id: this.contextId,
    };
  }

  open(userText: string) {
    this.write({
      kind: 'task',
      id: this.taskId,
      contextId: this.contextId,
      status: { state: 'submitted' },
      history: [
        {
          kind: 'message',
          role: 'user',
          messageId: randomUUID(),
          contextId: this.contextId,
          taskId: this.taskId,
          parts: [{ kind: 'text', text: userText }],
        },
      ],
    });
    this.write({
      kind: 'status-update',
      taskId: this.taskId,
      contextId: this.contextId,
      final: false,
      status: { state: 'working', timestamp: new Date().toISOString() },
      metadata: this.adk(),
    });
  }

  /** A working status-update with agent text, tagged like API Frontend's event bridge. */
  status(type: string, text: string | undefined, metadata = {}) {
    this.write({
      kind: 'status-update',
      taskId: this.taskId,
      contextId: this.contextId,
      final: false,
      status: {
        state: 'working',
        timestamp: new Date().toISOString(),
        ...(text !== undefined
          ? {
              message: {
                kind: 'message',
                role: 'agent',
                messageId: '',
                parts: [{ kind: 'text', text }],
              },
            }
          : {}),
      },
      metadata: { type, ...metadata },
    });
  }

  /** An event of the investigation, as this turn's task. */
  forward(event: A2AEvent) {
    this.write({ ...event, taskId: this.taskId, contextId: this.contextId });
  }

  /** The agent's final text of the turn: an unnamed artifact with ADK's metadata. */
  answer(text: string) {
    this.write({
      kind: 'artifact-update',
      taskId: this.taskId,
      contextId: this.contextId,
      lastChunk: true,
      artifact: {
        artifactId: randomUUID(),
        parts: [{ kind: 'text', text }],
        metadata: { ...this.adk(), adk_author: 'kubernaut-apifrontend' },
      },
    });
  }

  end(state: TurnEnd, errorText?: string) {
    if (this.ended) return;
    this.write({
      kind: 'status-update',
      taskId: this.taskId,
      contextId: this.contextId,
      final: true,
      status: {
        state,
        timestamp: new Date().toISOString(),
        ...(state === 'input-required'
          ? { message: { kind: 'message', role: 'agent', parts: [] } }
          : {}),
        ...(state === 'failed'
          ? {
              message: {
                kind: 'message',
                role: 'agent',
                parts: [
                  {
                    kind: 'text',
                    text: errorText ?? 'agent run failed',
                    metadata: { adk_is_error_message: true },
                  },
                ],
              },
            }
          : {}),
      },
      metadata: this.adk(),
    });
    this.ended = true;
    this.onEnd();
    this.res.end();
  }
}
