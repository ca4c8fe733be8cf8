import type {
  AuditorService,
  AuditorServiceEventSeverityLevel,
} from '@backstage/backend-plugin-api';
import type { JsonObject } from '@backstage/types';
import type { Request } from 'express';

export interface AuditedAct {
  eventId: string;
  /** The HTTP request when there is one; actions called through the registry have none. */
  request?: Request;
  meta: JsonObject;
  /** How much the act matters to an auditor; `medium` (a person's act on a remediation) by default. */
  severityLevel?: AuditorServiceEventSeverityLevel;
}

/**
 * Runs an act inside one audit event: recorded before it starts, then its success with the
 * result's meta, or its failure with the error, which is rethrown unchanged.
 */
export async function audited<T>(
  auditor: AuditorService,
  act: AuditedAct,
  run: () => Promise<{ result: T; meta?: JsonObject }>,
): Promise<T> {
  const event = await auditor.createEvent({
    eventId: act.eventId,
    severityLevel: act.severityLevel ?? 'medium',
    request: act.request,
    meta: act.meta,
  });
  try {
    const { result, meta } = await run();
    await event.success(meta ? { meta } : undefined);
    return result;
  } catch (error) {
    await event.fail({ error: error as Error });
    throw error;
  }
}
