import type {
  DataStorageClient,
  DataStorageEvent,
} from '../clients/DataStorageClient';

/** Most endings read from one cluster's Data Storage for one window. */
export const HISTORY_EVENT_LIMIT = 20_000;
/** How long one pull answers later requests. */
const HISTORY_TTL_MS = 60_000;
/** Windows that start within the same minute share one pull (from the minute's start). */
const HISTORY_BUCKET_MS = 60_000;
const MAX_ENTRIES = 64;

interface Entry {
  fetchedAt: number;
  events: Promise<DataStorageEvent[]>;
}

/**
 * The orchestrator's terminal events per cluster and window start, read from Data Storage once
 * a minute at most: fleet summaries over long windows are asked for by every open dashboard,
 * and each pull reads up to {@link HISTORY_EVENT_LIMIT} events. Concurrent requests share the
 * pull in flight; a failed pull is not kept.
 */
export class EndingHistory {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Terminal events since `since` (and a little before it; callers bound the window). */
  read(
    cluster: string,
    client: DataStorageClient,
    since: Date,
  ): Promise<DataStorageEvent[]> {
    const bucketStart =
      Math.floor(since.getTime() / HISTORY_BUCKET_MS) * HISTORY_BUCKET_MS;
    const key = `${cluster}|${bucketStart}`;
    const now = this.now();
    const cached = this.entries.get(key);
    if (cached && now - cached.fetchedAt < HISTORY_TTL_MS) return cached.events;
    for (const [old, entry] of this.entries)
      if (now - entry.fetchedAt >= HISTORY_TTL_MS) this.entries.delete(old);
    if (this.entries.size >= MAX_ENTRIES)
      this.entries.delete(this.entries.keys().next().value!);
    const events = client.allEvents(
      {
        event_type: 'orchestrator.lifecycle.completed',
        since: new Date(bucketStart).toISOString(),
      },
      HISTORY_EVENT_LIMIT,
    );
    const entry = { fetchedAt: now, events };
    this.entries.set(key, entry);
    events.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return events;
  }
}
