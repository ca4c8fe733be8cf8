import request from 'supertest';
import { asUser, startPluginBackend } from '../testUtils/kubernautTestBackend';

const auth = asUser('user:default/mock');

/** A backend with the plugin and no cluster: the approvals page is judged without one. */
function backend() {
  return startPluginBackend({ kubernaut: { clusters: [] } });
}

describe('GET /approvals paging', () => {
  it('answers an empty page with a count and no cursor', async () => {
    const { server, stop } = await backend();
    try {
      const { body } = await request(server)
        .get('/api/kubernaut/approvals')
        .query({ limit: '500' })
        .set(auth)
        .expect(200);
      expect(body).toEqual({ items: [], totalCount: 0, clusters: [] });
    } finally {
      await stop();
    }
  });

  it.each([
    ['a limit of 0', { limit: '0' }, /^limit: /],
    ['a limit over 500', { limit: '501' }, /^limit: /],
    ['a fractional limit', { limit: '2.5' }, /^limit: /],
    ['a limit that is no number', { limit: 'many' }, /^limit: /],
    ['an overlong cursor', { cursor: 'x'.repeat(2049) }, /^cursor: /],
    [
      'a cursor it never gave',
      { cursor: 'not-a-cursor' },
      /cursor is not valid/,
    ],
    ['an unknown parameter', { page: '2' }, /unknown parameter page/],
  ])('refuses %s with a 400', async (_label, query, message) => {
    const { server, stop } = await backend();
    try {
      const { status, body } = await request(server)
        .get('/api/kubernaut/approvals')
        .query(query)
        .set(auth);
      expect(status).toBe(400);
      expect(body.error?.name).toBe('InputError');
      expect(body.error?.message).toMatch(message);
    } finally {
      await stop();
    }
  });
});
