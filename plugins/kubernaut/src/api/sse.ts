import { createParser } from 'eventsource-parser';

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
      parser.feed(text);
      endsWithCr = text.endsWith('\r');
      for (const event of ready.splice(0)) yield event;
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
