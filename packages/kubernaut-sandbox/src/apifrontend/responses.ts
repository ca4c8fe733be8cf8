import type { ServerResponse } from 'node:http';

/** An error answered before any stream starts: problem+json for HTTP errors, else a JSON-RPC error. */
export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly httpStatus = 200,
    /** The problem's `detail`, when it says more than the title. */
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** RFC 7807 body, as API Frontend's middleware answers (`auth/middleware.go`, `httputil`). */
export function sendProblem(
  res: ServerResponse,
  status: number,
  title: string,
  detail = title,
) {
  const body = JSON.stringify({ type: 'about:blank', title, status, detail });
  res.writeHead(status, {
    'Content-Type': 'application/problem+json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Go's `http.Error`: text/plain, the message and a newline. */
export function sendPlainError(
  res: ServerResponse,
  status: number,
  message: string,
  headers: Record<string, string> = {},
) {
  const body = `${message}\n`;
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

/** A JSON-RPC error envelope answered as plain JSON with an HTTP status. */
export function sendRpcError(
  res: ServerResponse,
  status: number,
  id: unknown,
  code: number,
  message: string,
) {
  const body = `${JSON.stringify({
    jsonrpc: '2.0',
    id: id ?? null,
    error: { code, message },
  })}\n`;
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** RFC 3339 with seconds, as Go's `time.RFC3339` formats a UTC time. */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
