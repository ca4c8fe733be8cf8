import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { kubernautApiRef } from '../../../api';
import { fakeKubernautApi } from '../../../__testUtils__/fakeKubernautApi';
import { KubernautQueryProvider } from '../../KubernautQueryProvider';
import { WorkflowFeedback } from './WorkflowFeedback';

async function renderLine(ids: Array<string | undefined>) {
  const api = fakeKubernautApi({
    getWorkflowFeedback: async () => ({
      items: [
        { workflowId: 'restart-pods', up: 3, down: 1 },
        { workflowId: 'restart-pods-v1', up: 1, down: 0 },
        { workflowId: 'other', up: 9, down: 9 },
      ],
    }),
  });
  await renderInTestApp(
    <TestApiProvider apis={[[kubernautApiRef, api]]}>
      <KubernautQueryProvider>
        <WorkflowFeedback ids={ids} />
        <p>rendered</p>
      </KubernautQueryProvider>
    </TestApiProvider>,
  );
}

describe('WorkflowFeedback', () => {
  it('sums the RCA feedback on a workflow, by id and name', async () => {
    await renderLine(['restart-pods-v1', 'restart-pods']);
    expect(
      await screen.findByLabelText('RCA feedback: 4 helpful, 1 not helpful'),
    ).toHaveTextContent('RCA feedback 👍 4 / 👎 1');
  });

  it('shows nothing for a workflow nobody rated', async () => {
    await renderLine(['scale-up', undefined]);
    await screen.findByText('rendered');
    expect(screen.queryByText(/RCA feedback/)).not.toBeInTheDocument();
  });
});
