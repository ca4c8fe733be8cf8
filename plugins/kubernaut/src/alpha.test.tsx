import type { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import kubernautPlugin from './alpha';
import { kubernautApiRef } from './api';
import { fakeKubernautApi } from './__testUtils__/fakeKubernautApi';

function entityWith(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout-service', annotations },
    spec: {},
  };
}

describe('kubernaut plugin (new frontend system)', () => {
  it('mounts the Kubernaut page at /kubernaut with the plugin API', async () => {
    const api = fakeKubernautApi();

    renderTestApp({
      features: [kubernautPlugin],
      initialRouteEntries: ['/kubernaut'],
      apis: [[kubernautApiRef, api]],
    });

    expect(await screen.findByText('KubePodCrashLooping')).toBeInTheDocument();
    expect(
      screen.getAllByRole('heading', { name: 'Kubernaut' }).length,
    ).toBeGreaterThan(0);
  });

  it('offers the entity tab only to entities that name their Kubernetes resources', () => {
    const tester = createExtensionTester(
      kubernautPlugin.getExtension('entity-content:kubernaut'),
    );
    const filter = tester.get(
      EntityContentBlueprint.dataRefs.filterFunction,
    ) as (entity: Entity) => boolean;
    expect(filter).toBeInstanceOf(Function);

    expect(tester.get(coreExtensionData.routePath)).toBe('kubernaut');
    expect(
      filter(entityWith({ 'backstage.io/kubernetes-id': 'checkout-service' })),
    ).toBe(true);
    expect(
      filter(entityWith({ 'kubernaut.ai/target': 'demo/Deployment/checkout' })),
    ).toBe(true);
    expect(filter(entityWith({}))).toBe(false);
  });

  it('offers the remediations card on the overview of the same entities', () => {
    const tester = createExtensionTester(
      kubernautPlugin.getExtension('entity-card:kubernaut/remediations'),
    );
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction) as (
      entity: Entity,
    ) => boolean;
    expect(
      filter(entityWith({ 'backstage.io/kubernetes-id': 'checkout-service' })),
    ).toBe(true);
    expect(filter(entityWith({}))).toBe(false);
  });
});
