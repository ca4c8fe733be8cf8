import { get, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { countSandboxRequests } from './requestCounter';

describe('countSandboxRequests', () => {
  let kubernetes: Server;
  let elsewhere: Server;
  const urlOf = (server: Server) =>
    `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  beforeAll(async () => {
    kubernetes = createServer((_req, res) => res.end('{}'));
    elsewhere = createServer((_req, res) => res.end('{}'));
    await new Promise<void>(r => kubernetes.listen(0, '127.0.0.1', r));
    await new Promise<void>(r => elsewhere.listen(0, '127.0.0.1', r));
  });
  afterAll(() => {
    kubernetes.close();
    elsewhere.close();
  });

  const httpGet = (url: string) =>
    new Promise<void>((resolve, reject) =>
      get(url, res => res.resume().on('end', resolve)).on('error', reject),
    );

  it('counts requests by service from both Node clients, and leaves watches out', async () => {
    const counter = countSandboxRequests([
      {
        kubernetesUrl: urlOf(kubernetes),
        dataStorageUrl: 'https://127.0.0.1:1',
        apiFrontendUrl: 'https://127.0.0.1:2',
      },
    ]);
    const before = counter.snapshot();
    await httpGet(
      `${urlOf(kubernetes)}/apis/kubernaut.ai/v1alpha1/remediationrequests`,
    );
    await (await fetch(`${urlOf(kubernetes)}/api/v1/pods`)).text();
    await httpGet(`${urlOf(kubernetes)}/apis/x?watch=true&resourceVersion=1`);
    await (await fetch(`${urlOf(kubernetes)}/apis/y?watch=1`)).text();
    await httpGet(`${urlOf(elsewhere)}/anything`);

    expect(counter.since(before)).toEqual({
      kubernetes: 2,
      dataStorage: 0,
      apiFrontend: 0,
    });
  });
});
