import { splitSteps, type Span } from './trace';

const span = (
  upstream: string,
  method: string,
  start: number,
  end?: number,
): Span => ({ upstream, method, path: '/x', start, end });

describe('splitSteps', () => {
  it('splits a request into the wait before, each call, the gaps and the reply', () => {
    const steps = splitSteps(
      0,
      100,
      [span('kubernetes', 'PATCH', 40, 70), span('kubernetes', 'GET', 10, 30)],
      4,
    );
    expect(steps).toEqual({
      total: 100,
      toServer: 4,
      beforeUpstream: 6,
      upstream: { 'kubernetes GET': 20, 'kubernetes PATCH': 30 },
      between: 10,
      afterUpstream: 30,
    });
  });

  it('sums calls of one label and counts overlapping calls once for the gaps', () => {
    const steps = splitSteps(0, 50, [
      span('kubernetes', 'GET', 5, 20),
      span('kubernetes', 'GET', 10, 25),
      span('apiFrontend', 'POST', 30),
    ]);
    expect(steps.upstream).toEqual({
      'kubernetes GET': 30,
      'apiFrontend POST': 20,
    });
    expect(steps.between).toBe(5);
    expect(steps.afterUpstream).toBe(0);
  });

  it('is all before-upstream time when the backend called nothing', () => {
    expect(splitSteps(10, 12, [])).toEqual({
      total: 2,
      toServer: 0,
      beforeUpstream: 2,
      upstream: {},
      between: 0,
      afterUpstream: 0,
    });
  });
});
