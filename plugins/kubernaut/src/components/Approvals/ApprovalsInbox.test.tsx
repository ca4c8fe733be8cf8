import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { ApprovalListItem } from '@kubernaut/plugin-kubernaut-common';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { kubernautApiRef, type KubernautApi } from '../../api';
import {
  fakeKubernautApi,
  sampleCluster,
  sampleDetail,
  sampleRow,
} from '../../__testUtils__/fakeKubernautApi';
import { rootRouteRef } from '../../routes';
import { ApprovalsInbox } from './ApprovalsInbox';
import { APPROVAL_PAGE_SIZE } from './useApprovalPages';

function approval(remediation: string, target: string): ApprovalListItem {
  return {
    ...sampleDetail.approvalRequest!,
    name: `rar-${remediation}`,
    remediation,
    signalName: sampleRow.signalName,
    target: { ...sampleRow.target, name: target },
    severity: sampleRow.severity,
    workflow: 'rollback-config-v1',
  };
}

async function renderInbox(listApprovals: KubernautApi['listApprovals']) {
  const api = fakeKubernautApi({ listApprovals });
  await renderInTestApp(
    <TestApiProvider apis={[[kubernautApiRef, api]]}>
      <QueryClientProvider
        client={
          new QueryClient({ defaultOptions: { queries: { retry: false } } })
        }
      >
        <ApprovalsInbox />
      </QueryClientProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/kubernaut': rootRouteRef } },
  );
}

describe('ApprovalsInbox', () => {
  it('asks for pending approvals a page at a time and loads the next on request', async () => {
    const listApprovals = jest.fn<
      ReturnType<KubernautApi['listApprovals']>,
      Parameters<KubernautApi['listApprovals']>
    >(async request =>
      request?.cursor === 'page-2'
        ? {
            items: [approval('rr-2', 'cart')],
            totalCount: 2,
            clusters: [sampleCluster],
          }
        : {
            items: [approval('rr-1', 'checkout')],
            nextCursor: 'page-2',
            totalCount: 2,
            clusters: [sampleCluster],
          },
    );
    await renderInbox(listApprovals);

    const list = await screen.findByRole('list', { name: 'Pending approvals' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByText('1 of 2 shown')).toBeInTheDocument();
    expect(listApprovals).toHaveBeenCalledWith(
      { state: 'pending', limit: APPROVAL_PAGE_SIZE, cursor: undefined },
      expect.anything(),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    expect(
      await within(list).findByText(/on demo\/Deployment\/cart/),
    ).toBeInTheDocument();
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);
    expect(listApprovals).toHaveBeenLastCalledWith(
      { state: 'pending', limit: APPROVAL_PAGE_SIZE, cursor: 'page-2' },
      expect.anything(),
    );
    expect(
      screen.queryByRole('button', { name: 'Load more' }),
    ).not.toBeInTheDocument();
  });

  it('says so when nothing waits', async () => {
    await renderInbox(async () => ({
      items: [],
      totalCount: 0,
      clusters: [sampleCluster],
    }));
    expect(
      await screen.findByText(/No approval requests are waiting/),
    ).toBeInTheDocument();
  });
});
