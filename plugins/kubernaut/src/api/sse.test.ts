import { readServerSentEvents } from './sse';

function streamOf(...chunks: Array<string | Uint8Array>) {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    start(controller) {
      chunks.forEach(chunk =>
        controller.enqueue(
          typeof chunk === 'string' ? encoder.encode(chunk) : chunk,
        ),
      );
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>) {
  const events = [];
  for await (const event of readServerSentEvents(stream)) events.push(event);
  return events;
}

/** The same text cut into chunks of `size` characters. */
const cut = (text: string, size: number) =>
  Array.from({ length: Math.ceil(text.length / size) }, (_, i) =>
    text.slice(i * size, (i + 1) * size),
  );

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

  it('reads the same events whatever the chunk size, with LF, CRLF or CR line ends', async () => {
    const lf =
      ': keepalive\n\nid: 7\nevent: investigation\ndata: {"a":"b: c"}\n\n' +
      'data: one\ndata: two\n\nevent: end\ndata:{}\n\n';
    const expected = [
      { event: 'investigation', data: '{"a":"b: c"}', id: '7' },
      { event: 'message', data: 'one\ntwo', id: undefined },
      { event: 'end', data: '{}', id: undefined },
    ];
    for (const text of [lf, lf.replace(/\n/g, '\r\n'), lf.replace(/\n/g, '\r')])
      for (const size of [1, 2, 3, 5, 8, 13, text.length])
        expect(await collect(streamOf(...cut(text, size)))).toEqual(expected);
  });

  it('takes a CRLF split between its CR and its LF as one line ending', async () => {
    const events = await collect(
      streamOf(
        'event: a\r',
        '\ndata: 1\r',
        '\n\r',
        '\nevent: b\r\ndata: 2\r\n\r\n',
      ),
    );
    expect(events).toEqual([
      { event: 'a', data: '1', id: undefined },
      { event: 'b', data: '2', id: undefined },
    ]);
  });

  it('decodes a character split across chunks', async () => {
    const bytes = new TextEncoder().encode('data: "é→✓"\n\n');
    const events = await collect(
      streamOf(bytes.slice(0, 8), bytes.slice(8, 10), bytes.slice(10)),
    );
    expect(events).toEqual([
      { event: 'message', data: '"é→✓"', id: undefined },
    ]);
  });

  it('joins multi-line data and defaults the event name', async () => {
    const events = await collect(streamOf('data: one\ndata: two\n\n'));
    expect(events).toEqual([
      { event: 'message', data: 'one\ntwo', id: undefined },
    ]);
  });

  it('skips comments and frames without data, and keeps ids per event', async () => {
    const events = await collect(
      streamOf(
        ': hello\n\nid: 1\nevent: a\ndata: x\n\nevent: nothing\n\n',
        ':keepalive\nevent: b\n: inside\ndata: y\n\n',
      ),
    );
    expect(events).toEqual([
      { event: 'a', data: 'x', id: '1' },
      { event: 'b', data: 'y', id: undefined },
    ]);
  });

  it('drops an event cut off before its blank line', async () => {
    const events = await collect(
      streamOf('event: a\ndata: 1\n\nevent: b\ndata: 2'),
    );
    expect(events.map(e => e.event)).toEqual(['a']);
  });

  it('yields each event as soon as its chunk is read', async () => {
    const encoder = new TextEncoder();
    let push!: (text: string) => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = text => controller.enqueue(encoder.encode(text));
      },
    });
    const events = readServerSentEvents(body);
    push('event: a\ndata: 1\n\nevent: b\nda');
    expect((await events.next()).value).toEqual({
      event: 'a',
      data: '1',
      id: undefined,
    });
    push('ta: 2\n\n');
    expect((await events.next()).value).toMatchObject({ event: 'b' });
    await events.return(undefined);
    // Returning early releases the body without cancelling it.
    expect(body.locked).toBe(false);
  });

  it('pauses for the browser while a long history, read as one chunk, is handled', async () => {
    const frames = Array.from(
      { length: 20_000 },
      (_, i) =>
        `id: ${i + 1}\nevent: agent-text\ndata: {"text":"word ${i}"}\n\n`,
    ).join('');
    // A timer armed before each event fires only when the reader pauses for the event loop.
    const timers = { fired: 0, armed: false };
    const arm = () => {
      timers.armed = true;
      setTimeout(() => {
        timers.fired++;
        timers.armed = false;
      }, 0);
    };
    const seen: number[] = [];
    for await (const event of readServerSentEvents(streamOf(frames))) {
      if (!timers.armed) arm();
      // The caller's handling counts against the budget too.
      const until = performance.now() + 0.01;
      while (performance.now() < until);
      seen.push(Number(event.id));
    }
    expect(seen).toEqual(seen.map((_, i) => i + 1));
    expect(timers.fired).toBeGreaterThan(1);
  });
});
