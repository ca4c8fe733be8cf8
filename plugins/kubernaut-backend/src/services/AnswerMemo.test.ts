import { AnswerMemo } from './AnswerMemo';

describe('AnswerMemo', () => {
  it('returns a kept answer only for the version it was computed at', () => {
    const memo = new AnswerMemo<{ n: number }>();
    const kept = memo.keep('page', 'v1', { n: 1 });
    expect(memo.find('page', 'v1')).toBe(kept);
    expect(memo.find('page', 'v2')).toBeUndefined();
    // A stale answer is forgotten, not kept beside the fresh one.
    expect(memo.find('page', 'v1')).toBeUndefined();
    expect(memo.size).toBe(0);
  });

  it('freezes what it keeps, so that no reader changes the next answer', () => {
    const memo = new AnswerMemo<{ n: number }>();
    const kept = memo.keep('page', 'v1', { n: 1 });
    expect(Object.isFrozen(kept)).toBe(true);
    expect(() => {
      (kept as { n: number }).n = 2;
    }).toThrow(TypeError);
  });

  it('forgets the least recently used question past its bound', () => {
    const memo = new AnswerMemo<{ n: number }>(2);
    memo.keep('a', 'v', { n: 1 });
    memo.keep('b', 'v', { n: 2 });
    expect(memo.find('a', 'v')).toEqual({ n: 1 });
    memo.keep('c', 'v', { n: 3 });
    expect(memo.find('b', 'v')).toBeUndefined();
    expect(memo.find('a', 'v')).toEqual({ n: 1 });
    expect(memo.find('c', 'v')).toEqual({ n: 3 });
  });
});
