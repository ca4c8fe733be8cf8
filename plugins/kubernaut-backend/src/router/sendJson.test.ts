import { mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { EncodedBodies, negotiateEncoding, sendJson } from './sendJson';

/** A page-sized body with the characters `json escape` rewrites. */
const page = {
  items: Array.from({ length: 50 }, (_, i) => ({
    cluster: 'prod-us-east',
    name: `rr-${i}`,
    signalName: `<High & Rising> ${i}`,
    createdAt: new Date(Date.UTC(2026, 11, 2, 10, 0, i)).toISOString(),
  })),
  totalCount: 50,
};
const small = { status: 'ok', version: '1.0.0' };
/** An answer kept by `AnswerMemo`: frozen, the same object for every caller. */
const kept = Object.freeze({ ...page, totalCount: 51 });

const DECODERS: Record<string, (raw: Buffer) => Buffer> = {
  gzip: gunzipSync,
  br: brotliDecompressSync,
  deflate: inflateSync,
};

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/** Two routes answering the same body behind Backstage's compression: ours and `res.json`. */
async function serve(settings: Record<string, unknown> = {}) {
  const app = express();
  for (const [name, value] of Object.entries(settings)) app.set(name, value);
  app.use(
    MiddlewareFactory.create({
      config: mockServices.rootConfig({ data: {} }),
      logger: mockServices.logger.mock(),
    }).compression(),
  );
  const bodies: Record<string, unknown> = { page, small, kept };
  app.get('/ours/:body', (req, res) =>
    sendJson(req, res, bodies[req.params.body]),
  );
  app.get('/express/:body', (req, res) => {
    res.json(bodies[req.params.body]);
  });
  const server = await new Promise<ReturnType<typeof app.listen>>(resolve => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  const ask = (
    path: string,
    headers: Record<string, string> = {},
    method = 'GET',
  ) =>
    new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port, path, method, headers },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', chunk => chunks.push(chunk));
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            const encoding = res.headers['content-encoding'];
            const decode = DECODERS[String(encoding)] ?? ((b: Buffer) => b);
            const decoded = decode(raw);
            resolve({
              status: res.statusCode!,
              headers: res.headers,
              text: decoded.toString('utf8'),
            });
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
  return { ask, close: () => server.close() };
}

/** What a client can tell apart, besides how the bytes were packed. */
const seen = (answer: Answer) => ({
  status: answer.status,
  text: answer.text,
  type: answer.headers['content-type'],
  etag: answer.headers.etag,
  vary: answer.headers.vary,
  encoding: answer.headers['content-encoding'],
});

describe('sendJson', () => {
  it.each([
    ['gzip, deflate, br, zstd'],
    ['gzip, deflate'],
    ['gzip'],
    ['br'],
    ['deflate'],
    ['gzip;q=0.5, br;q=0.8'],
    ['br;q=0, gzip;q=0.4'],
    ['br;q=abc, gzip'],
    ['identity'],
    ['*'],
    [''],
  ])(
    'answers as res.json does behind the compression middleware (Accept-Encoding "%s")',
    async acceptEncoding => {
      const { ask, close } = await serve();
      try {
        const headers = acceptEncoding
          ? { 'Accept-Encoding': acceptEncoding }
          : undefined;
        for (const body of ['page', 'small']) {
          const ours = await ask(`/ours/${body}`, headers);
          const theirs = await ask(`/express/${body}`, headers);
          expect(seen(ours)).toEqual(seen(theirs));
          expect(JSON.parse(ours.text)).toEqual(body === 'page' ? page : small);
        }
      } finally {
        close();
      }
    },
  );

  it('compresses a page itself, so that the middleware streams nothing', async () => {
    const { ask, close } = await serve();
    try {
      const answer = await ask('/ours/page', { 'Accept-Encoding': 'gzip' });
      expect(answer.headers['content-encoding']).toBe('gzip');
      // A streamed answer is chunked; ours says its length.
      expect(answer.headers['transfer-encoding']).toBeUndefined();
      expect(Number(answer.headers['content-length'])).toBeLessThan(
        answer.text.length,
      );
    } finally {
      close();
    }
  });

  it('answers 304 to a matching If-None-Match, and HEAD without a body, as res.json does', async () => {
    const { ask, close } = await serve();
    try {
      const first = await ask('/ours/page', { 'Accept-Encoding': 'gzip' });
      const conditional = {
        'Accept-Encoding': 'gzip',
        'If-None-Match': String(first.headers.etag),
      };
      const ours = await ask('/ours/page', conditional);
      const theirs = await ask('/express/page', conditional);
      expect(ours.status).toBe(304);
      expect(seen(ours)).toEqual(seen(theirs));
      const head = await ask(
        '/ours/page',
        { 'Accept-Encoding': 'gzip' },
        'HEAD',
      );
      const theirHead = await ask(
        '/express/page',
        { 'Accept-Encoding': 'gzip' },
        'HEAD',
      );
      expect(head.text).toBe('');
      expect(seen(head)).toEqual(seen(theirHead));
    } finally {
      close();
    }
  });

  it("follows the app's JSON settings (spaces in development, escaping)", async () => {
    const { ask, close } = await serve({
      'json spaces': 2,
      'json escape': true,
    });
    try {
      const ours = await ask('/ours/page', { 'Accept-Encoding': 'br' });
      const theirs = await ask('/express/page', { 'Accept-Encoding': 'br' });
      expect(ours.text).toContain('\\u003cHigh \\u0026 Rising\\u003e');
      expect(ours.text).toContain('\n  "items"');
      expect(seen(ours)).toEqual(seen(theirs));
    } finally {
      close();
    }
  });
});

describe('sendJson with a frozen answer', () => {
  it('serialises it once, and answers it as res.json does', async () => {
    const serialised: unknown[] = [];
    const replacer = function replacer(
      this: unknown,
      key: string,
      value: unknown,
    ) {
      if (key === '') serialised.push(value);
      return value;
    };
    const { ask, close } = await serve({ 'json replacer': replacer });
    try {
      const first = await ask('/ours/kept', { 'Accept-Encoding': 'gzip' });
      const again = await ask('/ours/kept', { 'Accept-Encoding': 'br' });
      expect(serialised.filter(body => body === kept)).toHaveLength(1);
      expect(JSON.parse(again.text)).toEqual(kept);
      expect(again.headers.etag).toBe(first.headers.etag);
      const theirs = await ask('/express/kept', { 'Accept-Encoding': 'br' });
      expect(seen(again)).toEqual(seen(theirs));
      // An answer that is not frozen may change between requests: serialised every time.
      await ask('/ours/page');
      await ask('/ours/page');
      expect(serialised.filter(body => body === page)).toHaveLength(2);
    } finally {
      close();
    }
  });

  it("is serialised again for another app's JSON settings", async () => {
    const plain = await serve();
    const spaced = await serve({ 'json spaces': 2 });
    try {
      const once = await plain.ask('/ours/kept');
      const indented = await spaced.ask('/ours/kept');
      expect(once.text).not.toContain('\n');
      expect(indented.text).toContain('\n  "items"');
      expect(indented.headers.etag).not.toBe(once.headers.etag);
    } finally {
      plain.close();
      spaced.close();
    }
  });
});

describe('EncodedBodies', () => {
  it('encodes each content once, and forgets the least recently used past its bytes', () => {
    const bodies = new EncodedBodies(10);
    const encode = jest.fn((text: string) => () => Buffer.from(text));
    expect(bodies.get('gzip a', encode('aaaa')).toString()).toBe('aaaa');
    expect(bodies.get('gzip a', encode('other')).toString()).toBe('aaaa');
    expect(encode).toHaveBeenCalledTimes(2);
    bodies.get('gzip b', encode('bbbb'));
    bodies.get('gzip a', encode('aaaa')); // a is now the most recently used
    bodies.get('gzip c', encode('cccc')); // 12 bytes: b goes
    expect(bodies.size).toBe(2);
    expect(bodies.get('gzip a', encode('AAAA')).toString()).toBe('aaaa');
    expect(bodies.get('gzip c', encode('CCCC')).toString()).toBe('cccc');
    expect(bodies.get('gzip b', encode('BBBB')).toString()).toBe('BBBB');
  });

  it('keeps nothing larger than its bound', () => {
    const bodies = new EncodedBodies(3);
    expect(bodies.get('br x', () => Buffer.from('xxxx')).toString()).toBe(
      'xxxx',
    );
    expect(bodies.size).toBe(0);
  });
});

describe('negotiateEncoding', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['gzip, deflate, br', 'br'],
    ['deflate, gzip', 'gzip'],
    ['deflate', 'deflate'],
    ['gzip;q=0.5, br;q=0.8', 'br'],
    ['gzip;q=0.9, br;q=0.8', 'gzip'],
    ['gzip;q=0.5', 'gzip'],
    ['gzip;q=0.5, identity', undefined],
    ['br;q=0, gzip;q=0', undefined],
    ['identity', undefined],
    ['*', 'br'],
    ['*, br;q=0', 'gzip'],
    ['br;q=abc, gzip', 'gzip'],
    ['GZIP; Q=0.5', 'gzip'],
  ])('"%s" gives %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });
});
