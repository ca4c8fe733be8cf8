import type { JsonObject } from '@backstage/types';
import { KubeConfig } from '@kubernetes/client-node';
import { randomUUID } from 'node:crypto';
import type { SandboxProcess } from '../testUtils/sandboxProcess';

/** A secret the backend holds, and the name a report gives it. */
export interface PlantedSecret {
  name: string;
  value: string;
}

/**
 * Unique canary strings for every config field `config.d.ts` marks `@visibility secret`, plus the
 * CA data and backend auth key, and the sandbox's own tokens (the kubeconfig's users).
 */
export interface SecretPlan {
  config: JsonObject;
  secrets: PlantedSecret[];
}

const canary = (field: string) => `canary-${field}-${randomUUID()}`;

/**
 * The config of a backend that reads the sandbox's cluster `functional` with its real service
 * account, plus two clusters whose credentials are canaries: `canary-auth` reaches the sandbox's
 * real servers with wrong tokens (so every upstream 401 path runs), `canary-ca` carries a CA that
 * cannot be parsed (so the TLS error path runs).
 */
export function planSecrets(
  sandbox: SandboxProcess,
  functional: string,
): SecretPlan {
  const cluster = sandbox.clusters.find(c => c.name === functional)!;
  const kubeconfig = new KubeConfig();
  kubeconfig.loadFromFile(sandbox.kubeconfig);
  const kubeCa = kubeconfig.clusters.find(c => c.name === functional)?.caData;
  if (!kubeCa)
    throw new Error(`the sandbox kubeconfig has no CA for ${functional}`);
  const realCluster = sandbox
    .pluginConfig()
    .kubernaut.clusters.find(
      c => (c as { name: string }).name === functional,
    ) as JsonObject;
  const caCanary = canary('ca-data');
  const values = {
    'canary-auth serviceAccountToken': canary('sa-token'),
    'canary-auth dataStorage.token': canary('ds-token'),
    'canary-auth apiFrontend.token': canary('af-token'),
    'canary-ca serviceAccountToken': canary('sa-token-2'),
    'canary-ca caData (decoded)': caCanary,
    'canary-ca caData': Buffer.from(
      `-----BEGIN CERTIFICATE-----\n${caCanary}\n-----END CERTIFICATE-----\n`,
    ).toString('base64'),
    'backend.auth.keys secret': canary('backend-auth-key'),
  };
  const config: JsonObject = {
    backend: {
      auth: { keys: [{ secret: values['backend.auth.keys secret'] }] },
    },
    kubernaut: {
      clusters: [
        realCluster,
        {
          name: 'canary-auth',
          environment: 'production',
          url: cluster.kubernetesUrl,
          caData: kubeCa,
          serviceAccountToken: values['canary-auth serviceAccountToken'],
          dataStorage: {
            url: cluster.dataStorageUrl,
            caFile: sandbox.interServiceCaFile,
            token: values['canary-auth dataStorage.token'],
          },
          apiFrontend: {
            url: cluster.apiFrontendUrl,
            caFile: sandbox.interServiceCaFile,
            token: values['canary-auth apiFrontend.token'],
          },
        },
        {
          name: 'canary-ca',
          environment: 'staging',
          url: cluster.kubernetesUrl,
          caData: values['canary-ca caData'],
          serviceAccountToken: values['canary-ca serviceAccountToken'],
        },
      ],
    },
  };
  const kubeconfigTokens = kubeconfig.users
    .filter(user => user.token)
    .map(user => ({
      name: `kubeconfig token of ${user.name}`,
      value: user.token!,
    }));
  return {
    config,
    secrets: [
      ...Object.entries(values).map(([name, value]) => ({ name, value })),
      ...kubeconfigTokens,
    ],
  };
}

/** The names of the secrets that appear in `text`. */
export function secretsIn(text: string, secrets: PlantedSecret[]): string[] {
  return secrets.filter(s => text.includes(s.value)).map(s => s.name);
}
