import { NotFoundError } from '@backstage/errors';
import type { AuditTrail } from '@kubernaut/plugin-kubernaut-common';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';

/** A remediation's audit trail from Data Storage, oldest first. */
export class AuditService {
  constructor(private readonly registry: ClusterRegistry) {}

  async trail(
    cluster: string,
    remediation: string,
    page: { limit: number; offset: number },
  ): Promise<AuditTrail> {
    this.registry.get(cluster);
    const client = this.registry.dataStorageFor(cluster);
    const base = { cluster, remediation, events: [], total: 0 };
    if (!client)
      return {
        ...base,
        status: 'unavailable',
        message: `Data Storage is not configured for cluster ${cluster}`,
      };
    let events;
    try {
      events = await client.allEvents({ correlation_id: remediation });
    } catch (error) {
      return {
        ...base,
        status: 'unavailable',
        message: `History unavailable: ${
          error instanceof Error ? error.message : String(error)
        }`,
      };
    }
    if (
      events.length === 0 &&
      !this.registry.get(cluster).remediations.items.has(remediation)
    ) {
      throw new NotFoundError(
        `no audit trail for remediation ${remediation} in cluster ${cluster}`,
      );
    }
    const oldestFirst = [...events].reverse();
    const slice = oldestFirst.slice(page.offset, page.offset + page.limit);
    return {
      cluster,
      remediation,
      status: 'ok',
      total: oldestFirst.length,
      ...(page.offset + page.limit < oldestFirst.length
        ? { nextOffset: page.offset + page.limit }
        : {}),
      events: slice.map(e => ({
        id: e.event_id,
        type: e.event_type,
        category: e.event_category,
        action: e.event_action,
        outcome: e.event_outcome,
        timestamp: e.event_timestamp,
        actor: { type: e.actor_type, id: e.actor_id },
        data: e.event_data ?? {},
      })),
    };
  }
}
