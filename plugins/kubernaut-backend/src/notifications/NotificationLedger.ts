import type { Knex } from 'knex';
import type { NotificationEvent } from './messages';

export interface LedgerKey {
  cluster: string;
  remediation: string;
  /** The remediation's creation time: one recreated under the same name is new. */
  remediationCreated: string;
  event: NotificationEvent;
}

const TABLE = 'kubernaut_notifications_sent';

const isTaken = (error: unknown) =>
  /unique|duplicate/i.test(String((error as Error)?.message ?? error));

const whereKey = (key: LedgerKey) => ({
  cluster: key.cluster,
  remediation: key.remediation,
  remediation_created: key.remediationCreated,
  event: key.event,
});

/**
 * Which notifications were sent, shared by the replicas on one database: the first replica to
 * claim an event sends it; a failed send releases the claim so the next look retries.
 */
export class NotificationLedger {
  constructor(
    private readonly db: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when this caller now owns sending the event; false when it was claimed before. */
  async claim(key: LedgerKey): Promise<boolean> {
    try {
      await this.db(TABLE).insert({
        ...whereKey(key),
        sent_at: new Date(this.now()).toISOString(),
      });
      return true;
    } catch (error) {
      if (isTaken(error)) return false;
      throw error;
    }
  }

  async release(key: LedgerKey): Promise<void> {
    await this.db(TABLE).where(whereKey(key)).delete();
  }

  async has(key: LedgerKey): Promise<boolean> {
    const row = await this.db(TABLE).where(whereKey(key)).first('event');
    return row !== undefined;
  }

  /** Forgets what was sent before `olderThanMs`; remediations that old no longer change. */
  async prune(olderThanMs: number): Promise<number> {
    return this.db(TABLE)
      .where('sent_at', '<', new Date(this.now() - olderThanMs).toISOString())
      .delete();
  }
}
