import { createDevApp } from '@backstage/dev-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { Entity } from '@backstage/catalog-model';
import {
  EntityKubernautCard,
  EntityKubernautContent,
  KubernautPage,
  kubernautApiRef,
  kubernautPlugin,
} from '../src';
import { InMemoryKubernautApi } from './InMemoryKubernautApi';

/** A catalog entity whose workloads the fixtures remediate. */
const checkoutEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkout-service',
    annotations: {
      'kubernaut.ai/target': 'demo-checkout/Deployment/checkout-service',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-checkout' },
};

createDevApp()
  .registerPlugin(kubernautPlugin)
  .registerApi({
    api: kubernautApiRef,
    deps: {},
    factory: () => new InMemoryKubernautApi(),
  })
  .addPage({
    path: '/kubernaut',
    title: 'Kubernaut',
    element: <KubernautPage />,
  })
  .addPage({
    path: '/entity',
    title: 'Entity tab and card',
    element: (
      <EntityProvider entity={checkoutEntity}>
        <EntityKubernautCard />
        <EntityKubernautContent />
      </EntityProvider>
    ),
  })
  .render();
