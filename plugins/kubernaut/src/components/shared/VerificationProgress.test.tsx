import { renderInTestApp } from '@backstage/test-utils';
import { act, screen } from '@testing-library/react';
import { VerificationProgress, verificationOf } from './VerificationProgress';

describe('VerificationProgress', () => {
  afterEach(() => jest.useRealTimers());

  it('counts down the stabilization window live, then says it elapsed', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-12-02T10:00:00Z') });
    await renderInTestApp(
      <VerificationProgress
        state={{
          phase: 'Stabilizing',
          stabilizationDeadline: '2026-12-02T10:00:05Z',
          steps: [],
        }}
      />,
    );
    expect(screen.getByRole('timer')).toHaveTextContent(
      'Stabilizing: assessment in 5 s',
    );
    act(() => {
      jest.advanceTimersByTime(2000);
    });
    expect(screen.getByRole('timer')).toHaveTextContent('assessment in 3 s');
    act(() => {
      jest.advanceTimersByTime(4000);
    });
    expect(screen.getByRole('timer')).toHaveTextContent(
      'Stabilization window elapsed',
    );
  });

  it('shows the components assessed so far and the effectiveness result', async () => {
    await renderInTestApp(
      <VerificationProgress
        state={verificationOf({
          name: 'ea-rr-1',
          phase: 'Completed',
          assessmentReason: 'Partial',
          healthScore: 1,
          alertScore: 0,
          assessed: { health: true, alert: true, metrics: false },
          score: 0.4 / 0.75,
        })}
      />,
    );
    expect(screen.queryByRole('timer')).toBeNull();
    expect(
      screen.getByText('Health assessed · score 1.00'),
    ).toBeInTheDocument();
    expect(screen.getByText('Metrics: waiting')).toBeInTheDocument();
    expect(screen.getByLabelText('Verification')).toHaveTextContent(
      'Effectiveness (Partial)',
    );
    expect(screen.getByText('53%')).toBeInTheDocument();
  });
});
