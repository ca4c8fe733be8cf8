import type {
  DataStorageClient,
  DataStorageEvent,
} from '../clients/DataStorageClient';
import { EndingHistory, HISTORY_EVENT_LIMIT } from './EndingHistory';

function dataStorage(events: DataStorageEvent[] = []) {
  const allEvents = jest.fn(async () => events);
  return { client: { allEvents } as unknown as DataStorageClient, allEvents };
}

describe('ending history from Data Storage', () => {
  const since = new Date('2026-11-01T10:00:30Z');

  it('pulls once per cluster and window minute while fresh, sharing a pull in flight', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    const history = new EndingHistory(() => now);
    const { client, allEvents } = dataStorage();
    await Promise.all([
      history.read('prod', client, since),
      history.read('prod', client, new Date(since.getTime() + 20_000)),
    ]);
    await history.read('prod', client, since);
    expect(allEvents).toHaveBeenCalledTimes(1);
    expect(allEvents).toHaveBeenCalledWith(
      {
        event_type: 'orchestrator.lifecycle.completed',
        since: '2026-11-01T10:00:00.000Z',
      },
      HISTORY_EVENT_LIMIT,
    );

    await history.read('staging', client, since);
    await history.read('prod', client, new Date(since.getTime() + 60_000));
    expect(allEvents).toHaveBeenCalledTimes(3);

    now += 61_000;
    await history.read('prod', client, since);
    expect(allEvents).toHaveBeenCalledTimes(4);
  });

  it('keeps no failed pull', async () => {
    const history = new EndingHistory();
    const allEvents = jest
      .fn()
      .mockRejectedValueOnce(new Error('unreachable'))
      .mockResolvedValue([]);
    const client = { allEvents } as unknown as DataStorageClient;
    await expect(history.read('prod', client, since)).rejects.toThrow(
      'unreachable',
    );
    await expect(history.read('prod', client, since)).resolves.toEqual([]);
    expect(allEvents).toHaveBeenCalledTimes(2);
  });
});
