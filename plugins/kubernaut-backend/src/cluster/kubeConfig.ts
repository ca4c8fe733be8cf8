import { KubeConfig } from '@kubernetes/client-node';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ClusterConfig } from '../config/clusterConfig';

/** Builds the client configuration from the plugin config; secrets stay in the backend. */
export function kubeConfigFor(config: ClusterConfig): KubeConfig {
  const kc = new KubeConfig();
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
