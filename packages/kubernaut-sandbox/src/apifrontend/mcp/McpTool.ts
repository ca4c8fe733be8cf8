import type { UserInfo } from '../../kube/auth';
import { KubeError } from '../../kube/status';
import type { KubernautPort } from '../KubernautPort';
import type { JsonSchema } from './schema';

export interface ToolContext {
  user: UserInfo;
  port: KubernautPort;
  /** Aborts when the tool timeout hits or the caller goes away. */
  signal: AbortSignal;
  /** Clears the caller's active agent conversation (`launcher/active_context_registry.go`). */
  endActiveConversation?: () => void;
}

/** One MCP tool: its name, description and inferred input schema, and what it does. */
export interface McpToolDefinition {
  name: string;
  description: string;
  inputSchema: JsonSchema;
  /** The result (sent as its JSON text), or a thrown error whose message is the tool error text. */
  handler(
    args: Record<string, unknown>,
    ctx: ToolContext,
  ): unknown | Promise<unknown>;
}

/** A tool failure; its message is what the caller reads (plain text, `isError: true`). */
export class ToolError extends Error {}

/** Upstream's sentinel errors (`tools/helpers.go`), wrapped as `<sentinel>: <detail>`. */
export const toolErrors = {
  invalidInput: (detail: string) => new ToolError(`invalid input: ${detail}`),
  notFound: () =>
    new ToolError('not found: the requested resource does not exist'),
  alreadyTerminal: (detail: string) =>
    new ToolError(`already in terminal state: ${detail}`),
};

const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Upstream `validate.ResourceName`: an RFC 1123 subdomain; the error, or undefined. */
export function resourceNameError(name: string): string | undefined {
  if (!name) return 'resource name must not be empty';
  if (name.length > 253)
    return `invalid resource name ${JSON.stringify(
      name,
    )}: must be no more than 253 characters`;
  if (!DNS1123_SUBDOMAIN.test(name))
    return `invalid resource name ${JSON.stringify(
      name,
    )}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`;
  return undefined;
}

/** Upstream `ParseRRID`/`ParseRARID`: the bare name from the id or the `name` fallback. */
export function nameFrom(
  id: string | undefined,
  name: string | undefined,
  idField: 'rr_id' | 'rar_id',
): string {
  if (id) return id;
  if (!name)
    throw new ToolError(`name is required when ${idField} is not provided`);
  return name;
}

function forbiddenDetail(message: string): string {
  const cut = message.indexOf('cannot');
  if (cut < 0)
    return 'you lack access to this resource -- contact your cluster administrator for RBAC permissions';
  let action = message.slice(cut + 'cannot'.length).trim();
  const group = action.indexOf('in API group');
  if (group > 0) action = action.slice(0, group).trim();
  return `you lack access to ${action} -- contact your cluster administrator for RBAC permissions`;
}

/** Upstream `ToUserFriendlyError`: Kubernetes API errors without their internals. */
export function userFriendly(error: unknown): Error {
  if (!(error instanceof KubeError)) return error as Error;
  switch (error.code) {
    case 403:
      return new ToolError(`access denied: ${forbiddenDetail(error.message)}`);
    case 404:
      return toolErrors.notFound();
    case 409:
      return new ToolError(
        'operation conflict — the resource was modified concurrently, please retry',
      );
    default:
      return new ToolError(
        `operation failed (code ${error.code}): the server could not process the request`,
      );
  }
}

/** Upstream `security.RedactError`: no URLs, hosts or paths, at most 256 characters. */
export function redactError(message: string): string {
  let text = message
    .replace(/[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s"']+/g, '[URL_REDACTED]')
    .replace(/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, '[HOST_REDACTED]')
    .replace(/(\/[a-zA-Z0-9._-]+){2,}/g, '[PATH_REDACTED]')
    .replace(
      /eyJ[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{20,}/g,
      '[JWT_REDACTED]',
    )
    .replace(/bearer\s+[A-Za-z0-9._~+/=-]{10,}/gi, '[BEARER_REDACTED]');
  const stack = text.indexOf('\n    at ');
  if (stack >= 0) text = text.slice(0, stack);
  return text.length > 256 ? `${text.slice(0, 256)}...` : text;
}

/** An optional string argument; Go's omitempty makes "" the same as absent. */
export function str(
  args: Record<string, unknown>,
  key: string,
): string | undefined {
  const value = args[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
