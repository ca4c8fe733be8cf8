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
import {
  EntityKubernautCard,
  EntityKubernautContent,
} from './EntityKubernautContent';

function renderFor(
  entity: Entity,
  api = fakeKubernautApi(),
  view = <EntityKubernautContent />,
) {
  return renderInTestApp(
    <TestApiProvider apis={[[kubernautApiRef, api]]}>
      <EntityProvider entity={entity}>{view}</EntityProvider>
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

  it("opens the Investigate page prefilled with the entity's workload", async () => {
    await renderFor(
      entity({
        'backstage.io/kubernetes-id': 'checkout-service',
        'kubernaut.ai/target': 'demo-checkout/Deployment/checkout-service',
      }),
    );
    const link = screen.getByRole('link', {
      name: 'Investigate this component',
    });
    const url = new URL(link.getAttribute('href')!, 'http://localhost');
    expect(url.pathname).toBe('/kubernaut/investigate');
    expect(url.searchParams.get('description')).toBe(
      'Investigate checkout-service (Deployment in demo-checkout): ',
    );
    expect(url.searchParams.has('cluster')).toBe(false);
  });

  it('prefills the cluster an entity pins, and the workload it names', async () => {
    await renderFor(
      entity({
        'backstage.io/kubernetes-id': 'payment-gateway',
        'kubernaut.ai/target':
          'demo-payments/StatefulSet/payment-db, demo-payments/Deployment/payment-gateway',
        'kubernaut.ai/cluster': 'prod-eu-west',
      }),
    );
    const href = screen
      .getByRole('link', { name: 'Investigate this component' })
      .getAttribute('href')!;
    const params = new URL(href, 'http://localhost').searchParams;
    expect(params.get('description')).toBe(
      'Investigate payment-gateway (Deployment in demo-payments): ',
    );
    expect(params.get('cluster')).toBe('prod-eu-west');
  });

  it('names a workload known only by its kubernetes-id', async () => {
    await renderFor(entity({ 'backstage.io/kubernetes-id': 'checkout' }));
    const href = screen
      .getByRole('link', { name: 'Investigate this component' })
      .getAttribute('href')!;
    expect(
      new URL(href, 'http://localhost').searchParams.get('description'),
    ).toBe('Investigate checkout: ');
  });

  it('offers "Investigate this component" on the overview card too', async () => {
    await renderFor(
      entity({ 'kubernaut.ai/target': 'demo/Deployment/checkout-service' }),
      fakeKubernautApi(),
      <EntityKubernautCard />,
    );
    await screen.findByRole('link', { name: /KubePodCrashLooping/ });
    const link = screen.getByRole('link', {
      name: 'Investigate this component',
    });
    expect(
      new URL(link.getAttribute('href')!, 'http://localhost').pathname,
    ).toBe('/kubernaut/investigate');
  });
});
