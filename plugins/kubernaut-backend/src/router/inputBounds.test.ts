import request from 'supertest';
import { asUser, startPluginBackend } from '../testUtils/kubernautTestBackend';

const auth = asUser('user:default/mock');

/** A backend with the plugin and no cluster: input is judged before any cluster is asked. */
function backend() {
  return startPluginBackend({ kubernaut: { clusters: [] } });
}

describe('input the routes refuse', () => {
  it('bounds the fleet summary window to 90 days', async () => {
    const { server, stop } = await backend();
    try {
      await request(server)
        .get('/api/kubernaut/fleet/summary')
        .query({ window: '90d' })
        .set(auth)
        .expect(200);
      for (const window of ['91d', '999d', '2161h']) {
        const { status, body } = await request(server)
          .get('/api/kubernaut/fleet/summary')
          .query({ window })
          .set(auth);
        expect([status, body.error?.name, body.error?.message]).toEqual([
          400,
          'InputError',
          'window: window is at most 90d',
        ]);
      }
    } finally {
      await stop();
    }
  });

  it.each(['/clusters', '/events'])(
    'refuses unknown query parameters on %s with a 400',
    async path => {
      const { server, stop } = await backend();
      try {
        const { status, body } = await request(server)
          .get(`/api/kubernaut${path}`)
          .query({ bogus: '1' })
          .set(auth);
        expect([status, body.error?.name, body.error?.message]).toEqual([
          400,
          'InputError',
          'unknown parameter bogus',
        ]);
      } finally {
        await stop();
      }
    },
  );
});

/**
 * Error bodies come from Backstage's error middleware (MiddlewareFactory.error, as
 * packages/backend's createBackend() installs it): stacks only when NODE_ENV is development.
 */
describe('error bodies', () => {
  const nodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = nodeEnv;
  });

  const errorBody = async () => {
    const { server, stop } = await backend();
    try {
      const { body } = await request(server)
        .get('/api/kubernaut/clusters')
        .query({ bogus: '1' })
        .set(auth)
        .expect(400);
      return body.error;
    } finally {
      await stop();
    }
  };

  it.each(['production', 'test'])(
    'carry no stack trace when NODE_ENV is %s',
    async env => {
      process.env.NODE_ENV = env;
      const error = await errorBody();
      expect(error.message).toBe('unknown parameter bogus');
      expect(error).not.toHaveProperty('stack');
    },
  );

  it('carry one in development, where the switch is', async () => {
    process.env.NODE_ENV = 'development';
    expect((await errorBody()).stack).toMatch(/InputError/);
  });
});
