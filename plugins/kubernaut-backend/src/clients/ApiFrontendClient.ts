import type { Agent as HttpAgent } from 'node:http';
import { a2aMessageStream } from './a2aMessageStream';
import { ApiFrontendHttp } from './apiFrontendHttp';
import { McpToolClient } from './McpToolClient';
import { statusStream } from './statusStream';

export { A2A_INVOKE_PATH, messageStreamRequest } from './a2aMessageStream';
export {
  ApiFrontendError,
  RemediationNotFoundError,
  StatusStreamClosingError,
  StreamDroppedError,
} from './apiFrontendErrors';
export {
  McpToolError,
  toolErrorKind,
  toolErrorToBackstage,
  type ToolErrorKind,
} from './mcpToolErrors';

/**
 * Kubernaut API Frontend for one cluster: A2A `message/stream`, the `status/subscribe` stream and
 * MCP tools. The base URL comes from configuration only; `agent` carries the connection's TLS
 * trust (Kubernaut's inter-service CA) when API Frontend is served over https.
 */
export class ApiFrontendClient {
  private readonly http: ApiFrontendHttp;
  private readonly mcp: McpToolClient;

  constructor(baseUrl: string, agent?: HttpAgent) {
    this.http = new ApiFrontendHttp(baseUrl, agent);
    this.mcp = new McpToolClient(this.http);
  }

  /** Streams an A2A conversation turn; yields each JSON-RPC `result` (or throws its error). */
  messageStream(
    token: string,
    text: string,
    contextId: string | undefined,
    signal: AbortSignal,
    /** A2A message metadata, e.g. whom a message sent with the service credential is from. */
    metadata?: Record<string, string>,
  ): AsyncGenerator<Record<string, unknown>> {
    return a2aMessageStream(
      this.http,
      token,
      text,
      contextId,
      signal,
      metadata,
    );
  }

  /** The phase of a remediation as API Frontend streams it: see `statusStream`. */
  statusStream(
    token: string,
    remediation: string,
    signal: AbortSignal,
  ): AsyncGenerator<Record<string, unknown>> {
    return statusStream(this.http, token, remediation, signal);
  }

  /** Calls an MCP tool: see `McpToolClient.callTool`. */
  callTool(
    token: string,
    name: string,
    args: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    return this.mcp.callTool(token, name, args);
  }
}
