import { parseFieldSelector, parseLabelSelector } from './selectors';

describe('parseLabelSelector', () => {
  const labels = {
    app: 'checkout',
    tier: 'web',
    'kubernaut.ai/managed': 'true',
  };

  it.each([
    ['', true],
    ['app=checkout', true],
    ['app==checkout', true],
    ['app!=checkout', false],
    ['app=payments', false],
    ['app in (checkout, payments)', true],
    ['app notin (checkout)', false],
    ['kubernaut.ai/managed', true],
    ['!kubernaut.ai/managed', false],
    ['missing', false],
    ['!missing', true],
    ['app=checkout,tier in (web,api)', true],
    ['app=checkout,tier=api', false],
  ])('%j matches: %p', (selector, expected) => {
    expect(parseLabelSelector(selector)(labels)).toBe(expected);
  });

  it('treats missing labels as no labels', () => {
    expect(parseLabelSelector('!app')(undefined)).toBe(true);
    expect(parseLabelSelector('app=x')(undefined)).toBe(false);
  });

  it.each(['app=(', '=x', 'a b c', 'app in x'])(
    'rejects %j with a 400',
    selector => {
      expect(() => parseLabelSelector(selector)).toThrow(
        expect.objectContaining({ code: 400, reason: 'BadRequest' }),
      );
    },
  );
});

describe('parseFieldSelector', () => {
  const object = {
    metadata: { name: 'rr-1', namespace: 'kubernaut-system' },
    spec: { severity: 'critical' },
  };

  it('matches equality and inequality on allowed fields', () => {
    const allowed = ['metadata.name', 'spec.severity'];
    expect(parseFieldSelector('spec.severity=critical', allowed)(object)).toBe(
      true,
    );
    expect(parseFieldSelector('spec.severity!=critical', allowed)(object)).toBe(
      false,
    );
    expect(
      parseFieldSelector(
        'metadata.name=rr-1,spec.severity=critical',
        allowed,
      )(object),
    ).toBe(true);
  });

  it('refuses fields the resource does not support, as the API server does', () => {
    expect(() => parseFieldSelector('spec.other=x', ['metadata.name'])).toThrow(
      'field label not supported: spec.other',
    );
  });
});
