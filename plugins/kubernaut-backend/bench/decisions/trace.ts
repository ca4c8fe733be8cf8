import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest, IncomingMessage } from 'node:http';

/** Whether an incoming request is one whose arrival is recorded (see `receivedBetween`). */
export type Watched = (url: string) => boolean;

/** One outgoing request this process made: where to, and when it started and finished. */
export interface Span {
  upstream: string;
  method: string;
  path: string;
  start: number;
  end?: number;
}

/** Names a request's destination from its host:port, or undefined to leave it out. */
export type Classify = (host: string, path: string) => string | undefined;

/**
 * Records every request this process sends (node:http(s) and undici both publish their requests
 * on diagnostics channels), with performance.now() times, so that a slow answer can be split into
 * the calls it waited on without touching the code that makes them. Long-lived watches are left
 * out by `classify`.
 */
export function traceOutgoing(classify: Classify, watched?: Watched) {
  const spans: Span[] = [];
  const arrivals: number[] = [];
  // Every outgoing TCP connection (undici and node:http alike): a new one is a TLS handshake.
  const connections: number[] = [];
  subscribe('net.client.socket', () => connections.push(performance.now()));
  if (watched)
    subscribe('http.server.request.start', message => {
      const { request } = message as { request: IncomingMessage };
      if (watched(request.url ?? '')) arrivals.push(performance.now());
    });
  const open = new WeakMap<object, Span>();
  const begin = (key: object, host: string, method: string, path: string) => {
    const upstream = classify(host, path);
    if (!upstream) return;
    const span: Span = { upstream, method, path, start: performance.now() };
    spans.push(span);
    open.set(key, span);
  };
  const finish = (key: object) => {
    const span = open.get(key);
    if (span && span.end === undefined) span.end = performance.now();
  };
  subscribe('http.client.request.start', message => {
    const { request } = message as { request: ClientRequest };
    // host:port, as the Host header names it (the port tells the sandbox's services apart).
    const host = String(request.getHeader('host') ?? request.host);
    begin(request, host, request.method, request.path);
  });
  // Published when the response's head arrives; the call ends when its body has been read.
  subscribe('http.client.response.finish', message => {
    const { request, response } = message as {
      request: ClientRequest;
      response: IncomingMessage;
    };
    response.once('end', () => finish(request));
    response.once('close', () => finish(request));
  });
  subscribe('undici:request:create', message => {
    const { request } = message as {
      request: { origin: string | URL; method: string; path: string };
    };
    begin(
      request,
      new URL(String(request.origin)).host,
      request.method,
      request.path,
    );
  });
  subscribe('undici:request:trailers', message => {
    finish((message as { request: object }).request);
  });
  return {
    /** Spans that started within [from, to]. */
    between: (from: number, to: number): Span[] =>
      spans.filter(s => s.start >= from && s.start <= to),
    /** How many TCP connections this process opened within [from, to]. */
    connectionsBetween: (from: number, to: number): number =>
      connections.filter(t => t >= from && t <= to).length,
    /** When the backend's server received the first watched request within [from, to]. */
    receivedBetween: (from: number, to: number): number | undefined =>
      arrivals.find(t => t >= from && t <= to),
    /** Forgets what was recorded before `before` (keeps memory flat over long runs). */
    forget(before: number) {
      const kept = spans.filter(s => s.start >= before);
      spans.length = 0;
      spans.push(...kept);
      for (const times of [arrivals, connections]) {
        const later = times.filter(t => t >= before);
        times.length = 0;
        times.push(...later);
      }
    },
  };
}

/** A decision's time split into what it waited on, in milliseconds. */
export interface Steps {
  total: number;
  /** From sending the request to the backend's server receiving it (loopback HTTP, parse). */
  toServer: number;
  /** From the server's receipt to its first upstream call: auth, permission, route, checks. */
  beforeUpstream: number;
  /** Each upstream call, by label (`kubernetes GET`, `apiFrontend POST`, …), summed per label. */
  upstream: Record<string, number>;
  /** Time between upstream calls: the backend's own work (claims in the database, checks). */
  between: number;
  /** From the last upstream call's end to the response's arrival: reply, serialise, HTTP. */
  afterUpstream: number;
}

/**
 * Splits one request's time [start, end] by the spans it made, taken in order, and by when the
 * server received it (`received`; the start when unknown).
 */
export function splitSteps(
  start: number,
  end: number,
  spans: Span[],
  received: number = start,
): Steps {
  const ordered = [...spans].sort((a, b) => a.start - b.start);
  const upstream: Record<string, number> = {};
  let between = 0;
  let cursor: number | undefined;
  for (const span of ordered) {
    const spanEnd = Math.min(span.end ?? end, end);
    const label = `${span.upstream} ${span.method}`;
    upstream[label] = (upstream[label] ?? 0) + (spanEnd - span.start);
    if (cursor !== undefined) between += Math.max(0, span.start - cursor);
    cursor = Math.max(cursor ?? 0, spanEnd);
  }
  return {
    total: end - start,
    toServer: received - start,
    beforeUpstream: (ordered[0]?.start ?? end) - received,
    upstream,
    between,
    afterUpstream: cursor === undefined ? 0 : end - cursor,
  };
}
