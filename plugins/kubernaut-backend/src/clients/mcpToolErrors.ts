import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ApiFrontendError } from './apiFrontendErrors';

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
