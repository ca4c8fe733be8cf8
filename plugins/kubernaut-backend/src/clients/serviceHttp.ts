import {
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingHttpHeaders,
} from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { ServiceEndpointConfig } from '../config/clusterConfig';

/**
 * The connection pool for one Kubernaut service (Data Storage, API Frontend): over https it
 * trusts the configured CA (Kubernaut's inter-service CA) instead of only the system's, and
 * verifies certificates unless `skipTLSVerify` says otherwise. Kept alive: requests reuse sockets.
 */
export function serviceAgent(endpoint: ServiceEndpointConfig): HttpAgent {
  if (!endpoint.url.startsWith('https:'))
    return new HttpAgent({ keepAlive: true });
  return new HttpsAgent({
    keepAlive: true,
    ...(endpoint.caPem ? { ca: endpoint.caPem } : {}),
    rejectUnauthorized: !endpoint.skipTLSVerify,
  });
}

export interface ServiceReply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * One request with a whole-text answer through the service's agent (node:http(s): fetch cannot
 * take a CA per destination without a second HTTP stack). Rejects on network failure, abort or
 * timeout; any HTTP status resolves.
 */
export function serviceRequest(
  url: URL,
  options: {
    agent: HttpAgent;
    method?: 'GET' | 'POST';
    headers?: Record<string, string>;
    body?: string;
    timeoutMs: number;
  },
): Promise<ServiceReply> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<ServiceReply>((resolve, reject) => {
    const request = send(
      url,
      {
        method: options.method ?? 'GET',
        agent: options.agent,
        headers: {
          ...options.headers,
          ...(options.body !== undefined
            ? { 'Content-Length': String(Buffer.byteLength(options.body)) }
            : {}),
        },
        timeout: options.timeoutMs,
      },
      response => {
        response.setEncoding('utf8');
        let text = '';
        response.on('data', chunk => (text += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text,
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () =>
      request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
    );
    request.on('error', reject);
    request.end(options.body);
  });
}
