import {
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { seededRandom } from '../../src/testUtils/seededRandom';

const REMEDIATIONS = {
  group: 'kubernaut.ai',
  version: 'v1alpha1',
  namespace: 'kubernaut-system',
  plural: 'remediationrequests',
};
/** Running phases a remediation moves between while it is worked on. */
const PHASES = ['Analyzing', 'Executing', 'Verifying'];

export interface Churn {
  /** Stops changing, and says how many changes were made and refused. */
  stop(): Promise<{ changes: number; refused: number; seconds: number }>;
}

/**
 * Changes remediations in the sandbox's clusters as a live fleet does while a question is asked:
 * `perSecond` status patches a second through each cluster's Kubernetes API (its admin context),
 * clusters in turn, each moving a remediation of `names` to another running phase; the backend
 * hears them on its watches like any other change.
 */
export function startChurn(options: {
  kubeconfig: string;
  names: Record<string, string[]>;
  perSecond: number;
}): Churn {
  const clusters = Object.keys(options.names).filter(
    c => options.names[c].length > 0,
  );
  const apis = new Map(
    clusters.map(cluster => {
      const config = new KubeConfig();
      config.loadFromFile(options.kubeconfig);
      config.setCurrentContext(cluster);
      return [cluster, config.makeApiClient(CustomObjectsApi)] as const;
    }),
  );
  const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
  const random = seededRandom(41);
  const pick = <T>(items: readonly T[]) =>
    items[Math.floor(random() * items.length)];
  let changes = 0;
  let refused = 0;
  let stopped = false;
  const started = performance.now();
  const intervalMs = 1000 / options.perSecond;
  const running = (async () => {
    for (let i = 0; !stopped; i++) {
      const due = started + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise(r => setTimeout(r, wait));
      const cluster = clusters[i % clusters.length];
      try {
        await apis.get(cluster)!.patchNamespacedCustomObjectStatus(
          {
            ...REMEDIATIONS,
            name: pick(options.names[cluster]),
            body: { status: { overallPhase: pick(PHASES) } },
          },
          mergePatch,
        );
        changes++;
      } catch {
        refused++;
      }
    }
  })();
  return {
    async stop() {
      stopped = true;
      await running;
      return {
        changes,
        refused,
        seconds: (performance.now() - started) / 1000,
      };
    },
  };
}
