import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type { ClusterHealth } from '@kubernaut/plugin-kubernaut-common';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { kubernautApiRef, type KubernautApi } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  fakeKubernautApi,
  sampleCluster,
} from '../../__testUtils__/fakeKubernautApi';
import { InvestigateForm } from './InvestigateForm';

const clusters: ClusterHealth[] = [
  sampleCluster, // prod-us-east, production, first in the menu
  {
    ...sampleCluster,
    name: 'prod-eu-west',
    title: 'Production EU West',
  },
  {
    ...sampleCluster,
    name: 'staging-eu',
    title: 'Staging EU',
    environment: 'staging',
  },
];

async function renderForm(
  overrides: Partial<KubernautApi> = {},
  routeEntries?: string[],
) {
  const startInvestigation = jest.fn(async () => ({
    id: 'inv-1',
    joined: false,
  }));
  const api = fakeKubernautApi({
    getClusters: async () => ({ items: clusters }),
    startInvestigation,
    ...overrides,
  });
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false } },
  });
  const rendered = await renderInTestApp(
    <TestApiProvider
      apis={[
        [kubernautApiRef, api],
        [permissionApiRef, new MockPermissionApi()],
      ]}
    >
      <QueryClientProvider client={queryClient}>
        <InvestigateForm />
      </QueryClientProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/kubernaut': rootRouteRef }, routeEntries },
  );
  return { rendered, startInvestigation };
}

const status = () => screen.getByRole('status');
const investigate = () => screen.getByRole('button', { name: 'Investigate' });

async function clustersLoaded() {
  await waitFor(() =>
    expect(
      screen.getByRole('combobox', { name: /Cluster/ }),
    ).not.toHaveAttribute('aria-disabled', 'true'),
  );
}

describe('InvestigateForm', () => {
  it('sends its own example to the cluster it names, not the first one', async () => {
    const user = userEvent.setup({ delay: null });
    const { startInvestigation } = await renderForm();
    await clustersLoaded();
    await user.click(
      screen.getByRole('button', {
        name: /payment processing in prod-eu-west/,
      }),
    );
    expect(status()).toHaveTextContent(
      'Cluster: prod-eu-west — named in your description',
    );
    await user.click(investigate());
    await waitFor(() =>
      expect(startInvestigation).toHaveBeenCalledWith({
        cluster: 'prod-eu-west',
        message:
          'The payment processing in prod-eu-west feels sluggish since this morning.',
      }),
    );
  });

  it('asks, listing them, when an environment names two clusters', async () => {
    const user = userEvent.setup({ delay: null });
    const { startInvestigation } = await renderForm();
    await clustersLoaded();
    await user.type(
      screen.getByRole('textbox', { name: 'What is happening?' }),
      'everything in prod feels slow',
    );
    expect(status()).toHaveTextContent('Which cluster is this about?');
    const candidates = within(
      screen.getByRole('group', { name: 'Candidate clusters' }),
    );
    expect(candidates.getAllByRole('button').map(b => b.textContent)).toEqual([
      'prod-us-east',
      'prod-eu-west',
    ]);
    expect(investigate()).toBeDisabled();
    fireEvent.submit(investigate().closest('form')!);
    expect(startInvestigation).not.toHaveBeenCalled();

    await user.click(candidates.getByRole('button', { name: 'prod-eu-west' }));
    expect(status()).toHaveTextContent('Cluster: prod-eu-west — chosen by you');
    expect(investigate()).toBeEnabled();
  });

  it('keeps a cluster chosen in the menu while the description changes', async () => {
    const user = userEvent.setup({ delay: null });
    const { startInvestigation } = await renderForm();
    await clustersLoaded();
    const description = screen.getByRole('textbox', {
      name: 'What is happening?',
    });
    await user.type(description, 'checkout is slow in prod-eu-west');
    expect(status()).toHaveTextContent('Cluster: prod-eu-west — named');

    await user.click(screen.getByRole('combobox', { name: /Cluster/ }));
    await user.click(
      screen.getByRole('option', { name: 'Production US East (prod-us-east)' }),
    );
    expect(status()).toHaveTextContent('Cluster: prod-us-east — chosen by you');

    await user.type(description, ' and on staging-eu too');
    expect(status()).toHaveTextContent('Cluster: prod-us-east — chosen by you');
    await user.click(investigate());
    await waitFor(() =>
      expect(startInvestigation).toHaveBeenCalledWith({
        cluster: 'prod-us-east',
        message: 'checkout is slow in prod-eu-west and on staging-eu too',
      }),
    );
  });

  it('goes back to the description when asked to', async () => {
    const user = userEvent.setup({ delay: null });
    await renderForm();
    await clustersLoaded();
    await user.type(
      screen.getByRole('textbox', { name: 'What is happening?' }),
      'pods restart in staging',
    );
    await user.click(screen.getByRole('combobox', { name: /Cluster/ }));
    await user.click(
      screen.getByRole('option', { name: 'Production EU West (prod-eu-west)' }),
    );
    expect(status()).toHaveTextContent('chosen by you');
    await user.click(screen.getByRole('combobox', { name: /Cluster/ }));
    await user.click(
      screen.getByRole('option', { name: /From the description/ }),
    );
    expect(status()).toHaveTextContent(
      'Cluster: staging-eu — the only staging cluster',
    );
  });

  it('makes the operator choose when the description names no cluster', async () => {
    const user = userEvent.setup({ delay: null });
    await renderForm();
    await clustersLoaded();
    await user.type(
      screen.getByRole('textbox', { name: 'What is happening?' }),
      'the site feels slow',
    );
    expect(status()).toHaveTextContent('Choose the cluster this is about');
    expect(investigate()).toBeDisabled();
  });

  it('picks the cluster a workload runs on, from recent remediations', async () => {
    const user = userEvent.setup({ delay: null });
    await renderForm();
    await clustersLoaded();
    // The fake's one remediation targets checkout-service on prod-us-east.
    await user.type(
      screen.getByRole('textbox', { name: 'What is happening?' }),
      "What's going on with checkout-service?",
    );
    await waitFor(() =>
      expect(status()).toHaveTextContent(
        'Cluster: prod-us-east — the only cluster running checkout-service',
      ),
    );
  });

  it('opens prefilled from a link, and waits for the operator', async () => {
    const user = userEvent.setup({ delay: null });
    const description = 'checkout-service keeps restarting in prod-eu-west';
    const { startInvestigation } = await renderForm({}, [
      `/investigate?description=${encodeURIComponent(description)}`,
    ]);
    await clustersLoaded();
    const field = screen.getByRole('textbox', { name: 'What is happening?' });
    expect(field).toHaveValue(description);
    expect(field).toHaveFocus();
    expect(status()).toHaveTextContent(
      'Cluster: prod-eu-west — named in your description',
    );
    expect(startInvestigation).not.toHaveBeenCalled();
    await user.type(field, ' since noon');
    await user.click(investigate());
    await waitFor(() =>
      expect(startInvestigation).toHaveBeenCalledWith({
        cluster: 'prod-eu-west',
        message: `${description} since noon`,
      }),
    );
  });

  it("takes a prefilled cluster as the operator's choice", async () => {
    const user = userEvent.setup({ delay: null });
    const { startInvestigation } = await renderForm({}, [
      '/investigate?description=Investigate+checkout-service+in+prod-us-east%3A+&cluster=staging-eu',
    ]);
    await clustersLoaded();
    expect(status()).toHaveTextContent('Cluster: staging-eu — chosen by you');
    expect(screen.getByRole('combobox', { name: /Cluster/ })).toHaveTextContent(
      'Staging EU (staging-eu)',
    );
    expect(startInvestigation).not.toHaveBeenCalled();
    await user.click(investigate());
    await waitFor(() =>
      expect(startInvestigation).toHaveBeenCalledWith({
        cluster: 'staging-eu',
        message: 'Investigate checkout-service in prod-us-east:',
      }),
    );
  });
});
