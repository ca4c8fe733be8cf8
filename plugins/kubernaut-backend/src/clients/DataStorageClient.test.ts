import { createSandboxTls } from '@kubernaut/sandbox';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { DataStorageClient } from './DataStorageClient';
import { serviceAgent } from './serviceHttp';

/**
 * Data Storage serves HTTPS from Kubernaut's inter-service CA (`charts/kubernaut/templates/hooks/
 * tls-cert-job.yaml`, `pkg/datastorage/server/server_lifecycle.go`): the client trusts the
 * configured CA, refuses an unknown one, and accepts any only when told to.
 */
describe('DataStorageClient over TLS', () => {
  const tls = createSandboxTls('127.0.0.1', 'kubernaut-inter-service-ca');
  const other = createSandboxTls('127.0.0.1', 'someone-else-ca');
  let server: Server;
  let url: string;
  const seen: Array<string | undefined> = [];

  beforeAll(async () => {
    server = createServer(
      { cert: tls.certPem, key: tls.keyPem },
      (req, res) => {
        seen.push(req.headers.authorization);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            data: [],
            pagination: { limit: 100, offset: 0, total: 0, has_more: false },
          }),
        );
      },
    );
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise(resolve => server.close(resolve)));

  const client = (caPem?: string, skipTLSVerify = false) =>
    new DataStorageClient(
      url,
      () => 'sa-token',
      serviceAgent({ url, caPem, skipTLSVerify }),
    );

  it('verifies the server against the configured CA', async () => {
    await expect(client(tls.caPem).events({})).resolves.toEqual({
      data: [],
      total: 0,
      hasMore: false,
    });
    expect(seen.pop()).toBe('Bearer sa-token');
  });

  it('refuses a certificate from another CA, or from none it was given, as unreachable (503)', async () => {
    await expect(client(other.caPem).events({})).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
      message: expect.stringMatching(/Data Storage unreachable: .*certificate/),
    });
    await expect(client().events({})).rejects.toMatchObject({
      name: 'ServiceUnavailableError',
    });
  });

  it('accepts any certificate with skipTLSVerify', async () => {
    await expect(client(undefined, true).events({})).resolves.toMatchObject({
      total: 0,
    });
  });
});
