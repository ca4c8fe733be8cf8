import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';

/** The Kubernaut kinds the plugin caches, by plural. */
export const CACHED_KINDS = [
  ['remediationrequests', 'RemediationRequest'],
  ['signalprocessings', 'SignalProcessing'],
  ['aianalyses', 'AIAnalysis'],
  ['remediationapprovalrequests', 'RemediationApprovalRequest'],
  ['workflowexecutions', 'WorkflowExecution'],
  ['effectivenessassessments', 'EffectivenessAssessment'],
  ['notificationrequests', 'NotificationRequest'],
] as const;

/**
 * How many objects of each cached kind the sandbox holds over all its clusters: one list of
 * limit 1 per kind and cluster, whose `remainingItemCount` says how many follow.
 */
export async function sandboxCounts(
  kubeconfigPath: string,
  clusters: string[],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const cluster of clusters) {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromFile(kubeconfigPath);
    kubeConfig.setCurrentContext(`${cluster}-backstage`);
    const api = kubeConfig.makeApiClient(CustomObjectsApi);
    for (const [plural, kind] of CACHED_KINDS) {
      const list = (await api.listNamespacedCustomObject({
        group: 'kubernaut.ai',
        version: 'v1alpha1',
        namespace: 'kubernaut-system',
        plural,
        limit: 1,
      })) as { items: unknown[]; metadata?: { remainingItemCount?: number } };
      counts[kind] =
        (counts[kind] ?? 0) +
        list.items.length +
        (list.metadata?.remainingItemCount ?? 0);
    }
  }
  return counts;
}
