import type {
  TranscriptEventPayloads,
  TranscriptEventType,
} from '@kubernaut/plugin-kubernaut-common';
import type {
  InvestigationStore,
  StoredEvent,
} from '../database/InvestigationStore';

/**
 * What a transcript writer tells this replica's viewers, in order:
 * - `events`: newly numbered events, before they are stored, so viewers here do not wait for
 *   the database;
 * - `stored`: every event up to `through` is in the database (viewers that fell behind read it);
 * - `rewind`: numbers above `after` that were announced are void (another replica stored events
 *   under them first, or the database refused them); the events come again with new numbers.
 */
export type TranscriptNotice =
  | { kind: 'events'; events: StoredEvent[] }
  | { kind: 'stored'; through: number }
  | { kind: 'rewind'; after: number };

interface Entry {
  type: string;
  payload: unknown;
  seq: number;
  /** When it was numbered: the same instant live, stored and in every replay. */
  createdAt: string;
  resolve: (seq: number) => void;
  reject: (error: unknown) => void;
}

/** Renumbering attempts in a row before an append fails: replicas racing for the same numbers. */
const MAX_CONFLICTS = 5;

const isNumberTaken = (error: unknown) =>
  /unique|duplicate/i.test(String((error as Error)?.message ?? error));

/**
 * Numbers and stores the events of one investigation. An event is numbered and announced to
 * this replica's viewers the moment it is appended, and stored in the same loop turn, together
 * with whatever else arrived in it. The (investigation, seq) key makes a second writer fail
 * rather than interleave; the loser announces a rewind and renumbers after the winner's events.
 * `append` resolves with the event's final number once it is stored.
 */
export class TranscriptWriter {
  /** The next number to hand out; 0 until read from the database. */
  private next = 0;
  /** The highest number known to be stored. */
  private stored = 0;
  /** Numbered and announced, not stored yet. */
  private unstored: Entry[] = [];
  /** Waiting for a number (the last stored one is being read). */
  private unnumbered: Entry[] = [];
  private scheduled = false;
  private flushing = false;

  constructor(
    private readonly id: string,
    private readonly store: InvestigationStore,
    private readonly notify: (notice: TranscriptNotice) => void,
  ) {}

  append<T extends TranscriptEventType>(
    type: T,
    payload: TranscriptEventPayloads[T],
  ): Promise<number> {
    return new Promise((resolve, reject) => {
      const entry: Entry = {
        type,
        payload,
        seq: 0,
        createdAt: '',
        resolve,
        reject,
      };
      if (this.next > 0 && this.unnumbered.length === 0) this.number([entry]);
      else this.unnumbered.push(entry);
      this.schedule();
    });
  }

  /** Events not yet stored, or still to be numbered. */
  get backlog(): number {
    return this.unstored.length + this.unnumbered.length;
  }

  private number(entries: Entry[]) {
    const createdAt = new Date().toISOString();
    for (const entry of entries) {
      entry.seq = this.next++;
      entry.createdAt = createdAt;
    }
    this.unstored.push(...entries);
    this.notify({
      kind: 'events',
      events: entries.map(({ seq, type, payload }) => ({
        seq,
        type,
        payload,
        createdAt,
      })),
    });
  }

  /** Stores after the current loop turn's I/O, so viewers get a burst before the database does. */
  private schedule() {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    let conflicts = 0;
    try {
      while (this.unnumbered.length || this.unstored.length) {
        if (this.unnumbered.length) {
          if (this.next === 0) {
            try {
              this.stored = await this.store.lastSeq(this.id);
            } catch (error) {
              this.fail(this.unnumbered.splice(0), error);
              continue;
            }
            this.next = this.stored + 1;
          }
          this.number(this.unnumbered.splice(0));
        }
        const batch = this.unstored.slice();
        try {
          await this.store.append(
            this.id,
            batch.map(({ seq, type, payload, createdAt }) => ({
              seq,
              type,
              payload,
              createdAt,
            })),
          );
        } catch (error) {
          const taken = isNumberTaken(error) && ++conflicts <= MAX_CONFLICTS;
          const voided = this.unstored.splice(0);
          this.next = 0;
          this.notify({ kind: 'rewind', after: this.stored });
          // Renumbered after the other writer's events, ahead of anything appended since.
          if (taken) this.unnumbered.unshift(...voided);
          else this.fail(voided, error);
          continue;
        }
        conflicts = 0;
        this.unstored.splice(0, batch.length);
        this.stored = batch[batch.length - 1].seq;
        for (const entry of batch) entry.resolve(entry.seq);
        this.notify({ kind: 'stored', through: this.stored });
      }
    } finally {
      this.flushing = false;
    }
  }

  private fail(entries: Entry[], error: unknown) {
    for (const entry of entries) entry.reject(error);
  }
}
