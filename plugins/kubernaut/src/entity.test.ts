import type { Entity } from '@backstage/catalog-model';
import {
  entityTargetQuery,
  getKubernautEntityTargets,
  isKubernautAvailable,
  parseTargetAnnotation,
} from './entity';

function component(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-service', annotations },
    spec: {},
  };
}

describe('parseTargetAnnotation', () => {
  it.each([
    ['checkout-service', [{ name: 'checkout-service' }]],
    [
      'demo-checkout/checkout-service',
      [{ namespace: 'demo-checkout', name: 'checkout-service' }],
    ],
    [
      'Deployment/checkout-service',
      [{ kind: 'Deployment', name: 'checkout-service' }],
    ],
    [
      'demo-checkout/Deployment/checkout-service, demo-payments/StatefulSet/payment-db',
      [
        {
          namespace: 'demo-checkout',
          kind: 'Deployment',
          name: 'checkout-service',
        },
        { namespace: 'demo-payments', kind: 'StatefulSet', name: 'payment-db' },
      ],
    ],
  ])('reads %j', (value, expected) => {
    expect(parseTargetAnnotation(value)).toEqual(expected);
  });

  it.each([
    '',
    '/',
    'a//b',
    'Bad_Name',
    'ns/deployment/x',
    'a/b/c/d',
    '<script>',
  ])('ignores the malformed entry %j', value => {
    expect(parseTargetAnnotation(value)).toEqual([]);
  });
});

describe('isKubernautAvailable', () => {
  it('is false for an entity without Kubernetes annotations', () => {
    expect(isKubernautAvailable(component())).toBe(false);
  });

  it('is true with the kubernetes-id convention', () => {
    const entity = component({
      'backstage.io/kubernetes-id': 'checkout-service',
    });
    expect(isKubernautAvailable(entity)).toBe(true);
    expect(getKubernautEntityTargets(entity)).toEqual({
      kubernetesId: 'checkout-service',
      targets: [],
    });
  });

  it('is true with a valid kubernaut.ai/target annotation only', () => {
    expect(
      isKubernautAvailable(
        component({ 'kubernaut.ai/target': 'Deployment/api' }),
      ),
    ).toBe(true);
    expect(
      isKubernautAvailable(
        component({ 'kubernaut.ai/target': 'not a target!' }),
      ),
    ).toBe(false);
  });
});

describe('entityTargetQuery', () => {
  it('asks for the kubernetes-id and every valid target pattern', () => {
    const targets = getKubernautEntityTargets(
      component({
        'backstage.io/kubernetes-id': 'checkout-service',
        'kubernaut.ai/target':
          'demo/Deployment/checkout, bad name, payments/payment-db',
      }),
    );
    expect(entityTargetQuery(targets)).toEqual([
      'checkout-service',
      'demo/Deployment/checkout',
      'payments/payment-db',
    ]);
    expect(entityTargetQuery(getKubernautEntityTargets(component()))).toEqual(
      [],
    );
  });
});
