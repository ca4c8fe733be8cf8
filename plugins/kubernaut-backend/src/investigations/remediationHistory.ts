import type {
  HistoryEntry,
  TranscriptEventPayloads,
} from '@kubernaut/plugin-kubernaut-common';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import { analysisFromRemediation } from './events/rootCause';

/** What Kubernaut recorded of a remediation before the watch began: its state and audit trail. */
export async function remediationHistory(
  registry: ClusterRegistry,
  cluster: string,
  remediation: string,
): Promise<TranscriptEventPayloads['history']> {
  const connection = registry.get(cluster);
  const row = connection.remediationRow(remediation);
  const { analysis, approvalRequest } = await connection
    .childrenOf(remediation)
    .catch(() => connection.children(remediation));
  let events: HistoryEntry[] = [];
  let unavailable = false;
  const client = registry.dataStorageFor(cluster);
  if (client) {
    try {
      events = (await client.allEvents({ correlation_id: remediation }, 500))
        .reverse()
        .map(e => ({
          type: e.event_type,
          action: e.event_action,
          outcome: e.event_outcome,
          at: e.event_timestamp,
          actor: e.actor_id,
        }));
    } catch {
      unavailable = true;
    }
  } else unavailable = true;
  return {
    remediation,
    phase: row?.phase,
    events,
    unavailable,
    analysis: analysis ? analysisFromRemediation({ ...analysis }) : undefined,
    pendingApproval:
      approvalRequest && !approvalRequest.decision
        ? {
            name: approvalRequest.name,
            remediation,
            requiredBy: approvalRequest.requiredBy,
          }
        : undefined,
  };
}
