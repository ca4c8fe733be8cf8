import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';

/**
 * One listening HTTP server that can be taken down (connections cut, port closed) and brought
 * back on the same port, as a fault switch.
 */
export class ServerHandle {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(
    readonly name: string,
    readonly host: string,
    private listenPort: number,
    private readonly handler: (
      req: IncomingMessage,
      res: ServerResponse,
    ) => void | Promise<void>,
    private readonly tls?: { certPem: string; keyPem: string },
  ) {}

  /** The port it listens on; a handle created with port 0 keeps the one it was given first. */
  get port(): number {
    return this.listenPort;
  }

  get url(): string {
    return `${this.tls ? 'https' : 'http'}://${this.host}:${this.port}`;
  }

  get listening(): boolean {
    return !!this.server?.listening;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const listener = (req: IncomingMessage, res: ServerResponse) => {
      Promise.resolve(this.handler(req, res)).catch(error => {
        if (!res.headersSent) {
          res.writeHead(500, { 'Content-Type': 'text/plain' });
          res.end(String(error));
        } else {
          res.destroy();
        }
      });
    };
    const server: Server = this.tls
      ? createHttpsServer(
          { cert: this.tls.certPem, key: this.tls.keyPem },
          listener,
        )
      : createHttpServer(listener);
    server.keepAliveTimeout = 65_000;
    server.requestTimeout = 0;
    server.on(
      this.tls ? 'secureConnection' : 'connection',
      (socket: Socket) => {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
      },
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.listenPort, this.host, () => {
        server.off('error', reject);
        const address = server.address();
        if (address && typeof address === 'object')
          this.listenPort = address.port;
        resolve();
      });
    });
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>(resolve => server.close(() => resolve()));
  }
}
