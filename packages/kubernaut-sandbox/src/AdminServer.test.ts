import { connect } from 'node:net';
import type { ServerHandle } from './ServerHandle';
import { Sandbox } from './Sandbox';

jest.setTimeout(30_000);

/** Whether the server's port accepts a TCP connection (TLS or not). */
function accepts(server: ServerHandle): Promise<boolean> {
  return new Promise(resolve => {
    const socket = connect(server.port, server.host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('AdminServer service switches', () => {
  let sandbox: Sandbox;
  const admin = async (path: string, body?: object) => {
    const response = await fetch(`${sandbox.admin.url}${path}`, {
      method: body ? 'POST' : 'GET',
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: response.status, body: await response.json() };
  };

  beforeAll(async () => {
    sandbox = new Sandbox({
      clusters: [{ name: 'sw-a', environment: 'staging', layout: 'v1.6' }],
      host: '127.0.0.1',
      port: 0,
      seed: 1,
      speed: 100,
      scale: 0,
      live: false,
      serviceTls: false,
    });
    await sandbox.start();
  });

  afterAll(async () => {
    await sandbox.stop();
  });

  it('takes one service down and back on its port while the others keep serving', async () => {
    const cluster = sandbox.clusters[0];
    const down = await admin('/clusters/sw-a/services/data-storage/down', {});
    expect(down.status).toBe(200);
    expect(down.body.services).toEqual({
      kubernetes: true,
      'data-storage': false,
      'api-frontend': true,
    });
    expect(await accepts(cluster.dataStorageServer)).toBe(false);
    expect(await accepts(cluster.apiFrontendServer)).toBe(true);
    expect(await accepts(cluster.kubeServer)).toBe(true);

    const up = await admin('/clusters/sw-a/services/data-storage/up', {});
    expect(up.body.services['data-storage']).toBe(true);
    expect(await accepts(cluster.dataStorageServer)).toBe(true);
  });

  it('brings every service back with /up after one was taken down alone', async () => {
    await admin('/clusters/sw-a/services/api-frontend/down', {});
    await admin('/clusters/sw-a/down', {});
    const { body } = await admin('/clusters/sw-a/up', {});
    expect(body.down).toBe(false);
    expect(Object.values(body.services)).toEqual([true, true, true]);
  });

  it('refuses unknown services and switches with 404, and GET with 405', async () => {
    expect((await admin('/clusters/sw-a/services/etcd/down', {})).status).toBe(
      404,
    );
    expect(
      (await admin('/clusters/sw-a/services/data-storage/restart', {})).status,
    ).toBe(404);
    const get = await admin('/clusters/sw-a/services/data-storage/down');
    expect(get.status).toBe(405);
    expect(get.body.error.message).toMatch(/GET not allowed/);
  });
});
