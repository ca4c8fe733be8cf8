import { ResponseError } from '@backstage/errors';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import { kubernautApiRef, type KubernautApi } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  fakeKubernautApi,
  sampleCluster,
  sampleDetail,
} from '../../__testUtils__/fakeKubernautApi';
import { KubernautPage } from './KubernautPage';

function renderAt(
  path: string,
  api: KubernautApi,
  permission = new MockPermissionApi(),
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [kubernautApiRef, api],
        [permissionApiRef, permission],
      ]}
    >
      <Routes>
        <Route path="/kubernaut/*" element={<KubernautPage />} />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: { '/kubernaut': rootRouteRef },
    },
  );
}

async function errorOf(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        request: { method: 'GET', url: '/api/kubernaut' },
        response: { statusCode: status },
      }),
      { status, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

describe('KubernautPage', () => {
  it('shows the fleet: KPIs, cluster health and the remediation rows', async () => {
    await renderAt('/kubernaut', fakeKubernautApi());
    // The rows and the fleet figures are two queries whose results react-query delivers on
    // separate timer ticks: wait for each, never assume one arrived with the other.
    expect(await screen.findByText('KubePodCrashLooping')).toBeInTheDocument();
    expect(await screen.findByText('1 matching')).toBeInTheDocument();
    const figures = screen.getByRole('region', { name: 'Key figures' });
    expect(await within(figures).findByText('93%')).toBeInTheDocument();
    expect(within(figures).getByText('5 m 12 s')).toBeInTheDocument();
    expect(await screen.findByText('Production US East')).toBeInTheDocument();
  });

  it('names an unreachable cluster in place and still shows the rest', async () => {
    const down = {
      ...sampleCluster,
      name: 'prod-eu-west',
      title: 'EU',
      status: 'unreachable' as const,
      lastError: 'connect ECONNREFUSED',
    };
    const api = fakeKubernautApi();
    await renderAt(
      '/kubernaut',
      fakeKubernautApi({
        listRemediations: async r => ({
          ...(await api.listRemediations(r)),
          clusters: [sampleCluster, down],
        }),
        getFleetSummary: async r => ({
          ...(await api.getFleetSummary(r)),
          clusters: [sampleCluster, down],
        }),
      }),
    );
    expect(await screen.findByText(/is unreachable/)).toBeInTheDocument();
    expect(
      await screen.findByText(/ECONNREFUSED/, { selector: 'div' }),
    ).toBeInTheDocument();
    expect(await screen.findByText('KubePodCrashLooping')).toBeInTheDocument();
  });

  it('shows the backend error in place when the backend refuses', async () => {
    const refused = await errorOf(403, 'no access to kubernaut');
    await renderAt(
      '/kubernaut',
      fakeKubernautApi({
        listRemediations: () => Promise.reject(refused),
        getFleetSummary: () => Promise.reject(refused),
      }),
    );
    expect(
      await screen.findByText(/Remediations unavailable/),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/no access to kubernaut/).length,
    ).toBeGreaterThan(0);
  });

  it('says so when nothing matches', async () => {
    await renderAt(
      '/kubernaut',
      fakeKubernautApi({
        listRemediations: async () => ({
          items: [],
          totalCount: 0,
          clusters: [sampleCluster],
        }),
      }),
    );
    expect(
      await screen.findByText('No remediations match this view.'),
    ).toBeInTheDocument();
  });

  it('lists pending approvals with a countdown and a way to review', async () => {
    await renderAt('/kubernaut/approvals', fakeKubernautApi());
    const list = await screen.findByRole('list', { name: 'Pending approvals' });
    expect(
      within(list).getByText(
        'rollback-config-v1 on demo/Deployment/checkout-service',
      ),
    ).toBeInTheDocument();
    expect(within(list).getByRole('timer')).toHaveTextContent(/left/);
    expect(within(list).getByRole('link', { name: 'Review' })).toHaveAttribute(
      'href',
      '/kubernaut/clusters/prod-us-east/remediations/rr-checkout-1?tab=approval',
    );
  });

  it('rejects with a reason after the production confirmation, and explains a 409', async () => {
    const decide = jest.fn(() =>
      errorOf(409, 'rar-rr-checkout-1 was already approved by bob').then(e =>
        Promise.reject(e),
      ),
    );
    await renderAt(
      '/kubernaut/clusters/prod-us-east/remediations/rr-checkout-1?tab=approval',
      fakeKubernautApi({ decide }),
    );
    const reject = await screen.findByRole('button', { name: 'Reject' });
    await waitFor(() => expect(reject).toBeEnabled());
    await userEvent.click(reject);
    const dialog = await screen.findByRole('dialog');
    const confirm = within(dialog).getByRole('button', {
      name: 'Reject remediation',
    });
    expect(confirm).toBeDisabled();
    // Pasted: the reason is a multiline field that MUI measures on every change, and jsdom's
    // getComputedStyle makes each keystroke there cost ~150 ms on a busy machine.
    await userEvent.click(within(dialog).getByLabelText(/Reason/));
    await userEvent.paste('the cache change was approved');
    expect(confirm).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText(/Type checkout-service/),
      'checkout-service',
    );
    await userEvent.click(confirm);
    await waitFor(() =>
      expect(decide).toHaveBeenCalledWith('prod-us-east', 'rar-rr-checkout-1', {
        decision: 'Rejected',
        reason: 'the cache change was approved',
        resourceVersion: '7',
      }),
    );
    expect(
      await screen.findByText(
        /already approved by bob.*Someone else may have decided first/,
      ),
    ).toBeInTheDocument();
  });

  // usePermission caches answers per permission and resource for the module's lifetime, so
  // this test decides on a remediation of its own.
  it('disables decisions, with the reason, for someone without the permission', async () => {
    await renderAt(
      '/kubernaut/clusters/prod-us-east/remediations/rr-checkout-2?tab=approval',
      fakeKubernautApi({
        getRemediation: async () => ({
          ...sampleDetail,
          name: 'rr-checkout-2',
        }),
      }),
      new MockPermissionApi(() => AuthorizeResult.DENY),
    );
    expect(
      await screen.findByText('Approval request rar-rr-checkout-1'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/You do not have kubernaut.approval.decide/, {
        selector: 'p',
      }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Approve' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Reject' })).toBeDisabled();
  });
});
