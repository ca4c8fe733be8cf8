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

  /**
   * `GET /api/v1/effectiveness/{correlation_id}`, computed as Data Storage's handler does
   * (`pkg/datastorage/server/effectiveness_handler.go`): the effectiveness events in order, the
   * last per component winning; the score weighs the components that were assessed and scored;
   * the status is the completed event's reason, else in_progress once something was assessed.
   */
  effectiveness(correlationId: string): Record<string, unknown> | undefined {
    const events = this.byCorrelation
      .get(correlationId)
      ?.filter(e => e.event_category === 'effectiveness');
    if (!events || events.length === 0) return undefined;
    type Component = {
      assessed: boolean;
      score: number | null;
      details?: string;
    };
    const components: Record<'health' | 'alert' | 'metrics', Component> = {
      health: { assessed: false, score: null },
      alert: { assessed: false, score: null },
      metrics: { assessed: false, score: null },
    };
    const hash: Record<string, unknown> = {};
    let reason: string | undefined;
    for (const event of [...events].sort((a, b) =>
      a.event_timestamp.localeCompare(b.event_timestamp),
    )) {
      const data = event.event_data;
      const component = event.event_type.match(
        /^effectiveness\.(health|alert|metrics)\.assessed$/,
      )?.[1] as keyof typeof components | undefined;
      if (component) {
        const entry = components[component];
        entry.assessed = entry.assessed || data.assessed === true;
        entry.score = typeof data.score === 'number' ? data.score : null;
        entry.details =
          typeof data.details === 'string' && data.details
            ? data.details
            : undefined;
      } else if (event.event_type === 'effectiveness.hash.computed') {
        for (const key of [
          'pre_remediation_spec_hash',
          'post_remediation_spec_hash',
          'hash_match',
        ])
          if (data[key] !== undefined && data[key] !== '')
            hash[key] = data[key];
      } else if (event.event_type === 'effectiveness.assessment.completed') {
        reason = typeof data.reason === 'string' ? data.reason : reason;
      }
    }
    const scored = (Object.keys(components) as Array<keyof typeof WEIGHTS>)
      .map(name => [WEIGHTS[name], components[name]] as const)
      .filter(([, c]) => c.assessed && c.score !== null);
    const weight = scored.reduce((sum, [w]) => sum + w, 0);
    let score: number | null = weight
      ? scored.reduce((sum, [w, c]) => sum + w * (c.score as number), 0) /
        weight
      : null;
    if (reason === 'SpecDrift') score = 0;
    const anyAssessed = Object.values(components).some(c => c.assessed);
    const body: Record<string, unknown> = {};
    for (const [name, c] of Object.entries(components)) {
      body[`${name}_assessed`] = c.assessed;
      body[`${name}_score`] = c.score;
      if (c.details) body[`${name}_details`] = c.details;
    }
    return {
      correlation_id: correlationId,
      score,
      components: body,
      hash_comparison: hash,
      assessment_status: reason ?? (anyAssessed ? 'in_progress' : 'no_data'),
      computed_at: new Date().toISOString(),
    };
  }
}
