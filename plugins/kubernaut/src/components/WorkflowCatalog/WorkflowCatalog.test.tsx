import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { WorkflowRow } from '@kubernaut/plugin-kubernaut-common';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { kubernautApiRef } from '../../api';
import {
  fakeKubernautApi,
  sampleCluster,
} from '../../__testUtils__/fakeKubernautApi';
import { rootRouteRef } from '../../routes';
import { WorkflowCatalog } from './WorkflowCatalog';

const workflow: WorkflowRow = {
  cluster: 'prod-us-east',
  name: 'rollback-config-v1',
  actionType: 'RollbackConfigMap',
  status: 'Active',
  matchCount: 3,
  effectiveness: { score: 0.88, samples: 11 },
};

function Search() {
  return <output aria-label="search">{useLocation().search}</output>;
}

async function renderCatalog() {
  const getWorkflow = jest.fn().mockRejectedValue(new Error('not loaded'));
  const api = fakeKubernautApi({
    listWorkflows: async () => ({
      items: [workflow],
      clusters: [sampleCluster],
    }),
    getWorkflow,
  });
  await renderInTestApp(
    <TestApiProvider apis={[[kubernautApiRef, api]]}>
      <QueryClientProvider
        client={
          new QueryClient({ defaultOptions: { queries: { retry: false } } })
        }
      >
        <WorkflowCatalog />
        <Search />
      </QueryClientProvider>
    </TestApiProvider>,
    {
      routeEntries: ['/kubernaut/workflows?q=rollback'],
      mountedRoutes: { '/kubernaut': rootRouteRef },
    },
  );
  return { getWorkflow };
}

describe('WorkflowCatalog', () => {
  it("opens a workflow's drawer from its name with the keyboard, keeping the search", async () => {
    const { getWorkflow } = await renderCatalog();
    const name = await screen.findByRole('link', {
      name: 'rollback-config-v1',
    });
    name.focus();
    await userEvent.keyboard('{Enter}');

    expect(
      await screen.findByRole('button', { name: 'Close workflow details' }),
    ).toBeInTheDocument();
    expect(getWorkflow).toHaveBeenCalledWith(
      'prod-us-east',
      'rollback-config-v1',
      expect.anything(),
    );
    expect(
      screen.getByRole('status', { name: 'search', hidden: true }),
    ).toHaveTextContent(
      '?q=rollback&workflow=prod-us-east%2Frollback-config-v1',
    );
  });

  it('has no draggable column headers around the sort buttons', async () => {
    await renderCatalog();
    await screen.findByRole('link', { name: 'rollback-config-v1' });
    expect(
      document.querySelectorAll('[data-rbd-drag-handle-draggable-id]'),
    ).toHaveLength(0);
    expect(
      screen.getByRole('button', { name: 'Workflow' }),
    ).toBeInTheDocument();
  });
});
