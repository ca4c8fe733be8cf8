import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { kubernautApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  fakeKubernautApi,
  sampleRow,
} from '../../__testUtils__/fakeKubernautApi';
import { EntityKubernautContent } from './EntityKubernautContent';

function renderFor(entity: Entity, api = fakeKubernautApi()) {
  return renderInTestApp(
    <TestApiProvider apis={[[kubernautApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityKubernautContent />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/kubernaut': rootRouteRef } },
  );
}

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', annotations },
  spec: {},
});

describe('EntityKubernautContent', () => {
  it("lists the remediations of the entity's targets, linked to their views", async () => {
    const listRemediations = jest.fn(fakeKubernautApi().listRemediations);
    await renderFor(
      entity({ 'kubernaut.ai/target': 'demo/Deployment/checkout-service' }),
      fakeKubernautApi({ listRemediations }),
    );
    const link = await screen.findByRole('link', {
      name: /KubePodCrashLooping/,
    });
    expect(link).toHaveAttribute(
      'href',
      `/kubernaut/clusters/prod-us-east/remediations/${sampleRow.name}`,
    );
    expect(listRemediations).toHaveBeenCalledWith(
      expect.objectContaining({ target: ['demo/Deployment/checkout-service'] }),
      expect.anything(),
    );
  });

  it('explains how to link an entity that names no resources', async () => {
    await renderFor(entity({}));
    expect(
      screen.getByText('No Kubernetes resources linked'),
    ).toBeInTheDocument();
  });
});
