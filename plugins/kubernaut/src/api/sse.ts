import { createParser } from 'eventsource-parser';

/** Text parsed between checks of the time budget. */
const SLICE = 16 * 1024;
/** Work (parsing, and the caller's handling of the events) between pauses for the browser. */
const BUDGET_MS = 8;

/** One server-sent event. */
export interface ServerSentEvent {
  event: string;
  data: string;
  id?: string;
}

/**
 * Reads server-sent events from a fetch response body. Fetch rather than EventSource, because
 * Backstage's fetchApi adds the user's token, which EventSource cannot send.
 * Frames are parsed by `eventsource-parser` (any line ending, comments skipped, multi-line data
 * joined with newlines); an event cut off before its blank line is dropped. Leaving the loop
 * early releases the body rather than cancelling it: aborting the request is the caller's.
 */
export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<ServerSentEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const ready: ServerSentEvent[] = [];
  const parser = createParser({
    onEvent: ({ event, data, id }) =>
      ready.push({ event: event ?? 'message', data, id }),
  });
  let endsWithCr = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      const text = decoder.decode(value, { stream: true });
      if (!text) continue;
      let started = performance.now();
      for (let at = 0; at < text.length; at += SLICE) {
        parser.feed(text.slice(at, at + SLICE));
        for (const event of ready.splice(0)) yield event;
        // A long history can come as one chunk: parsing it and handling its events in one go
        // would block the page, so the work pauses for the browser every few milliseconds.
        if (performance.now() - started > BUDGET_MS) {
          await new Promise(resolve => setTimeout(resolve, 0));
          started = performance.now();
        }
      }
      endsWithCr = text.endsWith('\r');
    }
    // The parser holds back a final CR (the first half of a CRLF?): at the end it is a line end.
    if (endsWithCr) {
      parser.feed('\n');
      for (const event of ready.splice(0)) yield event;
    }
  } finally {
    reader.releaseLock();
  }
}
