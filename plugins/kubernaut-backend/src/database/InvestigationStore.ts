import type { Knex } from 'knex';

import type {
  InvestigationListItem,
  InvestigationRecord,
  InvestigationStatus,
} from '@kubernaut/plugin-kubernaut-common';

export type { InvestigationListItem, InvestigationRecord, InvestigationStatus };

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
  driver: string | null;
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
    driver: row.driver ?? undefined,
    status: row.status,
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/**
 * A relay touches its investigation every 10 s; one silent this long is shown as interrupted.
 * The same figure as `STALE_MS` in `investigations/InvestigationService.ts`.
 */
export const STALE_SECONDS = 45;

/** What the list may filter on, all optional; the filters are and-ed, the values of one or-ed. */
export interface InvestigationListFilter {
  statuses?: InvestigationStatus[];
  clusters?: string[];
  createdBy?: string[];
  remediations?: string[];
  /** Words that must each appear in the remediation, creator, cluster or first question. */
  words?: string[];
}

/**
 * A place in the list: after the row with last activity `key` (the database's own text of the
 * timestamp, exact to its precision) and `id`; with `id` null, after every row at `key`.
 */
export interface ListPosition {
  key: string;
  id: string | null;
}

/** What the caller's visibility rule sees of a row before it is returned. */
export interface ListCandidate {
  id: string;
  cluster: string;
  remediation?: string;
  createdBy: string;
}

export interface ListOptions {
  filter: InvestigationListFilter;
  limit: number;
  after?: ListPosition;
  /** Rows the caller may not see are skipped; pages are filled from further rows. */
  visible?: (row: ListCandidate) => boolean;
  /** Rows examined before a short page is returned (more only to finish a run of ties). */
  maxScan?: number;
}

export interface ListResult {
  items: InvestigationListItem[];
  /** Where the next page starts; absent when nothing further matches. */
  next?: ListPosition;
}

const QUESTION_LENGTH = 200;
const DEFAULT_MAX_SCAN = 2_000;
/** A run of rows with one timestamp is finished past the bound, up to this many rows in all. */
const HARD_MAX_SCAN = 20_000;

interface ScannedRow {
  id: string;
  cluster: string;
  remediation: string | null;
  created_by: string;
  shown_status: InvestigationStatus;
  created_at: string | Date;
  updated_at: string | Date;
  position_key: string;
}

const escapeLike = (word: string) => word.replace(/[\\%_]/g, c => `\\${c}`);

function truncate(text: string | null | undefined): string | undefined {
  if (typeof text !== 'string') return undefined;
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return undefined;
  return flat.length > QUESTION_LENGTH
    ? `${flat.slice(0, QUESTION_LENGTH - 1).trimEnd()}…`
    : flat;
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
    driver?: string;
  }): Promise<InvestigationRecord> {
    await this.db('kubernaut_investigations').insert({
      id: input.id,
      cluster: input.cluster,
      remediation: input.remediation ?? null,
      context_id: input.contextId ?? null,
      driver: input.driver ?? null,
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
      driver?: string;
    },
  ): Promise<void> {
    await this.db('kubernaut_investigations')
      .where({ id })
      .update({
        ...(changes.status ? { status: changes.status } : {}),
        ...(changes.contextId ? { context_id: changes.contextId } : {}),
        ...(changes.remediation ? { remediation: changes.remediation } : {}),
        ...(changes.driver ? { driver: changes.driver } : {}),
        updated_at: this.db.fn.now(),
      });
  }

  /**
   * Makes `driver` the investigation's driver unless someone else already is, in one statement,
   * so two people (or replicas) taking over at once cannot both win. Gives the conversation
   * `contextId` when it has none. False when someone else drives it.
   */
  async claimDriver(
    id: string,
    driver: string,
    contextId: string,
  ): Promise<boolean> {
    const updated = await this.db('kubernaut_investigations')
      .where({ id })
      .andWhere(q => q.whereNull('driver').orWhere('driver', driver))
      .update({
        driver,
        context_id: this.db.raw('COALESCE(context_id, ?)', [contextId]),
        status: 'running',
        updated_at: this.db.fn.now(),
      });
    return updated > 0;
  }

  /**
   * Investigations, most recent activity first (ties by id), a page at a time. Rows the caller
   * may not see are skipped and the page is filled from further rows, up to `maxScan` rows
   * examined; a page cut short there ends at a position that names no hidden row. Transcript
   * figures (first question, event count) are read for the returned rows only.
   */
  async list(options: ListOptions): Promise<ListResult> {
    const { limit } = options;
    const visible = options.visible ?? (() => true);
    const maxScan = Math.max(options.maxScan ?? DEFAULT_MAX_SCAN, limit);
    const batch = Math.min(500, Math.max(2 * limit + 1, 50));
    const found: ScannedRow[] = [];
    let position = options.after;
    let scanned = 0;
    /** The last row examined was hidden, past the bound: stop where its timestamp ends. */
    let closing: string | undefined;

    /** Examines the next row; once the page is complete, says where the next one starts. */
    const examine = (
      row: ScannedRow,
    ): { next: ListPosition | undefined } | undefined => {
      if (closing !== undefined && row.position_key !== closing)
        return { next: { key: closing, id: null } };
      scanned++;
      position = { key: row.position_key, id: row.id };
      const shown = visible({
        id: row.id,
        cluster: row.cluster,
        remediation: row.remediation ?? undefined,
        createdBy: row.created_by,
      });
      if (shown) {
        closing = undefined;
        found.push(row);
        if (found.length > limit) {
          found.pop();
          const last = found[found.length - 1];
          return { next: { key: last.position_key, id: last.id } };
        }
      }
      if (scanned >= maxScan && closing === undefined) {
        if (shown) return { next: position };
        closing = row.position_key;
      }
      // Thousands of rows with one timestamp: only a position at the hidden row moves on.
      if (scanned >= HARD_MAX_SCAN) return { next: position };
      return undefined;
    };

    for (;;) {
      const rows = await this.scan(options.filter, position, batch);
      for (const row of rows) {
        const end = examine(row);
        if (end)
          return {
            items: await this.withTranscriptFigures(found),
            next: end.next,
          };
      }
      if (rows.length < batch)
        return { items: await this.withTranscriptFigures(found) };
    }
  }

  private get postgres(): boolean {
    return /^(pg|postgres)/.test(String(this.db.client.config.client));
  }

  /** The text of a stored `user-message` payload, as an SQL expression. */
  private questionText(payload: string): string {
    return this.postgres
      ? `(${payload})::json ->> 'text'`
      : `json_extract(${payload}, '$.text')`;
  }

  /**
   * The first question of investigation `i`: kept on the row when its event is appended, read
   * from the transcript for a row written before that (by an older replica during an upgrade).
   */
  private firstQuestionSql(): string {
    return `coalesce(i.first_question, (SELECT ${this.questionText(
      'e.payload',
    )} FROM kubernaut_investigation_events e WHERE e.investigation_id = i.id AND e.type = 'user-message' ORDER BY e.seq LIMIT 1))`;
  }

  private scan(
    filter: InvestigationListFilter,
    after: ListPosition | undefined,
    batch: number,
  ): Promise<ScannedRow[]> {
    const pg = this.postgres;
    const cutoff = pg
      ? `now() - interval '${STALE_SECONDS} seconds'`
      : `datetime('now', '-${STALE_SECONDS} seconds')`;
    const key = pg ? 'CAST(? AS timestamptz)' : '?';
    const db = this.db;
    const query = db('kubernaut_investigations as i').select(
      'i.id',
      'i.cluster',
      'i.remediation',
      'i.created_by',
      'i.created_at',
      'i.updated_at',
      db.raw(
        `CASE WHEN i.status = 'running' AND i.updated_at < ${cutoff} THEN 'interrupted' ELSE i.status END AS shown_status`,
      ),
      db.raw(
        `${
          pg ? 'i.updated_at::text' : 'CAST(i.updated_at AS TEXT)'
        } AS position_key`,
      ),
    );
    if (filter.clusters?.length) query.whereIn('i.cluster', filter.clusters);
    if (filter.createdBy?.length)
      query.whereIn('i.created_by', filter.createdBy);
    if (filter.remediations?.length)
      query.whereIn('i.remediation', filter.remediations);
    const statuses = filter.statuses ?? [];
    if (statuses.length) {
      query.where(q => {
        const plain = statuses.filter(
          s => s !== 'running' && s !== 'interrupted',
        );
        if (plain.length) q.orWhereIn('i.status', plain);
        if (statuses.includes('running'))
          q.orWhereRaw(`(i.status = 'running' AND i.updated_at >= ${cutoff})`);
        if (statuses.includes('interrupted'))
          q.orWhereRaw(
            `(i.status = 'interrupted' OR (i.status = 'running' AND i.updated_at < ${cutoff}))`,
          );
      });
    }
    for (const word of filter.words ?? []) {
      const pattern = `%${escapeLike(word.toLowerCase())}%`;
      query.whereRaw(
        `(lower(coalesce(i.remediation, '')) LIKE ? ESCAPE '\\' OR lower(i.created_by) LIKE ? ESCAPE '\\' OR lower(i.cluster) LIKE ? ESCAPE '\\' OR lower(coalesce(i.first_question, '')) LIKE ? ESCAPE '\\')`,
        [pattern, pattern, pattern, pattern],
      );
    }
    if (after) {
      if (after.id === null)
        query.whereRaw(`i.updated_at < ${key}`, [after.key]);
      else
        query.whereRaw(`(i.updated_at, i.id) < (${key}, ?)`, [
          after.key,
          after.id,
        ]);
    }
    return query
      .orderBy([
        { column: 'i.updated_at', order: 'desc' },
        { column: 'i.id', order: 'desc' },
      ])
      .limit(batch);
  }

  /** The first question and the number of events of each row, in one query. */
  private async withTranscriptFigures(
    rows: ScannedRow[],
  ): Promise<InvestigationListItem[]> {
    if (rows.length === 0) return [];
    const figures = await this.db('kubernaut_investigations as i')
      .whereIn(
        'i.id',
        rows.map(r => r.id),
      )
      .select(
        'i.id',
        this.db.raw(
          '(SELECT count(*) FROM kubernaut_investigation_events e WHERE e.investigation_id = i.id) AS event_count',
        ),
        this.db.raw(`${this.firstQuestionSql()} AS first_question`),
      );
    const byId = new Map(
      (
        figures as Array<{
          id: string;
          event_count: number | string;
          first_question: string | null;
        }>
      ).map(f => [f.id, f]),
    );
    return rows.map(row => {
      const figure = byId.get(row.id);
      return {
        id: row.id,
        cluster: row.cluster,
        remediation: row.remediation ?? undefined,
        createdBy: row.created_by,
        status: row.shown_status,
        createdAt: iso(row.created_at),
        updatedAt: iso(row.updated_at),
        firstQuestion: truncate(figure?.first_question),
        eventCount: Number(figure?.event_count ?? 0),
      };
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
    const question = events.find(e => e.type === 'user-message')?.payload as
      | { text?: unknown }
      | undefined;
    if (typeof question?.text === 'string')
      await this.db('kubernaut_investigations')
        .where({ id })
        .whereNull('first_question')
        .update({ first_question: question.text });
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
