import {
  distribution,
  serverPartRatio,
  verdict,
  type Measured,
} from './report';

describe('distribution', () => {
  it('gives min, nearest-rank p50 and p95, and max', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(distribution(samples)).toEqual({
      min: 1,
      p50: 50,
      p95: 95,
      max: 100,
      n: 100,
    });
  });
});

describe('verdict', () => {
  it('calls the same set right, whatever the order', () => {
    expect(verdict(['a/1', 'b/2'], ['b/2', 'a/1'])).toBe('right');
  });

  it('says how much of ours the peer has and what else it brought', () => {
    expect(verdict(['a/1', 'b/2'], ['a/1', 'c/3'])).toBe(
      'wrong: has 1 of our 2, 1 others (c/3, ...)',
    );
  });

  it('calls an empty answer wrong when ours is not empty', () => {
    expect(verdict(['a/1'], [])).toBe('wrong: has 0 of our 1, 0 others');
  });
});

describe('serverPartRatio', () => {
  const run = (p50: number, toHeaders?: number): Measured => ({
    latency: distribution([p50]),
    ...(toHeaders === undefined
      ? {}
      : { toHeaders: distribution([toHeaders]) }),
    samples: [p50],
    perAnswer: { kubernetes: 0, dataStorage: 0, apiFrontend: 0 },
    answer: [],
  });

  it('compares the times to headers, not the whole answers', () => {
    expect(serverPartRatio(run(1.5, 0.9), run(0.8, 0.6))).toBeCloseTo(1.5);
  });

  it('has no ratio when either was asked in more than one request', () => {
    expect(serverPartRatio(run(40), run(0.8, 0.6))).toBeUndefined();
  });
});
