import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  ApiFrontendError,
  refused,
  rpcErrorOf,
  unreachable,
} from './apiFrontendErrors';

export async function readAll(body: IncomingMessage): Promise<string> {
  body.setEncoding('utf8');
  let text = '';
  for await (const chunk of body) text += chunk;
  return text;
}

/**
 * POSTs to one cluster's API Frontend. The base URL comes from configuration only; `agent`
 * carries the connection's TLS trust (Kubernaut's inter-service CA) when API Frontend is served
 * over https.
 */
export class ApiFrontendHttp {
  constructor(
    private readonly baseUrl: string,
    private readonly agent?: HttpAgent,
  ) {}

  /**
   * A POST with node:http(s) rather than fetch: each chunk reaches the relay as the socket reads
   * it, with no web-stream queue in between (what a relayed event waits for), and the agent can
   * trust a CA of its own.
   */
  send(
    path: string,
    token: string,
    body: unknown,
    options: {
      signal?: AbortSignal;
      accept: string;
      headers?: Record<string, string>;
    },
  ): Promise<IncomingMessage> {
    const url = new URL(`${this.baseUrl}${path}`);
    const payload = JSON.stringify(body);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const request = send(
        url,
        {
          method: 'POST',
          ...(this.agent ? { agent: this.agent } : {}),
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(payload),
            Accept: options.accept,
            Authorization: `Bearer ${token}`,
            ...options.headers,
          },
          signal: options.signal,
        },
        resolve,
      );
      request.on('error', error =>
        reject(error.name === 'AbortError' ? error : unreachable(error)),
      );
      request.end(payload);
    });
  }

  /** Opens a stream; a refusal is `NotAllowedError`, any other non-2xx an `ApiFrontendError`. */
  async openStream(
    path: string,
    token: string,
    body: unknown,
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    const response = await this.send(path, token, body, {
      signal,
      accept: 'text/event-stream',
    });
    const status = response.statusCode ?? 0;
    if (status === 401 || status === 403)
      throw refused(status, await readAll(response));
    if (status < 200 || status >= 300) {
      const text = await readAll(response).catch(() => '');
      const rpc = rpcErrorOf(text);
      throw new ApiFrontendError(
        `API Frontend answered ${status}${
          rpc.message ? `: ${rpc.message}` : ''
        }`,
        status,
        rpc.code,
      );
    }
    return response;
  }
}
