import type { Request, Response } from 'express';

/**
 * A server-sent-events response that survives Backstage's compression and proxies: no transform,
 * no buffering, a flush after every write, and a comment heartbeat.
 */
export function openEventStream(
  req: Request,
  res: Response,
  options: { heartbeatMs?: number } = {},
) {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  const flush = () => (res as unknown as { flush?: () => void }).flush?.();
  const closeListeners: Array<() => void> = [];
  let closed = false;
  const write = (chunk: string) => {
    if (closed || res.writableEnded) return;
    res.write(chunk);
    flush();
    // Node's http layer corks the socket until the next tick, which waits for the whole chain
    // of promise callbacks running now (a database driver that answers synchronously can make
    // that milliseconds long): send the event now.
    res.socket?.uncork();
  };
  write('retry: 3000\n\n');
  const heartbeat = setInterval(
    () => write(': heartbeat\n\n'),
    options.heartbeatMs ?? 15_000,
  );
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    closeListeners.forEach(listener => listener());
  };
  req.on('close', close);
  res.on('close', close);
  return {
    send(event: string, data: unknown, id?: string | number) {
      write(
        `${
          id !== undefined ? `id: ${id}\n` : ''
        }event: ${event}\ndata: ${JSON.stringify(data)}\n\n`,
      );
    },
    onClose(listener: () => void) {
      closeListeners.push(listener);
    },
    end() {
      close();
      res.end();
    },
    get closed() {
      return closed;
    },
  };
}
