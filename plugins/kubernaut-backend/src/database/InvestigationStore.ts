import type { Knex } from 'knex';

import type {
  InvestigationRecord,
  InvestigationStatus,
} from '@kubernaut/plugin-kubernaut-common';

export type { InvestigationRecord, InvestigationStatus };

export interface StoredEvent {
  seq: number;
  type: string;
  payload: unknown;
  createdAt: string;
}

interface InvestigationRow {
  id: string;
  cluster: string;
  remediation: string | null;
  context_id: string | null;
  status: InvestigationStatus;
  created_by: string;
  created_at: string | Date;
  updated_at: string | Date;
}

const iso = (value: string | Date) =>
  (value instanceof Date
    ? value
    : new Date(
        `${String(value).replace(' ', 'T')}${
          /Z|[+-]\d\d:?\d\d$/.test(String(value)) ? '' : 'Z'
        }`,
      )
  ).toISOString();

function record(row: InvestigationRow): InvestigationRecord {
  return {
    id: row.id,
    cluster: row.cluster,
    remediation: row.remediation ?? undefined,
    contextId: row.context_id ?? undefined,
    status: row.status,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/**
 * Investigations and their transcripts in the Backstage database (SQLite or PostgreSQL). Events
 * are numbered per investigation; the (investigation, seq) key makes a second writer fail rather
 * than interleave, so every replica reads the same order.
 */
export class InvestigationStore {
  constructor(private readonly db: Knex) {}

  async create(input: {
    id: string;
    cluster: string;
    remediation?: string;
    createdBy: string;
    contextId?: string;
  }): Promise<InvestigationRecord> {
    await this.db('kubernaut_investigations').insert({
      id: input.id,
      cluster: input.cluster,
      remediation: input.remediation ?? null,
      context_id: input.contextId ?? null,
      status: 'running',
      created_by: input.createdBy,
    });
    return (await this.get(input.id))!;
  }

  async get(id: string): Promise<InvestigationRecord | undefined> {
    const row = await this.db<InvestigationRow>('kubernaut_investigations')
      .where({ id })
      .first();
    return row ? record(row) : undefined;
  }

  /** The running investigation of a remediation, if any: joining reuses it. */
  async findRunning(
    cluster: string,
    remediation: string,
  ): Promise<InvestigationRecord | undefined> {
    const row = await this.db<InvestigationRow>('kubernaut_investigations')
      .where({ cluster, remediation, status: 'running' })
      .orderBy('created_at', 'desc')
      .first();
    return row ? record(row) : undefined;
  }

  /** Who started investigations of a remediation (for the distinct-approver rule). */
  async starters(cluster: string, remediation: string): Promise<string[]> {
    const rows = await this.db('kubernaut_investigations')
      .where({ cluster, remediation })
      .distinct('created_by');
    return rows.map((r: { created_by: string }) => r.created_by);
  }

  async update(
    id: string,
    changes: {
      status?: InvestigationStatus;
      contextId?: string;
      remediation?: string;
    },
  ): Promise<void> {
    await this.db('kubernaut_investigations')
      .where({ id })
      .update({
        ...(changes.status ? { status: changes.status } : {}),
        ...(changes.contextId ? { context_id: changes.contextId } : {}),
        ...(changes.remediation ? { remediation: changes.remediation } : {}),
        updated_at: this.db.fn.now(),
      });
  }

  async lastSeq(id: string): Promise<number> {
    const row = await this.db('kubernaut_investigation_events')
      .where({ investigation_id: id })
      .max({ seq: 'seq' })
      .first();
    return Number(row?.seq ?? 0);
  }

  /** Appends events with the given sequence numbers (the relay owns the numbering). */
  async append(
    id: string,
    events: Array<{
      seq: number;
      type: string;
      payload: unknown;
      createdAt?: string;
    }>,
  ): Promise<void> {
    if (events.length === 0) return;
    await this.db('kubernaut_investigation_events').insert(
      events.map(e => ({
        investigation_id: id,
        seq: e.seq,
        type: e.type,
        payload: JSON.stringify(e.payload),
        // Millisecond ISO text: SQLite's default (CURRENT_TIMESTAMP) keeps whole seconds only.
        ...(e.createdAt ? { created_at: e.createdAt } : {}),
      })),
    );
  }

  async eventsAfter(
    id: string,
    after: number,
    limit = 500,
  ): Promise<StoredEvent[]> {
    const rows = await this.db('kubernaut_investigation_events')
      .where({ investigation_id: id })
      .andWhere('seq', '>', after)
      .orderBy('seq', 'asc')
      .limit(limit)
      .select('seq', 'type', 'payload', 'created_at');
    return rows.map(
      (r: {
        seq: number | string;
        type: string;
        payload: string;
        created_at: string | Date;
      }) => ({
        seq: Number(r.seq),
        type: r.type,
        payload: JSON.parse(r.payload),
        createdAt: iso(r.created_at),
      }),
    );
  }
}
