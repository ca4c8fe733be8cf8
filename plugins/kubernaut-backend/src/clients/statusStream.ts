import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import {
  ApiFrontendError,
  RemediationNotFoundError,
  StatusStreamClosingError,
} from './apiFrontendErrors';
import type { ApiFrontendHttp } from './apiFrontendHttp';
import { sseMessages } from './sseMessages';

/**
 * Streams the phase of a remediation (`status/subscribe`, upstream
 * `handler/status_handler.go`): the current phase first, then each change and, in Verifying,
 * updates with new `verification_steps`. Ends after a final phase; throws
 * `RemediationNotFoundError` for an unknown remediation (HTTP 400, `-32001`) and
 * `StatusStreamClosingError` when API Frontend announces `status/closing`.
 */
export async function* statusStream(
  http: ApiFrontendHttp,
  token: string,
  remediation: string,
  signal: AbortSignal,
): AsyncGenerator<Record<string, unknown>> {
  let response: IncomingMessage;
  try {
    response = await http.openStream(
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
