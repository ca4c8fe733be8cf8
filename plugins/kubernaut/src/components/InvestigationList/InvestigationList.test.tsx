import { ResponseError } from '@backstage/errors';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type {
  InvestigationListRequest,
  InvestigationListResponse,
} from '@kubernaut/plugin-kubernaut-common';
import {
  act,
  renderHook,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router-dom';
import { kubernautApiRef, type KubernautApi } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  fakeKubernautApi,
  sampleCluster,
  sampleInvestigations,
} from '../../__testUtils__/fakeKubernautApi';
import { hookWrapper } from '../../__testUtils__/hookWrapper';
import { KubernautPage } from '../KubernautPage';
import { LIVE_REFRESH_MS, useInvestigationList } from './useInvestigationList';

function Location() {
  const location = useLocation();
  return (
    <div data-testid="location">{location.pathname + location.search}</div>
  );
}

function renderAt(path: string, api: KubernautApi) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [kubernautApiRef, api],
        [permissionApiRef, new MockPermissionApi()],
      ]}
    >
      <Routes>
        <Route
          path="/kubernaut/*"
          element={
            <>
              <KubernautPage />
              <Location />
            </>
          }
        />
      </Routes>
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: { '/kubernaut': rootRouteRef },
    },
  );
}

type ListCall = [InvestigationListRequest, unknown];

/** A listInvestigations that answers `pages` in turn (the last one again) and records calls. */
function listing(...pages: InvestigationListResponse[]) {
  let call = 0;
  return jest.fn(
    async (
      _request: InvestigationListRequest,
    ): Promise<InvestigationListResponse> =>
      pages[Math.min(call++, pages.length - 1)],
  );
}

const table = () => screen.findByRole('table', { name: 'Investigations' });

describe('InvestigationList', () => {
  it('lists who started each, where, about what, how it stands and when it last moved', async () => {
    await renderAt('/kubernaut/investigations', fakeKubernautApi());
    const rows = within(await table()).getAllByTestId('investigation-row');
    expect(rows).toHaveLength(3);

    const [running, ended, watch] = rows;
    expect(within(running).getByText('alice')).toBeInTheDocument();
    expect(within(running).getByText('prod-us-east')).toBeInTheDocument();
    expect(
      within(running).getByRole('link', { name: 'rr-checkout-1' }),
    ).toHaveAttribute(
      'href',
      '/kubernaut/clusters/prod-us-east/remediations/rr-checkout-1',
    );
    expect(within(running).getByText('Running')).toBeInTheDocument();
    expect(
      within(running).getByRole('link', {
        name: 'Why does checkout-service keep restarting?',
      }),
    ).toHaveAttribute(
      'href',
      `/kubernaut/investigations/${sampleInvestigations[0].id}`,
    );
    expect(within(running).getByText('just now')).toBeInTheDocument();
    expect(within(running).getByText('42')).toBeInTheDocument();

    expect(within(ended).getByText('bob')).toBeInTheDocument();
    expect(within(ended).getByText('Completed')).toBeInTheDocument();
    expect(within(ended).getByText('1 h ago')).toBeInTheDocument();
    expect(within(watch).getByText('Interrupted')).toBeInTheDocument();
    expect(
      within(watch).getByRole('link', { name: 'Watch of rr-gateway-7' }),
    ).toBeInTheDocument();

    // The tab next to the other views is the current one.
    expect(
      screen.getByRole('tab', { name: 'Investigations', selected: true }),
    ).toHaveAttribute('href', '/kubernaut/investigations');
    expect(screen.getByRole('status')).toHaveTextContent(
      '3 shown · 1 running, refreshing live',
    );
  });

  it('opens an investigation, running or ended, from anywhere on its row', async () => {
    await renderAt(
      '/kubernaut/investigations',
      fakeKubernautApi({
        streamInvestigation: () => new Promise(() => undefined),
      }),
    );
    const ended = within(await table()).getAllByTestId('investigation-row')[1];
    await userEvent.click(within(ended).getByText('prod-eu-west'));
    expect(screen.getByTestId('location')).toHaveTextContent(
      `/kubernaut/investigations/${sampleInvestigations[1].id}`,
    );
  });

  it('debounces the search, and filters by status, cluster and "mine only" through the address', async () => {
    const list = listing({ items: sampleInvestigations });
    await renderAt(
      '/kubernaut/investigations',
      fakeKubernautApi({ listInvestigations: list }),
    );
    await table();
    expect(list).toHaveBeenCalledTimes(1);
    expect(list.mock.calls[0][0]).toEqual({ limit: 50 });

    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search investigations' }),
      'checkout oom',
    );
    await waitFor(() =>
      expect(list).toHaveBeenLastCalledWith(
        { q: 'checkout oom', limit: 50 },
        expect.anything(),
      ),
    );
    // One request for the words typed, not one per keystroke.
    expect(list).toHaveBeenCalledTimes(2);

    await userEvent.click(screen.getByRole('combobox', { name: /^Status/ }));
    const statuses = await screen.findByRole('listbox');
    await userEvent.click(within(statuses).getByText('Running'));
    await userEvent.click(within(statuses).getByText('Interrupted'));
    await userEvent.keyboard('{Escape}');
    await userEvent.click(screen.getByRole('combobox', { name: /^Cluster/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: sampleCluster.title }),
    );
    await userEvent.click(screen.getByRole('checkbox', { name: 'Mine only' }));
    await waitFor(() =>
      expect(list).toHaveBeenLastCalledWith(
        {
          q: 'checkout oom',
          status: ['running', 'interrupted'],
          cluster: ['prod-us-east'],
          mine: true,
          limit: 50,
        },
        expect.anything(),
      ),
    );
    expect(screen.getByTestId('location')).toHaveTextContent(
      '/kubernaut/investigations?q=checkout+oom&status=running%2Cinterrupted&cluster=prod-us-east&mine=true',
    );
  });

  it('starts from the filters in the address, and offers to clear them when nothing matches', async () => {
    const list = listing({ items: [] }, { items: sampleInvestigations });
    await renderAt(
      '/kubernaut/investigations?q=nothing&status=failed&mine=true',
      fakeKubernautApi({ listInvestigations: list }),
    );
    expect(
      await screen.findByText('No investigations match these filters.'),
    ).toBeInTheDocument();
    expect(list.mock.calls[0][0]).toEqual({
      q: 'nothing',
      status: ['failed'],
      mine: true,
      limit: 50,
    });
    expect(
      screen.getByRole('textbox', { name: 'Search investigations' }),
    ).toHaveValue('nothing');
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    expect(
      within(await table()).getAllByTestId('investigation-row'),
    ).toHaveLength(3);
    expect(list.mock.calls.at(-1)![0]).toEqual({ limit: 50 });
    expect(
      screen.getByRole('textbox', { name: 'Search investigations' }),
    ).toHaveValue('');
  });

  it('says so when there are none yet, and points to where one starts', async () => {
    await renderAt(
      '/kubernaut/investigations',
      fakeKubernautApi({ listInvestigations: listing({ items: [] }) }),
    );
    expect(
      await screen.findByText('No investigations yet.'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Investigate a symptom' }),
    ).toHaveAttribute('href', '/kubernaut/investigate');
  });

  it('shows the backend’s error in place, and tries again on request', async () => {
    const refused = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'InputError', message: 'q: at most 8 words' },
          request: { method: 'GET', url: '/api/kubernaut/investigations' },
          response: { statusCode: 400 },
        }),
        { status: 400, headers: { 'Content-Type': 'application/json' } },
      ),
    );
    let fail = true;
    const list = jest.fn(async () => {
      if (fail) throw refused;
      return { items: sampleInvestigations };
    });
    await renderAt(
      '/kubernaut/investigations',
      fakeKubernautApi({ listInvestigations: list }),
    );
    expect(
      await screen.findByText(/Investigations unavailable/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/at most 8 words/).length).toBeGreaterThan(0);
    fail = false;
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      within(await table()).getAllByTestId('investigation-row'),
    ).toHaveLength(3);
  });

  it('loads the next page with the cursor it was given', async () => {
    const list = jest.fn(async (request: InvestigationListRequest) =>
      request.cursor === 'page-2'
        ? { items: sampleInvestigations.slice(2) }
        : { items: sampleInvestigations.slice(0, 2), nextCursor: 'page-2' },
    );
    await renderAt(
      '/kubernaut/investigations',
      fakeKubernautApi({ listInvestigations: list }),
    );
    expect(
      within(await table()).getAllByTestId('investigation-row'),
    ).toHaveLength(2);
    expect(screen.getByRole('status')).toHaveTextContent('2 shown, more below');
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() =>
      expect(screen.getAllByTestId('investigation-row')).toHaveLength(3),
    );
    expect(list).toHaveBeenLastCalledWith(
      { limit: 50, cursor: 'page-2' },
      expect.anything(),
    );
    expect(
      screen.queryByRole('button', { name: 'Load more' }),
    ).not.toBeInTheDocument();
  });
});

describe('useInvestigationList', () => {
  afterEach(() => jest.useRealTimers());

  it('reads the list again on an interval only while something in it runs', async () => {
    jest.useFakeTimers();
    const ended = sampleInvestigations.slice(1);
    const live = listing({ items: sampleInvestigations }, { items: ended });
    const { result } = renderHook(() => useInvestigationList({}), {
      wrapper: hookWrapper(fakeKubernautApi({ listInvestigations: live })),
    });
    await waitFor(() => expect(result.current.items).toHaveLength(3));
    expect(live).toHaveBeenCalledTimes(1);
    await act(async () => {
      jest.advanceTimersByTime(LIVE_REFRESH_MS + 10);
    });
    await waitFor(() => expect(result.current.items).toHaveLength(2));
    expect(live).toHaveBeenCalledTimes(2);
    // Nothing runs any more: no further reads.
    await act(async () => {
      jest.advanceTimersByTime(LIVE_REFRESH_MS * 3);
    });
    expect(live).toHaveBeenCalledTimes(2);
    expect((live.mock.calls as unknown as ListCall[])[1][0]).toEqual({
      limit: 50,
      cursor: undefined,
    });
  });
});
