import { readServerSentEvents } from './sse';

function streamOf(...chunks: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      chunks.forEach(chunk => controller.enqueue(encoder.encode(chunk)));
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>) {
  const events = [];
  for await (const event of readServerSentEvents(stream)) events.push(event);
  return events;
}

describe('readServerSentEvents', () => {
  it('reads events split anywhere across chunks, with ids, names and comments', async () => {
    const events = await collect(
      streamOf(
        'retry: 3000\n\n: heartbeat\n\nid: 1\nev',
        'ent: a2a\ndata: {"x":',
        '1}\n\nid: 2\r\nevent: end\r\ndata: {}\r\n\r\n',
      ),
    );
    expect(events).toEqual([
      { event: 'a2a', data: '{"x":1}', id: '1' },
      { event: 'end', data: '{}', id: '2' },
    ]);
  });

  it('joins multi-line data and defaults the event name', async () => {
    const events = await collect(streamOf('data: one\ndata: two\n\n'));
    expect(events).toEqual([
      { event: 'message', data: 'one\ntwo', id: undefined },
    ]);
  });

  it('drops an event cut off before its blank line', async () => {
    const events = await collect(
      streamOf('event: a\ndata: 1\n\nevent: b\ndata: 2'),
    );
    expect(events.map(e => e.event)).toEqual(['a']);
  });
});
