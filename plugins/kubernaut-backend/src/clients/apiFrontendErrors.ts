import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';

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

export const unreachable = (error: unknown) =>
  new ServiceUnavailableError(
    `API Frontend unreachable: ${
      error instanceof Error ? error.message : String(error)
    }`,
  );

export const refused = (status: number, body: string) =>
  new NotAllowedError(
    `API Frontend refused the request (${status}): ${body.slice(0, 200)}`,
  );

/** The JSON-RPC error of a non-streamed error answer, if it is one. */
export function rpcErrorOf(text: string): { code?: number; message?: string } {
  try {
    const body = JSON.parse(text);
    return typeof body?.error === 'object' && body.error ? body.error : {};
  } catch {
    return {};
  }
}
