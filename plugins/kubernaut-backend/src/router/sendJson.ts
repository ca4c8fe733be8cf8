import type { Request, Response } from 'express';
import {
  brotliCompressSync,
  constants as zlibConstants,
  deflateSync,
  gzipSync,
} from 'node:zlib';

/**
 * Bodies from this size up are compressed (the root router's `compression` middleware's threshold).
 */
const COMPRESSION_THRESHOLD_BYTES = 1024;
/**
 * Bodies up to this size are compressed here, at once (about 0.1 ms for a 23 KB page); larger ones
 * are left to the middleware, which streams them through the thread pool without blocking.
 */
const MAX_INLINE_BYTES = 256 * 1024;
/** The middleware's brotli quality (its default), so a client receives what it would anyway. */
const BROTLI_QUALITY = 4;

/** What `json escape` writes for each character it escapes. */
const ESCAPED: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
};

/** Express's own JSON for `res.json`, with the app's `json replacer`, `json spaces` and `json escape`. */
function stringify(req: Request, body: unknown): string {
  const replacer = req.app.get('json replacer');
  const spaces = req.app.get('json spaces');
  const json =
    replacer || spaces
      ? JSON.stringify(body, replacer, spaces)
      : JSON.stringify(body);
  if (!req.app.get('json escape') || typeof json !== 'string') return json;
  return json.replace(/[<>&]/g, c => ESCAPED[c]);
}

const OFFERED = ['br', 'gzip', 'deflate'] as const;
type Encoding = (typeof OFFERED)[number];

/**
 * The encoding the middleware would choose: the highest quality the client gives, ties going to
 * brotli, then gzip, then deflate; none without the header, or when identity ranks above them.
 */
export function negotiateEncoding(
  header: string | undefined,
): Encoding | undefined {
  if (!header) return undefined;
  const quality = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map(p => p.trim()).find(p => p.startsWith('q='));
    // A quality that is not a number makes the encoding unacceptable, as in `negotiator`.
    const value = q === undefined ? 1 : parseFloat(q.slice(2));
    quality.set(name, Number.isFinite(value) ? value : 0);
  }
  const of = (name: string) => quality.get(name) ?? quality.get('*') ?? 0;
  let best: Encoding | undefined;
  for (const encoding of OFFERED)
    if (of(encoding) > 0 && (!best || of(encoding) > of(best))) best = encoding;
  // Unnamed, identity is as acceptable as the least acceptable encoding named (as in `negotiator`).
  const identity = quality.get('identity') ?? Math.min(1, ...quality.values());
  return best && of(best) >= identity ? best : undefined;
}

function compress(text: string, encoding: Encoding, bytes: number): Buffer {
  if (encoding === 'gzip') return gzipSync(text);
  if (encoding === 'deflate') return deflateSync(text);
  return brotliCompressSync(text, {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes,
    },
  });
}

/**
 * Compressed bodies by content (the body's ETag, a hash of its JSON) and encoding, newest use
 * last: the same answer asked again (a page every open browser refetches after one change, a
 * dashboard's poll of an unchanged fleet) is compressed once. Bounded by the bytes it keeps.
 */
export class EncodedBodies {
  private readonly bodies = new Map<string, Buffer>();
  private bytes = 0;

  constructor(private readonly maxBytes = 4 * 1024 * 1024) {}

  get(key: string, encode: () => Buffer): Buffer {
    const kept = this.bodies.get(key);
    if (kept) {
      this.bodies.delete(key);
      this.bodies.set(key, kept);
      return kept;
    }
    const encoded = encode();
    if (encoded.length > this.maxBytes) return encoded;
    this.bodies.set(key, encoded);
    this.bytes += encoded.length;
    for (const [oldest, body] of this.bodies) {
      if (this.bytes <= this.maxBytes) break;
      this.bodies.delete(oldest);
      this.bytes -= body.length;
    }
    return encoded;
  }

  get size(): number {
    return this.bodies.size;
  }
}

const encodedBodies = new EncodedBodies();

interface PreparedBody {
  /** The app whose JSON settings and ETag function made it. */
  app: unknown;
  text: string;
  bytes: number;
  etag?: string;
}

/**
 * Frozen answers (kept by `AnswerMemo`, the same object for every caller while it is valid) are
 * serialised and tagged once; anything else, every time.
 */
const preparedBodies = new WeakMap<object, PreparedBody>();

function prepare(req: Request, body: unknown): PreparedBody {
  const reusable =
    typeof body === 'object' && body !== null && Object.isFrozen(body);
  const kept = reusable ? preparedBodies.get(body) : undefined;
  if (kept && kept.app === req.app) return kept;
  const text = stringify(req, body);
  const etagOf = req.app.get('etag fn');
  const prepared: PreparedBody = {
    app: req.app,
    text,
    bytes: Buffer.byteLength(text),
    etag: typeof etagOf === 'function' ? etagOf(text, 'utf8') : undefined,
  };
  if (reusable) preparedBodies.set(body, prepared);
  return prepared;
}

/**
 * Answers like `res.json(body)` behind Backstage's `compression` middleware (same JSON, headers,
 * ETag and 304s), but compresses a page-sized body in one synchronous call instead of the
 * middleware's stream, whose hops through the thread pool cost about 0.5 ms per answer (more
 * than the route's own work), and an answer already sent is not compressed again. The
 * middleware leaves an answer that is already encoded alone.
 */
export function sendJson(req: Request, res: Response, body: unknown): void {
  const { text, bytes, etag } = prepare(req, body);
  if (!res.getHeader('Content-Type'))
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
  // Only an ETag computed here from this JSON names it; one the route set may not.
  let contentKey: string | undefined;
  if (etag && !res.getHeader('ETag')) {
    contentKey = etag;
    res.setHeader('ETag', contentKey);
  }
  const cacheControl = String(res.getHeader('Cache-Control') ?? '');
  const encoding =
    req.method === 'GET' &&
    bytes >= COMPRESSION_THRESHOLD_BYTES &&
    bytes <= MAX_INLINE_BYTES &&
    !/(?:^|,)\s*no-transform\s*(?:,|$)/i.test(cacheControl) &&
    !req.fresh
      ? negotiateEncoding(req.headers['accept-encoding'])
      : undefined;
  if (!encoding) {
    // Express answers 304 and HEAD; the middleware compresses what is left, as before.
    res.send(text);
    return;
  }
  const compressed = contentKey
    ? encodedBodies.get(`${encoding} ${contentKey}`, () =>
        compress(text, encoding, bytes),
      )
    : compress(text, encoding, bytes);
  res.vary('Accept-Encoding');
  res.setHeader('Content-Encoding', encoding);
  res.setHeader('Content-Length', compressed.length);
  res.end(compressed);
}
