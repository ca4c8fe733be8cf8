import { randomUUID } from 'node:crypto';

/** An A2A streaming event (`result` of a `message/stream` response), as API Frontend sends it. */
export type A2AEvent = Record<string, unknown> & {
  kind: 'status-update' | 'artifact-update';
  taskId: string;
  contextId: string;
};

export type A2AState =
  | 'submitted'
  | 'working'
  | 'input-required'
  | 'completed'
  | 'failed'
  | 'canceled';

export interface RrContext {
  rr_id: string;
  namespace: string;
  kind: string;
  target: string;
  alert_name: string;
  phase: string;
  cluster_id: string;
}

type Listener = (event: A2AEvent, index: number) => void;

/**
 * The events of one investigation conversation. A viewer subscribes from an index: it gets
 * the history from there, then live events, with nothing lost and nothing twice.
 */
export class Transcript {
  readonly taskId = randomUUID();
  readonly contextId = randomUUID();
  readonly events: A2AEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private closed = false;

  constructor(private readonly context: () => RrContext | undefined) {}

  get isClosed(): boolean {
    return this.closed;
  }

  subscribe(fromIndex: number, listener: Listener): () => void {
    for (let i = Math.max(0, fromIndex); i < this.events.length; i++)
      listener(this.events[i], i);
    if (this.closed) return () => undefined;
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private push(event: A2AEvent) {
    if (this.closed) return;
    this.events.push(event);
    const index = this.events.length - 1;
    for (const listener of [...this.listeners]) listener(event, index);
  }

  private metadata(type: string, extra: Record<string, unknown> = {}) {
    return { type, ...(this.context() ?? {}), ...extra };
  }

  status(
    state: A2AState,
    type: string,
    text: string | undefined,
    at: Date,
    extra: Record<string, unknown> = {},
    final = false,
  ) {
    this.push({
      kind: 'status-update',
      taskId: this.taskId,
      contextId: this.contextId,
      final,
      status: {
        state,
        timestamp: at.toISOString(),
        ...(text !== undefined
          ? {
              message: {
                kind: 'message',
                role: 'agent',
                messageId: randomUUID(),
                parts: [{ kind: 'text', text }],
              },
            }
          : {}),
      },
      metadata: this.metadata(type, extra),
    });
    if (final) {
      this.closed = true;
      this.listeners.clear();
    }
  }

  /** A chunk of the agent's narration, part of a token stream. */
  reasoning(text: string, at: Date) {
    this.status('working', 'reasoning', text, at);
  }

  /**
   * A tool call as API Frontend relays the agent's `tool_call_start`: text only, no tool
   * metadata, and no result frame (`pkg/apifrontend/tools/ka_investigate_bridge.go`).
   */
  toolCall(tool: string, at: Date) {
    this.status('working', 'status', `Calling ${tool}...`, at);
  }

  /** A data artifact with its text fallback, in one chunk. */
  private dataArtifact(
    data: Record<string, unknown>,
    text: string,
    metadata: Record<string, unknown>,
  ) {
    this.push({
      kind: 'artifact-update',
      taskId: this.taskId,
      contextId: this.contextId,
      lastChunk: true,
      artifact: {
        artifactId: randomUUID(),
        parts: [
          { kind: 'data', data, metadata: { mediaType: 'application/json' } },
          { kind: 'text', text },
        ],
        metadata,
      },
    });
  }

  /**
   * The agent's decision card, as API Frontend emits it when the agent presents its decision
   * (`pkg/apifrontend/launcher/part_converter.go` emitDecisionEvent): an unnamed artifact whose
   * metadata carries the schema, the data part, and a `Decision: …` text fallback.
   */
  decision(data: Record<string, unknown>, summary: string) {
    this.dataArtifact(
      data,
      `Decision: ${summary || 'Remediation decision'}\n\n`,
      {
        type: 'decision',
        schema: 'investigation_summary',
        schema_version: '1.0',
      },
    );
  }

  /**
   * A phase change seen while the agent watches the remediation
   * (`pkg/apifrontend/tools/execution_progress.go`): type only in the metadata, `Progress: <phase>`.
   */
  executionProgress(data: Record<string, unknown>, phase: string) {
    this.dataArtifact(data, `Progress: ${phase}`, {
      type: 'execution_progress',
    });
  }

  /** An answer to a question, outside any investigation phase. */
  answer(text: string, at: Date) {
    this.push({
      kind: 'artifact-update',
      taskId: this.taskId,
      contextId: this.contextId,
      lastChunk: true,
      artifact: {
        artifactId: randomUUID(),
        name: 'answer',
        parts: [{ kind: 'text', text }],
        metadata: { timestamp: at.toISOString() },
      },
    });
  }
}

/** Splits narration into small token groups, the way an LLM stream arrives. */
export function tokenChunks(text: string, tokensPerChunk = 3): string[] {
  const tokens = text.match(/\S+\s*/g) ?? [];
  const chunks: string[] = [];
  for (let i = 0; i < tokens.length; i += tokensPerChunk)
    chunks.push(tokens.slice(i, i + tokensPerChunk).join(''));
  return chunks;
}
