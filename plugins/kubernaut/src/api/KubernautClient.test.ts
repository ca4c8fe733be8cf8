import { ResponseError } from '@backstage/errors';
import { KubernautClient } from './KubernautClient';

function clientAnswering(response: Response) {
  const fetch = jest.fn(async () => response);
  const client = new KubernautClient({
    discoveryApi: { getBaseUrl: async id => `http://backend.test/api/${id}` },
    fetchApi: { fetch },
  });
  return { client, fetch };
}

describe('KubernautClient', () => {
  it('reads the health of the kubernaut backend plugin through fetchApi', async () => {
    const { client, fetch } = clientAnswering(
      new Response(JSON.stringify({ status: 'ok', version: '0.1.0' }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      }),
    );

    await expect(client.getHealth()).resolves.toEqual({
      status: 'ok',
      version: '0.1.0',
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://backend.test/api/kubernaut/health',
      expect.objectContaining({ headers: { Accept: 'application/json' } }),
    );
  });

  it('turns a Backstage error body into a ResponseError that keeps its message', async () => {
    const { client } = clientAnswering(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'no access' },
          request: { method: 'GET', url: '/health' },
          response: { statusCode: 403 },
        }),
        { status: 403, headers: { 'Content-Type': 'application/json' } },
      ),
    );

    const error = await client.getHealth().catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(403);
    expect(error.body.error.message).toBe('no access');
  });
});
