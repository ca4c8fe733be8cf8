import { identityApiRef } from '@backstage/core-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  MockPermissionApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import type {
  InvestigationEvent,
  InvestigationRecord,
  RootCauseAnalysis,
  TranscriptEventBody,
} from '@kubernaut/plugin-kubernaut-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { VirtuosoMockContext } from 'react-virtuoso';
import { kubernautApiRef, type KubernautApi } from '../../../api';
import { rootRouteRef } from '../../../routes';
import {
  fakeKubernautApi,
  sampleDetail,
} from '../../../__testUtils__/fakeKubernautApi';
import { KubernautQueryProvider } from '../../KubernautQueryProvider';
import { InvestigationPanel } from '../InvestigationPanel';

const ID = '11111111-1111-4111-8111-111111111111';

const rca: RootCauseAnalysis = {
  summary: 'A config reload enabled an unbounded cache',
  causalChain: [],
  contributingFactors: [],
  evidence: [],
  affectedComponents: [],
  options: [
    {
      workflowId: 'rollback-config-v1',
      name: 'rollback-config',
      recommended: true,
      parameters: { REVISION: 'v42' },
    },
    {
      workflowId: 'restart-pods-v1',
      name: 'restart-pods',
      recommended: false,
      parameters: {},
    },
  ],
};

function events(bodies: TranscriptEventBody[]): InvestigationEvent[] {
  return bodies.map((body, i) => ({
    ...body,
    seq: i + 1,
    createdAt: '2026-12-02T10:00:00Z',
  }));
}

/** A panel on a running remediation whose transcript is `bodies`, viewed by `me`. */
async function renderPanel(options: {
  record: Partial<InvestigationRecord>;
  bodies: TranscriptEventBody[];
  me?: string;
  allowed?: boolean;
  api?: Partial<KubernautApi>;
}) {
  const record: InvestigationRecord = {
    id: ID,
    cluster: 'prod-us-east',
    remediation: 'rr-checkout-1',
    status: 'running',
    createdBy: 'user:default/alice',
    createdAt: '2026-12-02T10:00:00Z',
    updatedAt: '2026-12-02T10:00:00Z',
    ...options.record,
  };
  const api = fakeKubernautApi({
    getRemediation: async () => ({ ...sampleDetail, phase: 'Analyzing' }),
    streamInvestigation: async (_id, _after, handlers, requestOptions) => {
      handlers.onRecord?.(record);
      for (const event of events(options.bodies)) handlers.onEvent(event);
      await new Promise<void>(resolve =>
        requestOptions?.signal?.addEventListener('abort', () => resolve()),
      );
      return undefined;
    },
    ...options.api,
  });
  const identity = {
    getBackstageIdentity: async () => ({
      type: 'user' as const,
      userEntityRef: options.me ?? 'user:default/alice',
      ownershipEntityRefs: [],
    }),
    getProfileInfo: async () => ({}),
    getCredentials: async () => ({}),
    signOut: async () => undefined,
  };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [kubernautApiRef, api],
        [identityApiRef, identity],
        [
          permissionApiRef,
          new MockPermissionApi(() =>
            options.allowed === false
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
          ),
        ],
      ]}
    >
      <KubernautQueryProvider>
        {/* jsdom has no layout: Virtuoso's mock context sizes the transcript's viewport. */}
        <VirtuosoMockContext.Provider
          value={{ viewportHeight: 4000, itemHeight: 100 }}
        >
          <InvestigationPanel id={ID} />
        </VirtuosoMockContext.Provider>
      </KubernautQueryProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/kubernaut': rootRouteRef } },
  );
}

describe('steering from the investigation', () => {
  beforeAll(() => {
    // Virtuoso scrolls with Element.scrollTo, which jsdom lacks.
    Element.prototype.scrollTo ??= jest.fn();
  });

  // internal/kubernautagent/mcp/tools/select_workflow.go: KA takes no parameters of the caller's
  it('runs a workflow the agent offers, after typing the production target', async () => {
    const steer = jest.fn(async () => ({
      user: 'user:default/alice',
      action: 'select-workflow' as const,
      workflowId: 'rollback-config-v1',
      status: 'accepted',
    }));
    await renderPanel({
      record: { contextId: 'c-1', driver: 'user:default/alice' },
      bodies: [
        {
          type: 'user-message',
          payload: { user: 'user:default/alice', text: 'why?' },
        },
        { type: 'analysis', payload: { rca } },
      ],
      api: { steerInvestigation: steer },
    });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Run workflow rollback-config',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Run this workflow',
    });
    expect(dialog).toHaveTextContent(
      'Run rollback-config on demo/Deployment/checkout-service in cluster prod-us-east (production)?',
    );
    const confirm = within(dialog).getByRole('button', {
      name: 'Run this workflow',
    });
    expect(confirm).toBeDisabled();
    expect(within(dialog).getByLabelText('Parameters')).toHaveTextContent(
      'REVISION=v42',
    );
    await userEvent.type(
      within(dialog).getByLabelText('Type checkout-service to confirm'),
      'checkout-service',
    );
    await userEvent.click(confirm);
    await waitFor(() =>
      expect(steer).toHaveBeenCalledWith(ID, {
        action: 'select-workflow',
        workflowId: 'rollback-config-v1',
        parameters: { REVISION: 'v42' },
      }),
    );
  });

  it('escalates only with a reason, and dismisses', async () => {
    const steer = jest.fn(async () => ({
      user: 'user:default/alice',
      action: 'escalate' as const,
    }));
    await renderPanel({
      record: { contextId: 'c-1', driver: 'user:default/alice' },
      bodies: [{ type: 'analysis', payload: { rca } }],
      api: { steerInvestigation: steer },
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Escalate' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Escalate to people',
    });
    await userEvent.type(
      within(dialog).getByLabelText('Type checkout-service to confirm'),
      'checkout-service',
    );
    const confirm = within(dialog).getByRole('button', {
      name: 'Escalate to people',
    });
    expect(confirm).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText(/Reason \(required\)/),
      'DB team: replication lag',
    );
    await userEvent.click(confirm);
    await waitFor(() =>
      expect(steer).toHaveBeenCalledWith(ID, {
        action: 'escalate',
        reason: 'DB team: replication lag',
      }),
    );
  });

  it('takes a watched remediation over with the first message, after a confirmation that says the autonomous run stops', async () => {
    const takeOver = jest.fn(async () => ({} as InvestigationRecord));
    await renderPanel({
      record: { contextId: undefined, driver: undefined },
      bodies: [
        {
          type: 'watching',
          payload: { user: 'user:default/alice', remediation: 'rr-checkout-1' },
        },
        { type: 'analysis', payload: { rca } },
      ],
      api: { takeOverInvestigation: takeOver },
    });
    expect(
      await screen.findByText(/Kubernaut runs this remediation on its own/),
    ).toBeInTheDocument();
    // Watching: the cards say why they cannot run yet.
    expect(
      screen.getAllByRole('button', { name: 'Run this workflow' })[0],
    ).toBeDisabled();
    // The follow-up box mounts after the first paint (AfterPaint).
    await userEvent.type(
      await screen.findByLabelText('Follow-up question'),
      'Hold on, I want to look first{Enter}',
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Take over this remediation',
    });
    expect(dialog).toHaveTextContent(
      'Kubernaut stops its autonomous run of remediation rr-checkout-1',
    );
    await userEvent.type(
      within(dialog).getByLabelText('Type checkout-service to confirm'),
      'checkout-service',
    );
    await userEvent.click(
      within(dialog).getByRole('button', {
        name: 'Take over this remediation',
      }),
    );
    await waitFor(() =>
      expect(takeOver).toHaveBeenCalledWith(
        ID,
        'Hold on, I want to look first',
      ),
    );
  });

  it('says who drives a remediation someone else took over, and offers nothing', async () => {
    await renderPanel({
      record: { contextId: 'c-1', driver: 'user:default/bob' },
      bodies: [
        {
          type: 'taken-over',
          payload: { user: 'user:default/bob', remediation: 'rr-checkout-1' },
        },
        { type: 'analysis', payload: { rca } },
      ],
    });
    expect(
      await screen.findByText('bob drives this remediation.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Take over|Escalate|Dismiss/ }),
    ).toBeNull();
    expect(await screen.findByLabelText('Follow-up question')).toBeDisabled();
  });

  // usePermission caches answers per permission and resource for the module's lifetime: another
  // remediation, so that the DENY is asked.
  it('offers nothing to someone the policy does not let steer', async () => {
    await renderPanel({
      record: { contextId: undefined, remediation: 'rr-checkout-2' },
      bodies: [{ type: 'analysis', payload: { rca } }],
      allowed: false,
    });
    await screen.findAllByRole('button', { name: 'Run this workflow' });
    expect(screen.queryByRole('button', { name: 'Take over' })).toBeNull();
  });
});
