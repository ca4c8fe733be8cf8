import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { Server } from 'node:http';

export interface SseEvent {
  /** When this process read the event (ms since the epoch, sub-millisecond). */
  receivedAt: number;
  id?: string;
  event: string;
  data: any;
}

/**
 * Reads an SSE response until `stop` says so (or the stream ends): its named events, each with
 * its data as JSON. Frames are parsed by `eventsource-parser`, as ApiFrontendClient's are.
 */
export async function readEvents(
  server: Server,
  path: string,
  headers: Record<string, string>,
  stop: (events: SseEvent[]) => boolean,
  timeoutMs = 30_000,
): Promise<SseEvent[]> {
  const { port } = server.address() as { port: number };
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const events: SseEvent[] = [];
  try {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
      headers,
      signal: controller.signal,
    });
    const parsed: EventSourceMessage[] = [];
    const parser = createParser({ onEvent: event => parsed.push(event) });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return events;
      parser.feed(decoder.decode(value, { stream: true }));
      for (const { id, event, data } of parsed.splice(0)) {
        // The router names every event it sends (router/sse.ts); unnamed frames are skipped.
        if (!event) continue;
        events.push({
          receivedAt: performance.timeOrigin + performance.now(),
          id,
          event,
          data: JSON.parse(data),
        });
        if (stop(events)) {
          controller.abort();
          return events;
        }
      }
    }
  } catch (error) {
    if (controller.signal.aborted) return events;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
