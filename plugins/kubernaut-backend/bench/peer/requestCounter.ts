import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import type { Socket } from 'node:net';

/** Which sandbox service an outgoing request went to. */
export type Upstream = 'kubernetes' | 'dataStorage' | 'apiFrontend';

export interface RequestCounts {
  kubernetes: number;
  dataStorage: number;
  apiFrontend: number;
}

interface SandboxEndpoints {
  kubernetesUrl: string;
  dataStorageUrl: string;
  apiFrontendUrl: string;
}

/**
 * Counts the requests this process sends to the sandbox, by service, without a proxy in the way:
 * Node's http client and undici (fetch, @kubernetes/client-node 2) both publish every request
 * they start on a diagnostics channel. Watches are long-lived streams the caches keep open, not
 * requests made to answer a question, so they are left out.
 */
export function countSandboxRequests(clusters: SandboxEndpoints[]) {
  const upstreamByHost = new Map<string, Upstream>();
  for (const cluster of clusters) {
    upstreamByHost.set(new URL(cluster.kubernetesUrl).host, 'kubernetes');
    upstreamByHost.set(new URL(cluster.dataStorageUrl).host, 'dataStorage');
    upstreamByHost.set(new URL(cluster.apiFrontendUrl).host, 'apiFrontend');
  }
  const counts: RequestCounts = {
    kubernetes: 0,
    dataStorage: 0,
    apiFrontend: 0,
  };
  const record = (host: string | undefined, path: string | undefined) => {
    const upstream = host ? upstreamByHost.get(host) : undefined;
    if (!upstream || /[?&]watch=(true|1)\b/.test(path ?? '')) return;
    counts[upstream]++;
  };
  // The Host header may be the caller's (a proxy that keeps it), so the socket says where to.
  const recordOnSocket = (socket: Socket, path: string) => {
    let recorded = false;
    const at = () => {
      if (recorded) return;
      recorded = true;
      record(`${socket.remoteAddress}:${socket.remotePort}`, path);
    };
    if (socket.remotePort) at();
    else {
      socket.once('connect', at);
      socket.once('secureConnect', at);
    }
  };
  subscribe('http.client.request.start', message => {
    const { request } = message as { request: ClientRequest };
    if (request.socket) recordOnSocket(request.socket, request.path);
    else
      request.once('socket', (socket: Socket) =>
        recordOnSocket(socket, request.path),
      );
  });
  subscribe('undici:request:create', message => {
    const { request } = message as {
      request: { origin: string | URL; path: string };
    };
    record(new URL(String(request.origin)).host, request.path);
  });
  return {
    snapshot: (): RequestCounts => ({ ...counts }),
    since(before: RequestCounts): RequestCounts {
      return {
        kubernetes: counts.kubernetes - before.kubernetes,
        dataStorage: counts.dataStorage - before.dataStorage,
        apiFrontend: counts.apiFrontend - before.apiFrontend,
      };
    },
  };
}
