import type { IncomingMessage, ServerResponse } from 'node:http';
import { startSse } from '../http';

/** The long-lived SSE responses (A2A turns, status streams) open on one API Frontend. */
export class StreamRegistry {
  private readonly open = new Set<ServerResponse>();

  /** Starts an SSE response and tracks it until it closes; `onClose` runs once then. */
  start(req: IncomingMessage, res: ServerResponse, onClose: () => void) {
    startSse(res);
    this.open.add(res);
    let closed = false;
    const close = () => {
      this.open.delete(res);
      if (closed) return;
      closed = true;
      onClose();
    };
    req.on('close', close);
    res.on('close', close);
  }

  /** Cuts every open stream in the middle of a frame (fault switch). */
  cutAll(): number {
    const count = this.open.size;
    for (const res of this.open) {
      res.write('data: {"jsonrpc":"2.0","res', () => res.destroy());
    }
    this.open.clear();
    return count;
  }

  get size(): number {
    return this.open.size;
  }
}
