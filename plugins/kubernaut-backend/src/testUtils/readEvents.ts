import type { Server } from 'node:http';

export interface SseEvent {
  /** When this process read the event (ms since the epoch, sub-millisecond). */
  receivedAt: number;
  id?: string;
  event: string;
  data: any;
}

/** Reads an SSE response until `stop` says so (or the stream ends). */
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
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return events;
      buffer += decoder.decode(value, { stream: true });
      for (
        let end = buffer.indexOf('\n\n');
        end >= 0;
        end = buffer.indexOf('\n\n')
      ) {
        const frame = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(
          frame
            .split('\n')
            .filter(l => !l.startsWith(':') && l.includes(': '))
            .map(l => [
              l.slice(0, l.indexOf(': ')),
              l.slice(l.indexOf(': ') + 2),
            ]),
        );
        if (!fields.event) continue;
        events.push({
          receivedAt: performance.timeOrigin + performance.now(),
          id: fields.id,
          event: fields.event,
          data: JSON.parse(fields.data),
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
