import { useApi } from '@backstage/core-plugin-api';
import type {
  InvestigationEvent,
  InvestigationRecord,
} from '@kubernaut/plugin-kubernaut-common';
import {
  startTransition,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import { kubernautApiRef } from '../api';
import {
  emptyTranscript,
  foldEvents,
  newEvents,
  type Transcript,
} from '../transcript/transcript';

const RECONNECT_MS = [500, 1000, 2000, 4000, 8000];
/**
 * Folding per frame stops after this long: a stored history of tens of thousands of events is
 * folded over several frames rather than in one task that freezes the page.
 */
const FOLD_BUDGET_MS = 4;
/** Events folded between two looks at the clock. */
const FOLD_CHUNK = 200;

export type StreamState =
  | 'connecting'
  | 'live'
  | 'reconnecting'
  | 'ended'
  | 'failed';

export interface InvestigationStream {
  /** Follows the stream again after it ended, e.g. once a follow-up was sent. */
  resume(): void;
  transcript: Transcript;
  record?: InvestigationRecord;
  state: StreamState;
  /** Final investigation status once the stream ended. */
  status?: string;
  notice?: string;
  error?: Error;
}

const nextFrame: (callback: () => void) => unknown =
  typeof requestAnimationFrame === 'function'
    ? callback => requestAnimationFrame(callback)
    : callback => setTimeout(callback, 16);

/**
 * Runs `flush` once per animation frame at most, wherever it is scheduled from, and again the
 * next frame while it says that work is left.
 */
function frameBatcher(flush: () => boolean) {
  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    nextFrame(() => {
      scheduled = false;
      if (flush()) schedule();
    });
  };
  return schedule;
}

/**
 * Follows an investigation: the stored history first, then live events. Events arriving
 * between two frames are folded in together, so a fast token stream costs one render a frame;
 * a frame folds for FOLD_BUDGET_MS at most and leaves the rest to the next one. The transcript's
 * renders are transitions: React renders them in slices between which the page stays responsive.
 * A dropped connection resumes after the last event seen (`?after=`): nothing is shown twice
 * and nothing is ever sent upstream again.
 */
export function useInvestigationStream(
  id: string | undefined,
): InvestigationStream {
  const api = useApi(kubernautApiRef);
  const [generation, setGeneration] = useState(0);
  const [stream, setStream] = useState<Omit<InvestigationStream, 'resume'>>({
    transcript: emptyTranscript,
    state: 'connecting',
  });
  const pending = useRef<InvestigationEvent[]>([]);
  // The transcript outlives a resume; only another investigation starts a new one. The events
  // it was folded from are kept to fold it again after a rewind.
  const kept = useRef<{
    id?: string;
    transcript: Transcript;
    events: InvestigationEvent[];
  }>({ transcript: emptyTranscript, events: [] });

  useEffect(() => {
    if (!id) return undefined;
    const controller = new AbortController();
    const { signal } = controller;
    if (kept.current.id !== id) {
      kept.current = { id, transcript: emptyTranscript, events: [] };
      pending.current = [];
      setStream({ transcript: emptyTranscript, state: 'connecting' });
    }
    let transcript = kept.current.transcript;
    const update = (patch: Partial<Omit<InvestigationStream, 'resume'>>) =>
      !signal.aborted && setStream(current => ({ ...current, ...patch }));
    const showTranscript = () =>
      startTransition(() => {
        update({ transcript });
      });
    // Folds what arrived, within the frame's budget; says whether events are left for the next.
    const flushEvents = () => {
      // Events left by a stream this effect has stopped are the next one's to fold.
      if (signal.aborted) return false;
      const started = performance.now();
      const before = transcript;
      while (
        pending.current.length > 0 &&
        performance.now() - started < FOLD_BUDGET_MS
      ) {
        const events = pending.current.splice(0, FOLD_CHUNK);
        const next = foldEvents(transcript, events);
        if (next !== transcript) {
          kept.current.events.push(...newEvents(transcript.lastSeq, events));
          transcript = next;
        }
      }
      kept.current.transcript = transcript;
      if (transcript !== before) showTranscript();
      return pending.current.length > 0;
    };
    const schedule = frameBatcher(flushEvents);
    if (pending.current.length > 0) schedule();
    // Resolves once every event received is folded in.
    const folded = async () => {
      while (pending.current.length > 0 && !signal.aborted)
        await new Promise(resolve => nextFrame(() => resolve(undefined)));
    };
    const rewind = (after: number) => {
      pending.current = pending.current.filter(event => event.seq <= after);
      if (transcript.lastSeq <= after) return;
      kept.current.events = kept.current.events.filter(
        event => event.seq <= after,
      );
      transcript = foldEvents(emptyTranscript, kept.current.events);
      kept.current.transcript = transcript;
      showTranscript();
    };

    void (async () => {
      for (let attempt = 0; !signal.aborted; attempt++) {
        try {
          const status = await api.streamInvestigation(
            id,
            // Events received but not yet folded count as seen.
            Math.max(
              transcript.lastSeq,
              pending.current[pending.current.length - 1]?.seq ?? 0,
            ),
            {
              onRecord: record => {
                attempt = 0;
                update({ record, state: 'live', error: undefined });
              },
              onEvent: event => {
                pending.current.push(event);
                schedule();
              },
              onNotice: notice => update({ notice }),
              onRewind: rewind,
            },
            { signal },
          );
          schedule();
          await folded();
          // After the transcript's last render, not before it: a transition too.
          startTransition(() => {
            update({ state: 'ended', status });
          });
          return;
        } catch (error) {
          if (signal.aborted) return;
          const status = (error as { statusCode?: number }).statusCode;
          if (status && status >= 400 && status < 500) {
            update({ state: 'failed', error: error as Error });
            return;
          }
          update({ state: 'reconnecting', error: error as Error });
        }
        await new Promise(resolve =>
          setTimeout(
            resolve,
            RECONNECT_MS[Math.min(attempt, RECONNECT_MS.length - 1)],
          ),
        );
      }
    })();
    return () => controller.abort();
  }, [api, id, generation]);

  const resume = useCallback(() => setGeneration(g => g + 1), []);
  return { ...stream, resume };
}
