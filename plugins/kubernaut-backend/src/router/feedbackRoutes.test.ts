import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Server } from 'node:http';
import request from 'supertest';
import { kubernautPlugin } from '../plugin';
import { kubernautTestDatabaseIds } from '../testUtils/testDatabaseIds';

jest.setTimeout(60_000);

const alice = {
  Authorization: mockCredentials.user.header('user:default/alice'),
};
const mallory = {
  Authorization: mockCredentials.user.header('user:default/mallory'),
};
const service = { Authorization: mockCredentials.service.header() };

const ID = '0b9a2f4e-3c1d-4e5f-8a7b-9c0d1e2f3a4b';

describe('feedback routes', () => {
  const databaseId = kubernautTestDatabaseIds()[0];
  const databases = TestDatabases.create({ ids: [databaseId] });
  let server: Server;
  const auditor = mockServices.auditor.mock();
  const createEvent = auditor.createEvent as jest.Mock;

  beforeAll(async () => {
    const knex = await databases.init(databaseId);
    createEvent.mockImplementation(async () => ({
      success: jest.fn(),
      fail: jest.fn(),
    }));
    const backend = await startTestBackend({
      features: [
        kubernautPlugin,
        mockServices.rootConfig.factory({ data: {} }),
        mockServices.database.factory({ knex }),
        auditor.factory,
      ],
    });
    server = backend.server;
    // A conversation alice started, about no remediation yet: only she may watch it.
    await knex('kubernaut_investigations').insert({
      id: ID,
      cluster: 'prod-a',
      status: 'running',
      created_by: 'user:default/alice',
    });
  });

  const post = (body: object, who = alice, id = ID) =>
    request(server)
      .post(`/api/kubernaut/investigations/${id}/feedback`)
      .set(who)
      .send(body);

  it('stores feedback, a second replacing the first, audited', async () => {
    await post({
      target: 'rca',
      itemKey: '12',
      rating: 'up',
      workflowId: 'restart-pod',
    }).expect(200);
    const { body } = await post({
      target: 'rca',
      itemKey: '12',
      rating: 'down',
      reason: 'It was the node, not the pod',
      workflowId: 'restart-pod',
    }).expect(200);
    expect(body).toEqual(
      expect.objectContaining({
        user: 'user:default/alice',
        rating: 'down',
        reason: 'It was the node, not the pod',
      }),
    );
    expect(createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'investigation-feedback',
        meta: expect.objectContaining({ investigation: ID, rating: 'down' }),
      }),
    );
    const mine = await request(server)
      .get(`/api/kubernaut/investigations/${ID}/feedback`)
      .set(alice)
      .expect(200);
    expect(mine.body.items).toHaveLength(1);
    const counts = await request(server)
      .get('/api/kubernaut/workflows/feedback')
      .set(alice)
      .expect(200);
    expect(counts.body).toEqual({
      items: [{ workflowId: 'restart-pod', up: 0, down: 1 }],
    });
  });

  it.each([
    [
      'an unknown rating',
      { target: 'rca', itemKey: '1', rating: 'meh' },
      /rating/,
    ],
    [
      'an unknown target',
      { target: 'card', itemKey: '1', rating: 'up' },
      /target/,
    ],
    [
      'a key that is no item key',
      { target: 'rca', itemKey: '<b>', rating: 'up' },
      /itemKey/,
    ],
    [
      'a reason over 1000 characters',
      { target: 'rca', itemKey: '1', rating: 'up', reason: 'x'.repeat(1001) },
      /1000/,
    ],
    [
      'a workflow id that is no object name',
      { target: 'rca', itemKey: '1', rating: 'up', workflowId: 'Not A Name' },
      /workflowId/,
    ],
    [
      'unknown fields',
      { target: 'rca', itemKey: '1', rating: 'up', extra: true },
      /extra|unrecognized/i,
    ],
  ])('refuses %s with a 400', async (_label, body, message) => {
    const response = await post(body).expect(400);
    expect(JSON.stringify(response.body.error)).toMatch(message);
  });

  it('refuses people who may not watch the investigation, and services', async () => {
    const body = { target: 'answer', itemKey: '3', rating: 'up' };
    expect((await post(body, mallory)).status).toBe(403);
    expect((await post(body, service)).status).toBe(403);
    expect(
      (await post(body, alice, '1b9a2f4e-3c1d-4e5f-8a7b-9c0d1e2f3a4b')).status,
    ).toBe(404);
    const mine = await request(server)
      .get(`/api/kubernaut/investigations/${ID}/feedback`)
      .set(mallory);
    expect(mine.status).toBe(403);
  });
});
