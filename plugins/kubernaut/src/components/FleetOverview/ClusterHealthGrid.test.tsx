import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { sampleCluster } from '../../__testUtils__/fakeKubernautApi';
import { ClusterHealthGrid } from './ClusterHealthGrid';

describe('ClusterHealthGrid', () => {
  it('filters to a cluster from its button, whose name contains what it shows', async () => {
    const onSelect = jest.fn();
    await renderInTestApp(
      <ClusterHealthGrid
        clusters={[sampleCluster]}
        figures={new Map()}
        onSelect={onSelect}
      />,
    );
    const show = screen.getByRole('button', {
      name: `Show remediations in ${sampleCluster.name}`,
    });
    // Speech input users say what they see: the visible label is part of the name.
    expect(show).toHaveTextContent('Show remediations');
    expect(screen.getAllByRole('button')).toHaveLength(1);

    show.focus();
    await userEvent.keyboard('{Enter}');
    expect(onSelect).toHaveBeenCalledWith(sampleCluster.name);
  });
});
