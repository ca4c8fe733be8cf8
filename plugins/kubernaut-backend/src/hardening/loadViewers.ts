import { createParser } from 'eventsource-parser';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** One SSE viewer held open until the test lets it go; what it saw, and how it ended. */
export interface Viewer {
  path: string;
  /** Named events received. */
  events: number;
  /** Resolves once the first named event arrived. */
  firstEvent: Promise<void>;
  /** Set when the stream ended or failed before `leave()`. */
  dropped?: string;
  leave(): Promise<void>;
}

/** Opens an event stream as a browser's EventSource would and keeps reading it. */
export function openViewer(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
): Viewer {
  const controller = new AbortController();
  let markFirst!: () => void;
  let failFirst!: (error: Error) => void;
  const firstEvent = new Promise<void>((resolve, reject) => {
    markFirst = resolve;
    failFirst = reject;
  });
  firstEvent.catch(() => undefined);
  let reading: Promise<void> = Promise.resolve();
  const viewer: Viewer = {
    path,
    events: 0,
    firstEvent,
    leave: async () => {
      controller.abort();
      await reading.catch(() => undefined);
    },
  };
  const parser = createParser({
    onEvent: event => {
      if (!event.event) return;
      viewer.events++;
      if (viewer.events === 1) markFirst();
    },
  });
  reading = (async () => {
    try {
      const response = await fetch(`${baseUrl}${path}`, {
        headers: { ...headers, Accept: 'text/event-stream' },
        signal: controller.signal,
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended after ${viewer.events} events`);
        parser.feed(decoder.decode(value, { stream: true }));
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      viewer.dropped = String(error);
      failFirst(error as Error);
    }
  })();
  return viewer;
}

/** The `p`-th percentile (0-100) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

/**
 * `heapUsed` after full garbage collections, in MiB. V8's `gc()` is exposed at run time (the
 * flag only adds the function), so Jest needs no `--expose-gc`.
 */
export async function settledHeapMiB(): Promise<number> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  return process.memoryUsage().heapUsed / 1024 / 1024;
}
