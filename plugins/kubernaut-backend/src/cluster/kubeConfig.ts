import {
  bufferFromFileOrString,
  KubeConfig,
  type Cluster,
  type User,
} from '@kubernetes/client-node';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ClusterConfig } from '../config/clusterConfig';

type RequestContext = Parameters<KubeConfig['applySecurityAuthentication']>[0];
type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

/** The TLS material a dispatcher's connections were opened with, as one digest. */
function tlsFingerprint(cluster: Cluster, user: User | null): string {
  const hash = createHash('sha256');
  for (const part of [
    cluster.server,
    cluster.proxyUrl ?? '',
    cluster.tlsServerName ?? '',
    cluster.skipTLSVerify ? 'skip-verify' : 'verify',
    bufferFromFileOrString(cluster.caFile, cluster.caData),
    bufferFromFileOrString(user?.certFile, user?.certData),
    bufferFromFileOrString(user?.keyFile, user?.keyData),
  ]) {
    hash.update(part ?? '');
    hash.update('\0');
  }
  return hash.digest('hex');
}

/**
 * A KubeConfig whose API calls and watches share kept-alive connections. @kubernetes/client-node
 * 2 builds a new undici Agent for every request (`applySecurityAuthentication` ->
 * `createDispatcher`), so every call opened a TCP connection and did a TLS handshake. This keeps
 * the first dispatcher the library builds for a cluster and user and hands it to every later
 * request of the same pair, as long as the TLS material it was built from (server, proxy, CA,
 * client certificate and key, verification switches; read afresh on every request, as the
 * library does) is unchanged; when it changes, a new dispatcher is kept and the old one closed
 * once its requests end. TLS verification and the CA are the library's own: the dispatcher is
 * the one it built. Headers (the bearer token, `Impersonate-User`/`-Group` added by a call's
 * middleware) stay per request: they are not part of a connection.
 */
export class KeepAliveKubeConfig extends KubeConfig {
  private readonly dispatchers = new Map<
    string,
    { fingerprint: string; dispatcher: Dispatcher }
  >();

  async applySecurityAuthentication(context: RequestContext): Promise<void> {
    const cluster = this.getCurrentCluster();
    const user = this.getCurrentUser();
    await super.applySecurityAuthentication(context);
    const built = context.getDispatcher();
    // No dispatcher means the library's default (plain http, or no TLS options): nothing to keep.
    if (!cluster || !built) return;
    const pair = JSON.stringify([cluster.name, user?.name ?? '']);
    const fingerprint = tlsFingerprint(cluster, user);
    const kept = this.dispatchers.get(pair);
    if (kept?.fingerprint === fingerprint) {
      context.setDispatcher(kept.dispatcher);
      // The library's fresh Agent has opened nothing yet; closing it frees it at once.
      void built.close().catch(() => undefined);
      return;
    }
    this.dispatchers.set(pair, { fingerprint, dispatcher: built });
    if (kept) void kept.dispatcher.close().catch(() => undefined);
  }

  /** Closes every kept connection once its requests (watches included) have ended. */
  async closeConnections(): Promise<void> {
    const kept = [...this.dispatchers.values()];
    this.dispatchers.clear();
    await Promise.all(
      kept.map(({ dispatcher }) => dispatcher.close().catch(() => undefined)),
    );
  }
}

/** Builds the client configuration from the plugin config; secrets stay in the backend. */
export function kubeConfigFor(config: ClusterConfig): KeepAliveKubeConfig {
  const kc = new KeepAliveKubeConfig();
  const { connection } = config;
  if (connection.kind === 'kubeconfig') {
    kc.loadFromFile(resolve(process.cwd(), connection.path));
    if (connection.context) kc.setCurrentContext(connection.context);
  } else if (connection.kind === 'inCluster') {
    kc.loadFromCluster();
  } else {
    const caData =
      connection.caData ??
      (connection.caFile
        ? Buffer.from(
            readFileSync(resolve(process.cwd(), connection.caFile)),
          ).toString('base64')
        : undefined);
    kc.loadFromOptions({
      clusters: [
        {
          name: config.name,
          server: connection.url,
          caData,
          skipTLSVerify: connection.skipTLSVerify,
        },
      ],
      users: [
        { name: 'kubernaut-backstage', token: config.serviceAccountToken },
      ],
      contexts: [
        {
          name: config.name,
          cluster: config.name,
          user: 'kubernaut-backstage',
        },
      ],
      currentContext: config.name,
    });
  }
  if (config.serviceAccountToken && connection.kind !== 'url') {
    const user = kc.getCurrentUser();
    if (user) (user as { token?: string }).token = config.serviceAccountToken;
  }
  return kc;
}
