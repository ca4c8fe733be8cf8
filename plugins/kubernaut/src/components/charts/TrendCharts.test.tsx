import type { FleetSummary } from '@kubernaut/plugin-kubernaut-common';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import TrendCharts from './TrendCharts';

const figures = {
  activeInvestigations: 0,
  awaitingApproval: 0,
  resolved: 0,
  failed: 0,
  criticalAlerts: 0,
};
const at = (hour: number) =>
  `2026-12-02T${String(hour).padStart(2, '0')}:00:00Z`;
const trend = [
  { start: at(8), resolved: 4, failed: 1 },
  { start: at(9), resolved: 2, failed: 3 },
];
const byCluster: FleetSummary['byCluster'] = [
  {
    cluster: 'prod-us-east',
    figures,
    trend: [
      { start: at(8), resolved: 3, failed: 0 },
      { start: at(9), resolved: 0, failed: 3 },
    ],
  },
  {
    cluster: 'staging',
    figures,
    trend: [
      { start: at(8), resolved: 1, failed: 1 },
      { start: at(9), resolved: 2, failed: 0 },
    ],
  },
];

describe('TrendCharts', () => {
  it('breaks the outcomes down by cluster on request, naming what each view shows', async () => {
    await renderInTestApp(<TrendCharts trend={trend} byCluster={byCluster} />);
    expect(
      screen.getByRole('img', { name: /: 6 resolved, 4 failed\.$/ }),
    ).toBeInTheDocument();
    const fleet = screen.getByRole('button', { name: 'All clusters' });
    expect(fleet).toHaveAttribute('aria-pressed', 'true');

    await userEvent.click(
      screen.getByRole('button', { name: 'Failed by cluster' }),
    );
    expect(
      screen.getByRole('img', {
        name: /^Failed by cluster from .+: prod-us-east 3, staging 1\.$/,
      }),
    ).toBeInTheDocument();
    expect(fleet).toHaveAttribute('aria-pressed', 'false');

    await userEvent.click(
      screen.getByRole('button', { name: 'Resolved by cluster' }),
    );
    expect(
      screen.getByRole('img', {
        name: /^Resolved by cluster from .+: prod-us-east 3, staging 3\.$/,
      }),
    ).toBeInTheDocument();
  });

  it('offers no breakdown when the server sent fleet totals only', async () => {
    await renderInTestApp(
      <TrendCharts
        trend={trend}
        byCluster={byCluster.map(({ trend: _trend, ...rest }) => rest)}
      />,
    );
    expect(
      screen.getByRole('img', { name: /: 6 resolved, 4 failed\.$/ }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('group', { name: 'Outcomes breakdown' }),
    ).not.toBeInTheDocument();
  });
});
