import { randomUUID } from 'node:crypto';
import { ApiFrontendError, rpcErrorOf } from './apiFrontendErrors';
import { readAll, type ApiFrontendHttp } from './apiFrontendHttp';
import { sseMessages } from './sseMessages';

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

/** Streams an A2A conversation turn; yields each JSON-RPC `result` (or throws its error). */
export async function* a2aMessageStream(
  http: ApiFrontendHttp,
  token: string,
  text: string,
  contextId: string | undefined,
  signal: AbortSignal,
  metadata?: Record<string, string>,
): AsyncGenerator<Record<string, unknown>> {
  const response = await http.openStream(
    A2A_INVOKE_PATH,
    token,
    messageStreamRequest(text, contextId, metadata),
    signal,
  );
  if (!(response.headers['content-type'] ?? '').includes('text/event-stream')) {
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
