import type { InvestigationEvent } from '@kubernaut/plugin-kubernaut-common';
import { renderHook, waitFor } from '@testing-library/react';
import type { InvestigationStreamHandlers } from '../api';
import { fakeKubernautApi } from '../__testUtils__/fakeKubernautApi';
import { hookWrapper } from '../__testUtils__/hookWrapper';
import { useInvestigationStream } from './useInvestigationStream';

const reasoning = (seq: number, text: string): InvestigationEvent => ({
  seq,
  type: 'agent-text',
  createdAt: '2026-11-24T10:00:00Z',
  payload: { text },
});

const record = {
  id: 'inv-1',
  cluster: 'prod-us-east',
  status: 'running' as const,
  createdBy: 'user:default/alice',
  createdAt: '2026-11-24T10:00:00Z',
  updatedAt: '2026-11-24T10:00:00Z',
};

describe('useInvestigationStream', () => {
  it('resumes after the last event it saw when the connection drops, and sends nothing upstream again', async () => {
    const afters: number[] = [];
    const streamInvestigation = jest.fn(
      async (
        _id: string,
        after: number,
        handlers: InvestigationStreamHandlers,
      ) => {
        afters.push(after);
        handlers.onRecord?.(record);
        if (afters.length === 1) {
          [
            reasoning(1, 'Checking '),
            reasoning(2, 'events '),
            reasoning(3, 'first. '),
          ].forEach(handlers.onEvent);
          throw new Error('network changed');
        }
        // A replica may repeat the event at the cursor; it must not show twice.
        [reasoning(3, 'first. '), reasoning(4, 'Found it.')].forEach(
          handlers.onEvent,
        );
        return 'completed';
      },
    );
    // fakeKubernautApi throws if a start or a message were sent.
    const api = fakeKubernautApi({ streamInvestigation });

    const { result } = renderHook(() => useInvestigationStream('inv-1'), {
      wrapper: hookWrapper(api),
    });

    await waitFor(() => expect(result.current.state).toBe('ended'));
    expect(afters).toEqual([0, 3]);
    expect(result.current.status).toBe('completed');
    expect(result.current.transcript.lastSeq).toBe(4);
    expect(result.current.transcript.items).toEqual([
      expect.objectContaining({
        kind: 'agent',
        text: 'Checking events first. Found it.',
      }),
    ]);
  });

  it('folds the transcript again when a rewind voids events another replica numbered first', async () => {
    const joined: InvestigationEvent = {
      seq: 3,
      type: 'joined',
      createdAt: '2026-11-24T10:00:01Z',
      payload: { user: 'user:default/bob' },
    };
    const streamInvestigation = jest.fn(
      async (
        _id: string,
        _after: number,
        handlers: InvestigationStreamHandlers,
      ) => {
        handlers.onRecord?.(record);
        [reasoning(1, 'Checking '), reasoning(2, 'events ')].forEach(
          handlers.onEvent,
        );
        // Announced as 3 by this replica; another one stored Bob's join as 3 first.
        handlers.onEvent(reasoning(3, 'first. '));
        await new Promise(resolve => setTimeout(resolve, 50));
        handlers.onRewind(2);
        [joined, reasoning(4, 'first. ')].forEach(handlers.onEvent);
        return 'completed';
      },
    );
    const { result } = renderHook(() => useInvestigationStream('inv-1'), {
      wrapper: hookWrapper(fakeKubernautApi({ streamInvestigation })),
    });

    await waitFor(() => expect(result.current.state).toBe('ended'));
    expect(result.current.transcript.lastSeq).toBe(4);
    expect(result.current.transcript.items).toEqual([
      expect.objectContaining({ kind: 'agent', text: 'Checking events ' }),
      expect.objectContaining({ kind: 'joined' }),
      expect.objectContaining({ kind: 'agent', text: 'first. ' }),
    ]);
  });

  it('stops with the reason when the backend refuses the stream', async () => {
    const refused = Object.assign(
      new Error('you may not watch this investigation'),
      {
        statusCode: 403,
      },
    );
    const streamInvestigation = jest.fn(async () => {
      throw refused;
    });
    const { result } = renderHook(() => useInvestigationStream('inv-1'), {
      wrapper: hookWrapper(fakeKubernautApi({ streamInvestigation })),
    });
    await waitFor(() => expect(result.current.state).toBe('failed'));
    expect(result.current.error?.message).toBe(
      'you may not watch this investigation',
    );
    expect(streamInvestigation).toHaveBeenCalledTimes(1);
  });

  it('folds a long stored history over several frames, each within its budget, and ends once all is shown', async () => {
    const history = Array.from({ length: 6000 }, (_, i) =>
      reasoning(i + 1, 'token '),
    );
    const streamInvestigation = jest.fn(
      async (
        _id: string,
        _after: number,
        handlers: InvestigationStreamHandlers,
      ) => {
        handlers.onRecord?.(record);
        history.forEach(handlers.onEvent);
        return 'completed';
      },
    );
    // A clock that moves 1 ms every time it is read: a frame folds 4 chunks of 200 at most.
    let clock = 0;
    const now = jest
      .spyOn(performance, 'now')
      .mockImplementation(() => ++clock);
    const shown: Array<{ lastSeq: number; state: string }> = [];
    const { result } = renderHook(
      () => {
        const stream = useInvestigationStream('inv-1');
        shown.push({
          lastSeq: stream.transcript.lastSeq,
          state: stream.state,
        });
        return stream;
      },
      { wrapper: hookWrapper(fakeKubernautApi({ streamInvestigation })) },
    );
    try {
      await waitFor(() => expect(result.current.state).toBe('ended'), {
        timeout: 5000,
      });
    } finally {
      now.mockRestore();
    }
    // Folded over at least 8 frames; React may render two of them together, never all.
    expect(new Set(shown.map(s => s.lastSeq)).size).toBeGreaterThan(3);
    // "Ended" only shows with the whole history.
    expect(
      shown.filter(s => s.state === 'ended').every(s => s.lastSeq === 6000),
    ).toBe(true);
    expect(result.current.transcript.tokens).toBe(6000);
  });
});
