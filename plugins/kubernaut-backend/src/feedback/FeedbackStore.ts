import type {
  FeedbackRating,
  FeedbackTarget,
  InvestigationFeedback,
  WorkflowFeedbackCounts,
} from '@kubernaut/plugin-kubernaut-common';
import type { Knex } from 'knex';

const TABLE = 'kubernaut_investigation_feedback';

interface Row {
  investigation_id: string;
  item_key: string;
  target: FeedbackTarget;
  user: string;
  rating: FeedbackRating;
  reason: string | null;
  workflow_id: string | null;
  created_at: string | Date;
}

const fromRow = (row: Row): InvestigationFeedback => ({
  investigationId: row.investigation_id,
  itemKey: row.item_key,
  target: row.target,
  user: row.user,
  rating: row.rating,
  reason: row.reason ?? undefined,
  workflowId: row.workflow_id ?? undefined,
  createdAt: new Date(row.created_at).toISOString(),
});

/**
 * Feedback on investigations' RCAs and answers, one per person and transcript item: a second
 * one replaces the first (an upsert on the primary key, so racing replicas cannot duplicate it).
 */
export class FeedbackStore {
  constructor(
    private readonly db: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  async put(
    feedback: Omit<InvestigationFeedback, 'createdAt'>,
  ): Promise<InvestigationFeedback> {
    const row: Row = {
      investigation_id: feedback.investigationId,
      item_key: feedback.itemKey,
      target: feedback.target,
      user: feedback.user,
      rating: feedback.rating,
      reason: feedback.reason ?? null,
      workflow_id: feedback.workflowId ?? null,
      created_at: new Date(this.now()).toISOString(),
    };
    await this.db(TABLE)
      .insert(row)
      .onConflict(['investigation_id', 'item_key', 'user'])
      .merge(['target', 'rating', 'reason', 'workflow_id', 'created_at']);
    return fromRow(row);
  }

  /** The feedback of one person on one investigation's items. */
  async byUser(
    investigationId: string,
    user: string,
  ): Promise<InvestigationFeedback[]> {
    const rows: Row[] = await this.db(TABLE)
      .where({ investigation_id: investigationId, user })
      .orderBy('item_key');
    return rows.map(fromRow);
  }

  /**
   * RCA feedback counted per recommended workflow, over every investigation: counts only, no
   * reasons or names, so they say nothing private about any one investigation.
   */
  async workflowCounts(): Promise<WorkflowFeedbackCounts> {
    const rows: Array<{ workflow_id: string; rating: string; n: unknown }> =
      await this.db(TABLE)
        .select('workflow_id', 'rating')
        .count({ n: '*' })
        .where({ target: 'rca' })
        .whereNotNull('workflow_id')
        .groupBy('workflow_id', 'rating');
    const counts = new Map<string, { up: number; down: number }>();
    for (const row of rows) {
      const entry = counts.get(row.workflow_id) ?? { up: 0, down: 0 };
      entry[row.rating === 'up' ? 'up' : 'down'] += Number(row.n);
      counts.set(row.workflow_id, entry);
    }
    return {
      items: [...counts.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([workflowId, c]) => ({ workflowId, ...c })),
    };
  }
}
