import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { IncomingMessage } from 'node:http';
import { ApiFrontendError, StreamDroppedError } from './apiFrontendErrors';

/** True when what follows the last complete event is more than blank lines and comments. */
function midEvent(tail: string): boolean {
  return tail
    .split(/\r\n|\r|\n/)
    .some(line => line !== '' && !line.startsWith(':'));
}

const BOUNDARY = /\r\n\r\n|\n\n|\r\r/g;

/**
 * The events of a server-sent-events body, each as soon as the chunk that completes it is read
 * (a push parser fed chunk by chunk). A body that ends inside an event, or a socket that
 * breaks, is a `StreamDroppedError`; an abort passes through.
 */
async function* sseEvents(
  body: IncomingMessage,
  signal?: AbortSignal,
): AsyncGenerator<EventSourceMessage> {
  const aborted = () =>
    signal?.reason instanceof Error
      ? signal.reason
      : new DOMException('This operation was aborted', 'AbortError');
  body.setEncoding('utf8');
  const ready: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: event => ready.push(event) });
  // What came after the last blank line: tells an ending between events from a cut.
  let tail = '';
  const chunks = body[Symbol.asyncIterator]();
  for (;;) {
    let chunk: IteratorResult<string>;
    try {
      chunk = await chunks.next();
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') throw error;
      // Aborting the request destroys the response: "aborted", not an AbortError.
      if (signal?.aborted) throw aborted();
      throw new StreamDroppedError(
        `the connection to API Frontend dropped: ${String(
          (error as Error)?.message ?? error,
        )}`,
      );
    }
    if (chunk.done) break;
    parser.feed(chunk.value);
    const text = tail + chunk.value;
    BOUNDARY.lastIndex = Math.max(0, tail.length - 3);
    let end = -1;
    for (let m = BOUNDARY.exec(text); m; m = BOUNDARY.exec(text))
      end = m.index + m[0].length;
    tail = end >= 0 ? text.slice(end) : text;
    for (let i = 0; i < ready.length; i++) yield ready[i];
    ready.length = 0;
  }
  if (signal?.aborted) throw aborted();
  if (midEvent(tail))
    throw new StreamDroppedError(
      'API Frontend closed the stream in the middle of an event',
    );
}

/** Each event's `data` as JSON, with its event name. */
export async function* sseMessages(
  body: IncomingMessage,
  signal?: AbortSignal,
): AsyncGenerator<{ event?: string; message: any }> {
  for await (const event of sseEvents(body, signal)) {
    if (!event.data) continue;
    let message: unknown;
    try {
      message = JSON.parse(event.data);
    } catch {
      throw new ApiFrontendError('API Frontend sent a malformed event');
    }
    yield { event: event.event, message };
  }
}
