import { createHash, randomUUID } from 'node:crypto';

/** An audit event in Data Storage's REST shape (`GET /api/v1/audit/events`). */
export interface AuditEvent {
  event_id: string;
  version: string;
  event_type: string;
  event_timestamp: string;
  event_date: string;
  event_category: string;
  event_action: string;
  event_outcome: 'success' | 'failure' | 'pending';
  actor_type: 'service' | 'user' | 'system';
  actor_id: string;
  resource_type: string;
  resource_id: string;
  correlation_id: string;
  namespace: string;
  cluster_id: string;
  severity?: string;
  duration_ms?: number;
  error_code?: string;
  error_message?: string;
  retention_days: number;
  is_sensitive: boolean;
  event_hash: string;
  previous_event_hash: string;
  event_data: Record<string, unknown>;
}

export type NewAuditEvent = Pick<
  AuditEvent,
  'event_type' | 'event_category' | 'event_action' | 'correlation_id'
> &
  Partial<
    Pick<
      AuditEvent,
      | 'event_outcome'
      | 'actor_type'
      | 'actor_id'
      | 'resource_type'
      | 'resource_id'
      | 'severity'
      | 'duration_ms'
      | 'error_code'
      | 'error_message'
    >
  > & {
    at: Date;
    data?: Record<string, unknown>;
  };

export interface AuditQuery {
  event_type?: string;
  event_category?: string;
  event_outcome?: string;
  severity?: string;
  correlation_id?: string;
  since?: Date;
  until?: Date;
  detail_key?: string;
  detail_value?: string;
  limit: number;
  offset: number;
}

/** Data Storage's effectiveness weights (DD-017 v2.1). */
const WEIGHTS = { health: 0.4, alert: 0.35, metrics: 0.25 };

/** The audit trail of one Kubernaut installation, hash-chained like Data Storage's. */
export class AuditLog {
  private readonly events: AuditEvent[] = [];
  private readonly byCorrelation = new Map<string, AuditEvent[]>();
  private lastHash = '';
  private sorted = true;

  constructor(
    private readonly clusterId: string,
    private readonly namespace: string,
  ) {}

  get size(): number {
    return this.events.length;
  }

  append(input: NewAuditEvent): AuditEvent {
    const timestamp = input.at.toISOString();
    const event: AuditEvent = {
      event_id: randomUUID(),
      version: '1.0',
      event_type: input.event_type,
      event_timestamp: timestamp,
      event_date: timestamp.slice(0, 10),
      event_category: input.event_category,
      event_action: input.event_action,
      event_outcome: input.event_outcome ?? 'success',
      actor_type: input.actor_type ?? 'service',
      actor_id: input.actor_id ?? 'remediationorchestrator',
      resource_type: input.resource_type ?? 'RemediationRequest',
      resource_id: input.resource_id ?? input.correlation_id,
      correlation_id: input.correlation_id,
      namespace: this.namespace,
      cluster_id: this.clusterId,
      ...(input.severity ? { severity: input.severity } : {}),
      ...(input.duration_ms !== undefined
        ? { duration_ms: input.duration_ms }
        : {}),
      ...(input.error_code ? { error_code: input.error_code } : {}),
      ...(input.error_message ? { error_message: input.error_message } : {}),
      retention_days: 2555,
      is_sensitive: false,
      event_hash: '',
      previous_event_hash: this.lastHash,
      event_data: { event_type: input.event_type, ...(input.data ?? {}) },
    };
    event.event_hash = createHash('sha256')
      .update(`${this.lastHash}${JSON.stringify({ ...event, event_hash: '' })}`)
      .digest('hex');
    this.lastHash = event.event_hash;
    const last = this.events[this.events.length - 1];
    if (last && last.event_timestamp > timestamp) this.sorted = false;
    this.events.push(event);
    let list = this.byCorrelation.get(event.correlation_id);
    if (!list) this.byCorrelation.set(event.correlation_id, (list = []));
    list.push(event);
    return event;
  }

  private chronological(): AuditEvent[] {
    if (!this.sorted) {
      this.events.sort((a, b) =>
        a.event_timestamp.localeCompare(b.event_timestamp),
      );
      for (const list of this.byCorrelation.values())
        list.sort((a, b) => a.event_timestamp.localeCompare(b.event_timestamp));
      this.sorted = true;
    }
    return this.events;
  }

  /** Newest first, like Data Storage (`event_timestamp DESC`). */
  query(q: AuditQuery): { data: AuditEvent[]; total: number } {
    this.chronological();
    const source = q.correlation_id
      ? this.byCorrelation.get(q.correlation_id) ?? []
      : this.events;
    const since = q.since?.toISOString();
    const until = q.until?.toISOString();
    const matches: AuditEvent[] = [];
    for (let i = source.length - 1; i >= 0; i--) {
      const e = source[i];
      if (q.event_type && e.event_type !== q.event_type) continue;
      if (q.event_category && e.event_category !== q.event_category) continue;
      if (q.event_outcome && e.event_outcome !== q.event_outcome) continue;
      if (q.severity && e.severity !== q.severity) continue;
      if (since && e.event_timestamp < since) continue;
      if (until && e.event_timestamp > until) continue;
      if (
        q.detail_key &&
        String(e.event_data[q.detail_key] ?? '') !== q.detail_value
      )
        continue;
      matches.push(e);
    }
    return {
      data: matches.slice(q.offset, q.offset + q.limit),
      total: matches.length,
    };
  }

  /** `GET /api/v1/effectiveness/{correlation_id}`: the weighted score from effectiveness events. */
  effectiveness(correlationId: string): Record<string, unknown> | undefined {
    const events = this.byCorrelation
      .get(correlationId)
      ?.filter(e => e.event_type.startsWith('effectiveness.'));
    if (!events || events.length === 0) return undefined;
    const last = (type: string) =>
      [...events].reverse().find(e => e.event_type === type)?.event_data;
    const health = last('effectiveness.health.assessed');
    const alert = last('effectiveness.alert.assessed');
    const metrics = last('effectiveness.metrics.assessed');
    const hash = last('effectiveness.hash.computed');
    const completed = last('effectiveness.assessment.completed');
    const parts: Array<[number, number | undefined]> = [
      [WEIGHTS.health, health?.score as number | undefined],
      [WEIGHTS.alert, alert?.score as number | undefined],
      [WEIGHTS.metrics, metrics?.score as number | undefined],
    ];
    const assessed = parts.filter(
      ([, score]) => typeof score === 'number',
    ) as Array<[number, number]>;
    const weight = assessed.reduce((sum, [w]) => sum + w, 0);
    const reason = completed?.assessment_reason as string | undefined;
    let score: number | null = weight
      ? assessed.reduce((sum, [w, s]) => sum + w * s, 0) / weight
      : null;
    if (reason === 'SpecDrift') score = 0;
    return {
      correlation_id: correlationId,
      score: score === null ? null : Math.round(score * 1000) / 1000,
      components: {
        health_assessed: !!health,
        health_score: health?.score ?? null,
        health_details: health?.details ?? null,
        alert_assessed: !!alert,
        alert_score: alert?.score ?? null,
        alert_details: alert?.details ?? null,
        metrics_assessed: !!metrics,
        metrics_score: metrics?.score ?? null,
        metrics_details: metrics?.details ?? null,
      },
      hash_comparison: hash
        ? {
            pre_remediation_spec_hash: hash.pre_hash,
            post_remediation_spec_hash: hash.post_hash,
            hash_match: hash.pre_hash === hash.post_hash,
          }
        : null,
      assessment_status: reason ?? 'in_progress',
      computed_at: new Date().toISOString(),
    };
  }
}
