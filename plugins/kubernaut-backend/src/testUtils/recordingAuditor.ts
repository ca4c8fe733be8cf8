import type {
  AuditorServiceCreateEventOptions,
  AuditorServiceEventSeverityLevel,
} from '@backstage/backend-plugin-api';
// A test-only module (only *.test.ts files import it), which the rule cannot tell from its path.
// eslint-disable-next-line @backstage/no-undeclared-imports
import { mockServices } from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';

/** One audit event as the plugin wrote it: what it announced, and how it ended. */
export interface RecordedAuditEvent {
  eventId: string;
  severityLevel?: AuditorServiceEventSeverityLevel;
  meta?: JsonObject;
  outcome?: 'success' | 'failure';
  /** The meta given with the success or the failure. */
  outcomeMeta?: JsonObject;
  error?: Error;
}

/** An AuditorService that keeps every event it is given, for tests to read. */
export function recordingAuditor() {
  const events: RecordedAuditEvent[] = [];
  const auditor = mockServices.auditor.mock({
    createEvent: async (options: AuditorServiceCreateEventOptions) => {
      const entry: RecordedAuditEvent = {
        eventId: options.eventId,
        severityLevel: options.severityLevel,
        meta: options.meta,
      };
      events.push(entry);
      return {
        success: async result => {
          entry.outcome = 'success';
          entry.outcomeMeta = result?.meta;
        },
        fail: async result => {
          entry.outcome = 'failure';
          entry.outcomeMeta = result.meta;
          entry.error = result.error;
        },
      };
    },
  });
  return { events, factory: auditor.factory };
}
