import { useApi } from '@backstage/core-plugin-api';
import type {
  InvestigationEvent,
  InvestigationRecord,
} from '@kubernaut/plugin-kubernaut-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { kubernautApiRef } from '../api';
import {
  emptyTranscript,
  foldEvents,
  newEvents,
  type Transcript,
} from '../transcript/transcript';

const RECONNECT_MS = [500, 1000, 2000, 4000, 8000];

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

/** Runs `flush` once per animation frame at most, wherever it is scheduled from. */
function frameBatcher(flush: () => void) {
  let scheduled = false;
  const raf: (cb: () => void) => unknown =
    typeof requestAnimationFrame === 'function'
      ? requestAnimationFrame
      : cb => setTimeout(cb, 16);
  return () => {
    if (scheduled) return;
    scheduled = true;
    raf(() => {
      scheduled = false;
      flush();
    });
  };
}

/**
 * Follows an investigation: the stored history first, then live events. Events arriving
 * between two frames are folded in together, so a fast token stream costs one render a frame.
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
    const flushEvents = () => {
      const events = pending.current;
      pending.current = [];
      const next = foldEvents(transcript, events);
      if (next !== transcript) {
        kept.current.events.push(...newEvents(transcript.lastSeq, events));
        transcript = next;
        kept.current.transcript = next;
        update({ transcript });
      }
    };
    const rewind = (after: number) => {
      pending.current = pending.current.filter(event => event.seq <= after);
      if (transcript.lastSeq <= after) return;
      kept.current.events = kept.current.events.filter(
        event => event.seq <= after,
      );
      transcript = foldEvents(emptyTranscript, kept.current.events);
      kept.current.transcript = transcript;
      update({ transcript });
    };
    const schedule = frameBatcher(flushEvents);

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
          flushEvents();
          update({ state: 'ended', status });
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
