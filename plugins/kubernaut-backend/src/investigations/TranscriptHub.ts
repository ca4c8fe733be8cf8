import { EventEmitter } from 'node:events';
import type { InvestigationStore } from '../database/InvestigationStore';
import { TranscriptWriter, type TranscriptNotice } from './TranscriptWriter';

/** Each investigation's transcript writer, and the notices its viewers on this replica wait for. */
export class TranscriptHub {
  private readonly bus = new EventEmitter();
  private readonly writers = new Map<string, TranscriptWriter>();

  constructor(private readonly store: InvestigationStore) {
    this.bus.setMaxListeners(0);
  }

  writer(id: string): TranscriptWriter {
    let writer = this.writers.get(id);
    if (!writer)
      this.writers.set(
        id,
        (writer = new TranscriptWriter(id, this.store, notice =>
          this.bus.emit(id, notice),
        )),
      );
    return writer;
  }

  /** Wakes the investigation's viewers without events, e.g. after its status changed. */
  notify(id: string): void {
    this.bus.emit(id);
  }

  /** Calls `listener` on each notice about the investigation; returns the call that stops it. */
  listen(
    id: string,
    listener: (notice?: TranscriptNotice) => void,
  ): () => void {
    this.bus.on(id, listener);
    return () => this.bus.off(id, listener);
  }
}
