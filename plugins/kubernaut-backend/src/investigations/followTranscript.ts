import type { InvestigationEvent } from '@kubernaut/plugin-kubernaut-common';
import type {
  InvestigationStore,
  StoredEvent,
} from '../database/InvestigationStore';
import { toInvestigationEvent } from './events/storedEvents';
import { STALE_MS, TERMINAL_STATES } from './liveness';
import type { TranscriptHub } from './TranscriptHub';
import type { TranscriptNotice } from './TranscriptWriter';

const POLL_MS = 400;

/**
 * Takes the queued live events if they continue exactly after `cursor`; undefined when there are
 * none or there is a gap (the caller then reads the database).
 */
function takeContiguous(
  live: StoredEvent[],
  cursor: number,
): StoredEvent[] | undefined {
  while (live.length && live[0].seq <= cursor) live.shift();
  if (!live.length) return undefined;
  const taken = live.splice(0);
  const contiguous = taken.every((event, i) => event.seq === cursor + 1 + i);
  return contiguous ? taken : undefined;
}

function sleep(ms: number, setWake: (wake: () => void) => void) {
  return new Promise<void>(resolve => {
    const timer = setTimeout(resolve, ms);
    setWake(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Delivers events after `after` in order, then new ones as they come, until the investigation
 * ends or `signal` aborts. Works across replicas: the database is the source. Events this
 * replica relays arrive before they are stored; if their numbers turn out to be taken,
 * `onRewind(n)` says that everything delivered above `n` is void and comes again.
 */
export async function followTranscript(
  sources: {
    store: InvestigationStore;
    transcripts: TranscriptHub;
    /** Whether this replica relays a turn of the investigation right now. */
    isRelaying: (id: string) => boolean;
  },
  id: string,
  after: number,
  signal: AbortSignal,
  onEvent: (event: InvestigationEvent) => void,
  onRewind: (after: number) => void,
): Promise<'ended' | 'interrupted' | 'closed'> {
  const { store, transcripts, isRelaying } = sources;
  let cursor = after;
  let wake: () => void = () => undefined;
  const setWake = (next: () => void) => {
    wake = next;
  };
  // Set by notices that land while the loop is reading, so it never sleeps past one.
  let notified = false;
  // Events this replica relays come with the notice: no database read per event and viewer.
  const live: StoredEvent[] = [];
  let rewindTo: number | undefined;
  const onNotice = (notice?: TranscriptNotice) => {
    if (notice?.kind === 'events') live.push(...notice.events);
    else if (notice?.kind === 'stored' && cursor >= notice.through) return;
    else if (notice?.kind === 'rewind') {
      live.length = 0;
      rewindTo = Math.min(rewindTo ?? Infinity, notice.after);
    }
    notified = true;
    wake();
  };
  const applyRewind = () => {
    if (rewindTo === undefined) return;
    if (cursor > rewindTo) {
      cursor = rewindTo;
      onRewind(cursor);
    }
    rewindTo = undefined;
  };
  const deliver = (event: StoredEvent) => {
    const typed = toInvestigationEvent(event);
    if (typed) onEvent(typed);
  };
  const readStored = async (): Promise<StoredEvent[] | undefined> => {
    const stored = await store.eventsAfter(id, cursor);
    // A rewind while reading: what was read may continue a numbering that is void now.
    return rewindTo === undefined ? stored : undefined;
  };
  const stopListening = transcripts.listen(id, onNotice);
  signal.addEventListener('abort', () => onNotice(), { once: true });
  try {
    while (!signal.aborted) {
      notified = false;
      applyRewind();
      const events = takeContiguous(live, cursor) ?? (await readStored());
      if (!events) continue;
      for (const event of events) {
        deliver(event);
        cursor = event.seq;
      }
      if (events.length === 500) continue;
      if (isRelaying(id)) {
        if (notified) continue;
        await sleep(POLL_MS, setWake);
        continue;
      }
      const record = await store.get(id);
      if (!record) return 'ended';
      if (TERMINAL_STATES.includes(record.status)) {
        applyRewind();
        for (const event of await store.eventsAfter(id, cursor)) deliver(event);
        return 'ended';
      }
      if (Date.now() - Date.parse(record.updatedAt) > STALE_MS)
        return 'interrupted';
      if (notified) continue;
      await sleep(POLL_MS, setWake);
    }
    return 'closed';
  } finally {
    stopListening();
  }
}
