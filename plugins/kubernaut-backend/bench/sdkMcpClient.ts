/**
 * What `ApiFrontendClient.callTool` would be on `@modelcontextprotocol/sdk` (its `Client` and
 * `StreamableHTTPClientTransport`), written only to measure it against ours (mcpClient.ts) and to
 * see what adopting it takes: the same contract (a session per bearer token, `McpToolError` for
 * `isError: true`, JSON-RPC errors with their code, 401/403 as NotAllowedError, a 30 s timeout,
 * one re-initialize on 404) and, optionally, the service's node:http(s) agent for TLS.
 */
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import {
  request as httpRequest,
  type Agent as HttpAgent,
  type IncomingMessage,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import {
  ApiFrontendError,
  McpToolError,
} from '../src/clients/ApiFrontendClient';

const MCP_TIMEOUT_MS = 30_000;
const MAX_MCP_SESSIONS = 32;

/**
 * A `fetch` on node:http(s) through `agent`: the SDK's only way to use a service's own CA
 * without trusting it process-wide (global fetch takes no node:https agent).
 */
export function agentFetch(agent: HttpAgent): FetchLike {
  return (url, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const target = new URL(String(url));
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, key) => (headers[key] = value));
      const body = typeof init.body === 'string' ? init.body : undefined;
      if (body !== undefined)
        headers['content-length'] = String(Buffer.byteLength(body));
      const req = send(
        target,
        {
          method: init.method ?? 'GET',
          headers,
          agent,
          signal: init.signal ?? undefined,
        },
        (res: IncomingMessage) => {
          const status = res.statusCode ?? 0;
          const responseHeaders = new Headers();
          for (const [key, value] of Object.entries(res.headers))
            if (value !== undefined)
              responseHeaders.set(
                key,
                Array.isArray(value) ? value.join(', ') : value,
              );
          const empty = [101, 204, 205, 304].includes(status);
          if (empty) res.resume();
          resolve(
            new Response(
              empty
                ? null
                : (Readable.toWeb(res) as ReadableStream<Uint8Array>),
              { status, headers: responseHeaders },
            ),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
}

export class SdkMcpClient {
  private readonly clients = new Map<string, Promise<Client>>();

  constructor(
    private readonly baseUrl: string,
    private readonly options: { agent?: HttpAgent } = {},
  ) {}

  /** One SDK Client per token: its transport's headers are fixed when it is made. */
  private clientFor(token: string): Promise<Client> {
    let client = this.clients.get(token);
    if (!client) {
      client = this.connect(token);
      client.catch(() => this.clients.delete(token));
      if (this.clients.size >= MAX_MCP_SESSIONS) {
        const [oldest, old] = this.clients.entries().next().value!;
        this.clients.delete(oldest);
        old.then(c => c.close()).catch(() => undefined);
      }
      this.clients.set(token, client);
    }
    return client;
  }

  private async connect(token: string): Promise<Client> {
    const transport = new StreamableHTTPClientTransport(
      new URL(`${this.baseUrl}/mcp`),
      {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
        ...(this.options.agent
          ? { fetch: agentFetch(this.options.agent) }
          : {}),
      },
    );
    const client = new Client({
      name: 'backstage-kubernaut',
      version: '0.1.0',
    });
    try {
      await client.connect(transport, { timeout: MCP_TIMEOUT_MS });
    } catch (error) {
      throw this.mapError(error, 'initialize');
    }
    return client;
  }

  private mapError(error: unknown, what: string): Error {
    if (error instanceof McpError) {
      if (error.code === ErrorCode.RequestTimeout)
        return new ServiceUnavailableError(
          `API Frontend did not answer ${what} within ${
            MCP_TIMEOUT_MS / 1000
          } s`,
        );
      return new ApiFrontendError(error.message, undefined, error.code);
    }
    if (error instanceof StreamableHTTPError) {
      if (error.code === 401 || error.code === 403)
        return new NotAllowedError(
          `API Frontend refused the request (${error.code}): ${error.message}`,
        );
      return new ApiFrontendError(error.message, error.code);
    }
    if (error instanceof TypeError)
      return new ServiceUnavailableError(
        `API Frontend unreachable: ${error.message}`,
      );
    return error as Error;
  }

  async callTool(
    token: string,
    name: string,
    args: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const client = await this.clientFor(token);
      let result: Awaited<ReturnType<Client['callTool']>>;
      try {
        result = await client.callTool({ name, arguments: args }, undefined, {
          timeout: MCP_TIMEOUT_MS,
        });
      } catch (error) {
        if (error instanceof StreamableHTTPError && error.code === 404) {
          // "session not found": it expired or API Frontend restarted.
          this.clients.delete(token);
          client.close().catch(() => undefined);
          continue;
        }
        throw this.mapError(error, name);
      }
      const text = (
        (result.content ?? []) as Array<{ type?: string; text?: string }>
      )
        .filter(part => part?.type === 'text' && typeof part.text === 'string')
        .map(part => part.text)
        .join('\n');
      if (result.isError) throw new McpToolError(name, text);
      const structured = result.structuredContent;
      if (
        structured &&
        typeof structured === 'object' &&
        !Array.isArray(structured)
      )
        return structured as Record<string, unknown>;
      if (!text) return {};
      try {
        const parsed = JSON.parse(text);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
          return parsed;
      } catch {
        // not JSON: the text itself is the answer
      }
      return { text };
    }
    throw new ApiFrontendError(`MCP ${name}: session keeps expiring`, 404);
  }

  async close(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(
      clients.map(c => c.then(client => client.close()).catch(() => undefined)),
    );
  }
}
