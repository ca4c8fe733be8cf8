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

async function renderCatalog(items: WorkflowRow[] = [workflow]) {
  const getWorkflow = jest.fn().mockRejectedValue(new Error('not loaded'));
  const listWorkflows = jest.fn(async () => ({
    items,
    clusters: [sampleCluster],
  }));
  const api = fakeKubernautApi({ listWorkflows, getWorkflow });
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
  return { getWorkflow, listWorkflows };
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

  it('compares the workflows the search found by effectiveness, with their matches', async () => {
    const { listWorkflows } = await renderCatalog([
      {
        ...workflow,
        name: 'restart-pods-v1',
        matchCount: 7,
        effectiveness: { score: 0.5, samples: 2 },
      },
      workflow,
      { ...workflow, name: 'drain-node-v1', effectiveness: undefined },
    ]);
    expect(
      await screen.findByRole('img', {
        name: 'Workflow effectiveness, highest first: rollback-config-v1 88% over 11 assessments, 3 matches; restart-pods-v1 50% over 2 assessments, 7 matches. 1 not yet assessed.',
      }),
    ).toBeInTheDocument();
    expect(listWorkflows).toHaveBeenCalledWith(
      { q: 'rollback' },
      expect.anything(),
    );
  });

  it('shows no comparison while no workflow found is assessed', async () => {
    await renderCatalog([{ ...workflow, effectiveness: undefined }]);
    await screen.findByRole('link', { name: 'rollback-config-v1' });
    expect(
      screen.queryByRole('img', { name: /^Workflow effectiveness/ }),
    ).not.toBeInTheDocument();
  });
});
