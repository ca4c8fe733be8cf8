import {
  formatTargetPattern,
  matchesTarget,
  parseTargetPattern,
  parseTargetPatterns,
} from './targets';

describe('target patterns', () => {
  it.each([
    ['checkout', { name: 'checkout' }],
    ['demo/checkout', { namespace: 'demo', name: 'checkout' }],
    ['Deployment/checkout', { kind: 'Deployment', name: 'checkout' }],
    [
      'demo/StatefulSet/payment-db',
      { namespace: 'demo', kind: 'StatefulSet', name: 'payment-db' },
    ],
  ])('parses %p', (text, pattern) => {
    expect(parseTargetPattern(text)).toEqual(pattern);
    expect(formatTargetPattern(pattern)).toBe(text);
  });

  it.each(['', 'Bad Name', 'a//b', 'a/b/c/d', 'demo/deployment/x', 'UPPER'])(
    'refuses %p',
    text => expect(parseTargetPattern(text)).toBeUndefined(),
  );

  it('keeps the valid entries of a list', () => {
    expect(parseTargetPatterns('demo/checkout, bad name ,Pod/x')).toEqual([
      { namespace: 'demo', name: 'checkout' },
      { kind: 'Pod', name: 'x' },
    ]);
  });

  it('matches a reference on every part the pattern names', () => {
    const ref = { kind: 'Deployment', name: 'checkout', namespace: 'demo' };
    expect(matchesTarget({ name: 'checkout' }, ref)).toBe(true);
    expect(matchesTarget({ namespace: 'demo', name: 'checkout' }, ref)).toBe(
      true,
    );
    expect(matchesTarget({ kind: 'Pod', name: 'checkout' }, ref)).toBe(false);
    expect(matchesTarget({ namespace: 'prod', name: 'checkout' }, ref)).toBe(
      false,
    );
    expect(matchesTarget({ name: 'checkout' }, undefined)).toBe(false);
  });
});
