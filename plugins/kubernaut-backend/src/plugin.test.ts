import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import request from 'supertest';
import { kubernautPlugin } from './plugin';

describe('kubernautPlugin', () => {
  async function startBackend() {
    const { server } = await startTestBackend({
      features: [
        kubernautPlugin,
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
    return server;
  }

  it('answers /health without a Backstage token', async () => {
    const server = await startBackend();

    const response = await request(server).get('/api/kubernaut/health');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      status: 'ok',
      version: expect.any(String),
    });
  });

  it('refuses other routes without a token, with a Backstage error body', async () => {
    const server = await startBackend();

    const response = await request(server)
      .get('/api/kubernaut/clusters')
      .set('Authorization', mockCredentials.none.header());

    expect(response.status).toBe(401);
    expect(response.body.error).toEqual(
      expect.objectContaining({ name: 'AuthenticationError' }),
    );
  });
});
