import type {
  HistoryEntry,
  InvestigationEvent,
  TranscriptEventBody,
} from '@kubernaut/plugin-kubernaut-common';
import type { StoredEvent } from '../../database/InvestigationStore';
import { A2AEventTranslator } from './a2aEvents';
import { phaseEvent } from './phaseEvents';
import { record, text } from './json';
import { analysisFromRemediation } from './rootCause';

function pendingApproval(
  approval: Record<string, unknown>,
  remediation: string | undefined,
) {
  const name = text(approval.name);
  if (!name || text(approval.decision)) return undefined;
  return { name, remediation, requiredBy: text(approval.requiredBy) };
}

/**
 * Transcripts stored before events were typed kept API Frontend's raw frames (`a2a`, a raw
 * status update as `phase`, a `history` with the remediation's analysis). Each such row is read
 * as the one typed event that shows it, so old conversations open as they always did.
 */
function upgrade(event: StoredEvent): TranscriptEventBody | undefined {
  const payload = record(event.payload);
  switch (event.type) {
    case 'a2a': {
      const events = new A2AEventTranslator().translate(payload);
      return events.find(e => e.type !== 'agent-state') ?? events[0];
    }
    case 'phase':
      return 'details' in payload
        ? (event as TranscriptEventBody)
        : { type: 'phase', payload: phaseEvent(payload) };
    case 'history': {
      if (Array.isArray(payload.events)) return event as TranscriptEventBody;
      const audit = Array.isArray(payload.audit) ? payload.audit : [];
      return {
        type: 'history',
        payload: {
          remediation: text(payload.remediation),
          phase: text(payload.phase),
          events: audit.map(raw => {
            const entry = record(raw);
            return {
              type: text(entry.type) ?? 'event',
              action: text(entry.action),
              at: text(entry.at),
              outcome: text(entry.outcome),
              actor: text(entry.actor),
            } satisfies HistoryEntry;
          }),
          unavailable: payload.auditStatus === 'unavailable',
          analysis: analysisFromRemediation(record(payload.analysis)),
          pendingApproval: pendingApproval(
            record(payload.approval),
            text(payload.remediation),
          ),
        },
      };
    }
    default:
      return event as TranscriptEventBody;
  }
}

/** A stored event as the typed event the API sends; undefined for one that shows nothing. */
export function toInvestigationEvent(
  event: StoredEvent,
): InvestigationEvent | undefined {
  const body = upgrade(event);
  return body && { ...body, seq: event.seq, createdAt: event.createdAt };
}
