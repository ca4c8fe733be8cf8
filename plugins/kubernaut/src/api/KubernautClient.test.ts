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
  it("sends the person's own token with acts only, never with reads", async () => {
    const fetch = jest.fn(
      async () =>
        new Response('{}', {
          status: 200,
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    const client = new KubernautClient({
      discoveryApi: { getBaseUrl: async id => `http://backend.test/api/${id}` },
      fetchApi: { fetch },
      userTokenApi: { getToken: async () => 'id-token-of-carol' },
    });
    await client.getClusters();
    await client.sendInvestigationMessage('inv-1', 'why?');
    const headersOf = (call: number) =>
      (fetch.mock.calls[call] as unknown as [string, RequestInit])[1]
        .headers as Record<string, string>;
    expect(headersOf(0)['x-kubernaut-user-token']).toBeUndefined();
    expect(headersOf(1)['x-kubernaut-user-token']).toBe('id-token-of-carol');
  });

  it('sends no token header when the person has none', async () => {
    const fetch = jest.fn(async () => new Response('{}', { status: 200 }));
    const client = new KubernautClient({
      discoveryApi: { getBaseUrl: async id => `http://backend.test/api/${id}` },
      fetchApi: { fetch },
      userTokenApi: { getToken: async () => undefined },
    });
    await client.sendInvestigationMessage('inv-1', 'why?');
    expect(
      (fetch.mock.calls[0] as unknown as [string, RequestInit])[1].headers,
    ).not.toHaveProperty('x-kubernaut-user-token');
  });

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
  it('reads an investigation stream: numbered events, a rewind, and the end', async () => {
    const frames = [
      'retry: 3000\n\n',
      `event: investigation\ndata: ${JSON.stringify({ id: 'inv-1' })}\n\n`,
      `id: 1\nevent: a2a\ndata: ${JSON.stringify({
        seq: 1,
        payload: 'a',
      })}\n\n`,
      `id: 2\nevent: a2a\ndata: ${JSON.stringify({
        seq: 2,
        payload: 'b',
      })}\n\n`,
      `id: 1\nevent: rewind\ndata: ${JSON.stringify({ after: 1 })}\n\n`,
      `id: 2\nevent: joined\ndata: ${JSON.stringify({
        seq: 2,
        payload: 'bob',
      })}\n\n`,
      `event: end\ndata: ${JSON.stringify({ status: 'completed' })}\n\n`,
    ];
    const { client } = clientAnswering(
      new Response(frames.join(''), {
        status: 200,
        headers: { 'Content-Type': 'text/event-stream' },
      }),
    );
    const seen: string[] = [];

    const status = await client.streamInvestigation('inv-1', 0, {
      onRecord: r => seen.push(`record ${r.id}`),
      onEvent: e => seen.push(`${e.type} ${e.seq}`),
      onRewind: after => seen.push(`rewind ${after}`),
    });

    expect(status).toBe('completed');
    expect(seen).toEqual([
      'record inv-1',
      'a2a 1',
      'a2a 2',
      'rewind 1',
      'joined 2',
    ]);
  });
});
