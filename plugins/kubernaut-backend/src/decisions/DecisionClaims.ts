import type { Knex } from 'knex';

export interface DecisionClaimKey {
  cluster: string;
  request: string;
  /** The request's metadata.uid. */
  requestUid: string;
}

export interface DecisionClaim {
  decidedBy: string;
  decision: string;
  state: 'claimed' | 'written';
  claimedAt: string;
}

/** A claim whose write never finished (its replica died mid-call) stops blocking after this. */
const STALE_CLAIM_MS = 60_000;

const isTaken = (error: unknown) =>
  /unique|duplicate/i.test(String((error as Error)?.message ?? error));

/**
 * One decision per approval request across replicas sharing the Backstage database. The
 * (cluster, request, uid) key lets one replica claim a request; another gets the holder back.
 * A failed write releases its claim so the person can try again.
 */
export class DecisionClaims {
  constructor(
    private readonly db: Knex,
    private readonly now: () => number = Date.now,
  ) {}

  private row(key: DecisionClaimKey) {
    return this.db('kubernaut_decision_claims').where({
      cluster: key.cluster,
      request: key.request,
      request_uid: key.requestUid,
    });
  }

  /** Claims the request; `undefined` when this caller holds it now, else the claim in the way. */
  async claim(
    key: DecisionClaimKey,
    claim: { decidedBy: string; decision: string },
  ): Promise<DecisionClaim | undefined> {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await this.db('kubernaut_decision_claims').insert({
          cluster: key.cluster,
          request: key.request,
          request_uid: key.requestUid,
          decided_by: claim.decidedBy,
          decision: claim.decision,
          state: 'claimed',
          claimed_at: new Date(this.now()).toISOString(),
        });
        return undefined;
      } catch (error) {
        if (!isTaken(error)) throw error;
      }
      const holder = await this.holder(key);
      if (!holder) continue; // released in between
      const stale =
        holder.state === 'claimed' &&
        this.now() - Date.parse(holder.claimedAt) > STALE_CLAIM_MS;
      if (!stale || attempt > 0) return holder;
      await this.row(key)
        .andWhere({ state: 'claimed', claimed_at: holder.claimedAt })
        .delete();
    }
    return this.holder(key);
  }

  async written(key: DecisionClaimKey): Promise<void> {
    await this.row(key).update({ state: 'written' });
  }

  async release(key: DecisionClaimKey): Promise<void> {
    await this.row(key).andWhere({ state: 'claimed' }).delete();
  }

  async holder(key: DecisionClaimKey): Promise<DecisionClaim | undefined> {
    const row = await this.row(key).first();
    if (!row) return undefined;
    const claimedAt = row.claimed_at as string | Date;
    return {
      decidedBy: row.decided_by,
      decision: row.decision,
      state: row.state,
      claimedAt:
        claimedAt instanceof Date ? claimedAt.toISOString() : String(claimedAt),
    };
  }
}
