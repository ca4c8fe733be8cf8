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
  InvestigationFeedbackRequest,
  InvestigationRecord,
  RootCauseAnalysis,
  TranscriptEventBody,
} from '@kubernaut/plugin-kubernaut-common';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { VirtuosoMockContext } from 'react-virtuoso';
import { kubernautApiRef, type KubernautApi } from '../../../api';
import { rootRouteRef } from '../../../routes';
import { fakeKubernautApi } from '../../../__testUtils__/fakeKubernautApi';
import { KubernautQueryProvider } from '../../KubernautQueryProvider';
import { InvestigationPanel } from '../InvestigationPanel';

const ID = '11111111-1111-4111-8111-111111111111';

const rca: RootCauseAnalysis = {
  summary: 'A config reload enabled an **unbounded** cache',
  rootCause: 'Unbounded cache',
  causalChain: ['reload', 'cache grows'],
  contributingFactors: [],
  evidence: ['heap dump'],
  affectedComponents: [],
  options: [
    {
      workflowId: 'rollback-config-v1',
      name: 'rollback-config',
      recommended: true,
      parameters: {},
    },
  ],
};

const bodies: TranscriptEventBody[] = [
  {
    type: 'user-message',
    payload: { user: 'user:default/alice', text: 'Why is checkout slow?' },
  },
  { type: 'analysis', payload: { rca } },
  { type: 'tool-call', payload: { tool: 'kubectl_top', args: '{"pod":"c1"}' } },
  {
    type: 'tool-result',
    payload: { tool: 'kubectl_top', result: 'c1 980Mi' },
  },
  {
    type: 'answer',
    payload: { text: 'Roll **back** the config.', append: false },
  },
];

function events(): InvestigationEvent[] {
  return bodies.map((body, i) => ({
    ...body,
    seq: i + 1,
    createdAt: '2026-12-02T10:00:00Z',
  }));
}

async function renderPanel(api: Partial<KubernautApi> = {}) {
  const record: InvestigationRecord = {
    id: ID,
    cluster: 'prod-us-east',
    remediation: 'rr-checkout-1',
    status: 'running',
    createdBy: 'user:default/alice',
    createdAt: '2026-12-02T10:00:00Z',
    updatedAt: '2026-12-02T10:00:00Z',
  };
  const fake = fakeKubernautApi({
    streamInvestigation: async (_id, _after, handlers, requestOptions) => {
      handlers.onRecord?.(record);
      for (const event of events()) handlers.onEvent(event);
      await new Promise<void>(resolve =>
        requestOptions?.signal?.addEventListener('abort', () => resolve()),
      );
      return undefined;
    },
    ...api,
  });
  const identity = {
    getBackstageIdentity: async () => ({
      type: 'user' as const,
      userEntityRef: 'user:default/alice',
      ownershipEntityRefs: [],
    }),
    getProfileInfo: async () => ({}),
    getCredentials: async () => ({}),
    signOut: async () => undefined,
  };
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [kubernautApiRef, fake],
        [identityApiRef, identity],
        [permissionApiRef, new MockPermissionApi(() => AuthorizeResult.ALLOW)],
      ]}
    >
      <KubernautQueryProvider>
        <VirtuosoMockContext.Provider
          value={{ viewportHeight: 4000, itemHeight: 100 }}
        >
          <InvestigationPanel id={ID} />
        </VirtuosoMockContext.Provider>
      </KubernautQueryProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/kubernaut': rootRouteRef } },
  );
  await screen.findByRole('button', { name: 'Copy answer' });
}

describe('transcript tools in the investigation panel', () => {
  const writeText = jest.fn(async (_text: string) => undefined);
  beforeAll(() => {
    Element.prototype.scrollTo ??= jest.fn();
  });
  beforeEach(() => {
    writeText.mockClear();
    Object.defineProperty(navigator, 'clipboard', {
      value: { writeText },
      configurable: true,
    });
  });

  it('copies messages, answers, tool output and the RCA as plain Markdown', async () => {
    await renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Copy answer' }));
    await waitFor(() =>
      expect(writeText).toHaveBeenLastCalledWith('Roll **back** the config.'),
    );
    expect(await screen.findByText('Copied')).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Copy message' }));
    await waitFor(() =>
      expect(writeText).toHaveBeenLastCalledWith('Why is checkout slow?'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Copy tool output' }));
    await waitFor(() => expect(writeText).toHaveBeenLastCalledWith('c1 980Mi'));
    fireEvent.click(
      screen.getByRole('button', { name: 'Copy tool arguments' }),
    );
    await waitFor(() =>
      expect(writeText).toHaveBeenLastCalledWith('{"pod":"c1"}'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Copy analysis' }));
    await waitFor(() =>
      expect(writeText).toHaveBeenLastCalledWith(
        expect.stringContaining(
          '**Root cause:** Unbounded cache\n\nA config reload enabled an **unbounded** cache',
        ),
      ),
    );
  });

  it('rates the RCA with a reason, and an answer', async () => {
    const sent: InvestigationFeedbackRequest[] = [];
    await renderPanel({
      sendInvestigationFeedback: async (id, feedback) => {
        expect(id).toBe(ID);
        sent.push(feedback);
        return {
          ...feedback,
          investigationId: id,
          user: 'user:default/alice',
          createdAt: '2026-12-02T10:00:00Z',
        };
      },
    });
    const down = screen.getByRole('button', {
      name: 'Rate this analysis not helpful',
    });
    fireEvent.click(down);
    await waitFor(() =>
      expect(sent).toEqual([
        {
          target: 'rca',
          itemKey: '2',
          rating: 'down',
          reason: undefined,
          workflowId: 'rollback-config-v1',
        },
      ]),
    );
    expect(
      screen.getByRole('button', { name: 'Rate this analysis not helpful' }),
    ).toHaveAttribute('aria-pressed', 'true');
    fireEvent.change(
      screen.getByRole('textbox', {
        name: 'Why you rated this analysis so (optional)',
      }),
      { target: { value: 'It was the node' } },
    );
    fireEvent.click(screen.getByRole('button', { name: 'Send reason' }));
    await waitFor(() =>
      expect(sent[1]).toEqual(
        expect.objectContaining({ rating: 'down', reason: 'It was the node' }),
      ),
    );

    fireEvent.click(
      screen.getByRole('button', { name: 'Rate this answer helpful' }),
    );
    await waitFor(() =>
      expect(sent[2]).toEqual(
        expect.objectContaining({
          target: 'answer',
          itemKey: '5',
          rating: 'up',
        }),
      ),
    );
    expect(
      (await screen.findAllByText('Thanks for the feedback')).length,
    ).toBeGreaterThan(0);
  });

  it('shows the feedback already given', async () => {
    await renderPanel({
      getInvestigationFeedback: async () => ({
        items: [
          {
            investigationId: ID,
            target: 'answer',
            itemKey: '5',
            user: 'user:default/alice',
            rating: 'up',
            createdAt: '2026-12-02T10:00:00Z',
          },
        ],
      }),
    });
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Rate this answer helpful' }),
      ).toHaveAttribute('aria-pressed', 'true'),
    );
  });

  it('exports the investigation as a Markdown file, or copies it', async () => {
    const createObjectURL = jest.fn((_blob: Blob) => 'blob:export');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const names: string[] = [];
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        names.push(this.download);
      });
    await renderPanel();
    fireEvent.click(screen.getByRole('button', { name: 'Export Markdown' }));
    expect(names).toEqual(['investigation-rr-checkout-1.md']);
    const blob = createObjectURL.mock.calls[0][0];
    const text = await blob.text();
    expect(text).toMatch(
      /^# Investigation of rr\\-checkout\\-1 in prod\\-us\\-east\n/,
    );
    expect(text).toContain('## Root cause analysis');
    expect(text).toContain('- **alice** asked:');
    click.mockRestore();

    fireEvent.click(screen.getByRole('button', { name: 'Copy as Markdown' }));
    // The same document, but for the time it was exported.
    const withoutTime = (t: string) => t.replace(/exported \S+/, 'exported');
    await waitFor(() => expect(writeText).toHaveBeenCalled());
    expect(withoutTime(writeText.mock.calls[0][0])).toBe(withoutTime(text));
    expect(
      await screen.findByRole('button', { name: 'Copied' }),
    ).toBeInTheDocument();
  });
});
