import { stringify } from 'yaml';
import type { SimulatedCluster } from './SimulatedCluster';

/**
 * A kubeconfig with one context per simulated cluster. Each cluster has a user per sandbox
 * identity (`<cluster>-<user>`); contexts use the admin user, and `<cluster>-backstage` is the
 * identity the Backstage backend uses.
 */
export function buildKubeconfig(
  clusters: SimulatedCluster[],
  caPem: string,
): string {
  const users = clusters.flatMap(cluster =>
    cluster.users.map(user => ({
      name: `${cluster.name}-${user.username.split(':').pop()}`,
      user: { token: user.token },
    })),
  );
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    'current-context': clusters[0]?.name,
    clusters: clusters.map(cluster => ({
      name: cluster.name,
      cluster: {
        server: cluster.kubeServer.url,
        'certificate-authority-data': Buffer.from(caPem).toString('base64'),
      },
    })),
    users,
    contexts: clusters.flatMap(cluster =>
      cluster.users.map(user => {
        const short = user.username.split(':').pop();
        return {
          name:
            short === 'kubernetes-admin'
              ? cluster.name
              : `${cluster.name}-${
                  short === 'kubernaut-backstage' ? 'backstage' : short
                }`,
          context: {
            cluster: cluster.name,
            user: `${cluster.name}-${short}`,
            namespace: 'kubernaut-system',
          },
        };
      }),
    ),
  });
}
