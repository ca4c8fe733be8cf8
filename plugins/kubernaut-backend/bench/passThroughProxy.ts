import { createServer, request, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * The cheapest relay there can be: pipes requests and responses byte for byte, parsing and
 * storing nothing. Run in the backend's process, it is the floor the plugin's relay is compared
 * with: the extra loopback hop and whatever else that process and this machine cost an event.
 */
export async function startPassThroughProxy(
  target: string,
  ca?: string,
): Promise<{ url: string; close(): void }> {
  const send = target.startsWith('https:') ? httpsRequest : request;
  const server: Server = createServer((incoming, outgoing) => {
    const upstream = send(
      `${target}${incoming.url}`,
      { method: incoming.method, headers: incoming.headers, ca },
      answer => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', () => outgoing.destroy());
    outgoing.on('close', () => upstream.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => server.close(),
  };
}
