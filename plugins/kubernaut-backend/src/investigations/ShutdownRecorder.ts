import type { LoggerService } from '@backstage/backend-plugin-api';
import type { InvestigationStore } from '../database/InvestigationStore';
import { TERMINAL_STATES } from './liveness';
import type { ReplicaWork } from './ReplicaWork';
import type { TranscriptHub } from './TranscriptHub';

const SHUTDOWN_MESSAGE =
  'The Backstage backend stopped (a restart or an upgrade) while it relayed this ' +
  'investigation. Everything received until then is kept; the question was not sent again; ' +
  'ask a follow-up to continue the conversation.';

const WATCH_SHUTDOWN_MESSAGE =
  'The Backstage backend stopped (a restart or an upgrade) while it followed this ' +
  'remediation. Everything received until then is kept; open the remediation again to ' +
  'follow it on.';

function delay(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms).unref());
}

/** Stops this replica's investigation work and records, in each one it cut, that it was cut. */
export class ShutdownRecorder {
  constructor(
    private readonly options: {
      store: InvestigationStore;
      logger: LoggerService;
      work: ReplicaWork;
      transcripts: TranscriptHub;
    },
  ) {}

  /**
   * Shuts down: stops every relay and watch, lets each store what it had read, then ends the
   * investigations this replica was working on as interrupted, with a transcript event saying
   * why. Viewers (on any replica, after a restart too) then see the end at once, not after the
   * 45 s a silent relay takes to count as interrupted; a follow-up question continues the
   * conversation. Waits at most `graceMs` for the work to wind down.
   */
  async stop(graceMs: number): Promise<void> {
    const cut = this.options.work.stopAll();
    if (!cut) return;
    await Promise.race([this.options.work.wound(), delay(graceMs)]);
    await Promise.race([
      Promise.allSettled(cut.map(id => this.endCut(id))),
      delay(graceMs),
    ]);
  }

  /** Ends an investigation this replica's shutdown cut, unless it ended meanwhile. */
  private async endCut(id: string): Promise<void> {
    const { store, transcripts } = this.options;
    try {
      const record = await store.get(id);
      if (!record || TERMINAL_STATES.includes(record.status)) return;
      await transcripts.writer(id).append('interrupted', {
        // A watch has no conversation to go on with: it is opened again.
        message: record.contextId ? SHUTDOWN_MESSAGE : WATCH_SHUTDOWN_MESSAGE,
        cause: 'backend stopped',
      });
      await store.update(id, { status: 'interrupted' });
      transcripts.notify(id);
    } catch (error) {
      this.options.logger.warn(
        `investigation ${id}: not marked interrupted at shutdown: ${error}`,
      );
    }
  }
}
