import { NotFoundError } from '@backstage/errors';
import type {
  InvestigationEvent,
  InvestigationFeedback,
  InvestigationRecord,
  RemediationDetail,
  SteeringAction,
} from '@kubernaut/plugin-kubernaut-common';
import type { KubernautApi } from '../src';
import { devTranscript } from './fixtures';
import { firstQuestionOf } from './rows';

/** Who acts in the dev app. */
export const DEV_USER = 'user:default/guest';
/** Pause between replayed transcript events, so the dev page shows them arriving. */
const EVENT_INTERVAL_MS = 400;

interface DevInvestigation {
  record: InvestigationRecord;
  events: InvestigationEvent[];
}

/**
 * The investigation half of the dev API: a conversation replays a canned transcript, one event
 * at a time, and follow-ups get a canned answer.
 */
export class DevInvestigations {
  private readonly investigations = new Map<string, DevInvestigation>();
  private readonly feedback: InvestigationFeedback[] = [];

  constructor(protected readonly remediations: RemediationDetail[]) {}

  async listInvestigations() {
    const items = [...this.investigations.values()].map(
      ({ record, events }) => ({
        ...record,
        firstQuestion: firstQuestionOf(events),
        eventCount: events.length,
      }),
    );
    return { items: items.reverse() };
  }

  async startInvestigation(request: {
    cluster: string;
    message?: string;
    remediation?: string;
  }) {
    const remediation =
      this.remediations.find(
        r => r.cluster === request.cluster && r.name === request.remediation,
      ) ?? this.remediations.find(r => r.cluster === request.cluster)!;
    const id = crypto.randomUUID();
    const now = new Date().toISOString();
    const question = request.message ?? `Watch ${remediation.name}`;
    this.investigations.set(id, {
      record: {
        id,
        cluster: request.cluster,
        remediation: remediation.name,
        driver: DEV_USER,
        status: 'running',
        createdBy: DEV_USER,
        createdAt: now,
        updatedAt: now,
      },
      events: devTranscript(DEV_USER, question, remediation).map(
        (body, index) =>
          ({ ...body, seq: index + 1, createdAt: now } as InvestigationEvent),
      ),
    });
    return { id, joined: false };
  }

  async sendInvestigationMessage(id: string, message: string) {
    const investigation = this.investigation(id);
    const seq = investigation.events.length + 1;
    const createdAt = new Date().toISOString();
    investigation.events.push(
      {
        type: 'user-message',
        payload: { user: DEV_USER, text: message },
        seq,
        createdAt,
      },
      {
        type: 'answer',
        payload: {
          text: 'The dev API has no agent; this is a canned answer.',
          append: false,
        },
        seq: seq + 1,
        createdAt,
      },
    );
    return { seq };
  }

  async takeOverInvestigation(id: string) {
    const investigation = this.investigation(id);
    investigation.record.driver = DEV_USER;
    return investigation.record;
  }

  async steerInvestigation(id: string, action: SteeringAction) {
    this.investigation(id);
    return {
      user: DEV_USER,
      action: action.action,
      workflowId:
        action.action === 'select-workflow' ? action.workflowId : undefined,
      status: 'accepted',
    };
  }

  async sendInvestigationFeedback(
    id: string,
    request: Omit<
      InvestigationFeedback,
      'investigationId' | 'user' | 'createdAt'
    >,
  ) {
    const stored = {
      ...request,
      investigationId: id,
      user: DEV_USER,
      createdAt: new Date().toISOString(),
    };
    this.feedback.push(stored);
    return stored;
  }

  async getInvestigationFeedback(id: string) {
    return { items: this.feedback.filter(f => f.investigationId === id) };
  }

  async getWorkflowFeedback() {
    return { items: [] };
  }

  async streamInvestigation(
    id: string,
    after: number,
    handlers: Parameters<KubernautApi['streamInvestigation']>[2],
    options?: { signal?: AbortSignal },
  ) {
    const investigation = this.investigation(id);
    handlers.onRecord?.(investigation.record);
    for (const event of investigation.events.filter(e => e.seq > after)) {
      await new Promise(resolve => setTimeout(resolve, EVENT_INTERVAL_MS));
      if (options?.signal?.aborted) return undefined;
      handlers.onEvent(event);
    }
    investigation.record.status = 'completed';
    return investigation.record.status;
  }

  private investigation(id: string) {
    const found = this.investigations.get(id);
    if (!found) throw new NotFoundError(`no investigation ${id}`);
    return found;
  }
}
