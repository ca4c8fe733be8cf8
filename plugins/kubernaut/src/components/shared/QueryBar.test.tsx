import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { kubernautApiRef } from '../../api';
import { fakeKubernautApi } from '../../__testUtils__/fakeKubernautApi';
import { investigationRequest, QueryBar } from './QueryBar';

async function renderBar(
  props: { onInvestigate?(description: string): void } = {},
) {
  const onChange = jest.fn();
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false } },
  });
  await renderInTestApp(
    <TestApiProvider apis={[[kubernautApiRef, fakeKubernautApi()]]}>
      <QueryClientProvider client={queryClient}>
        <QueryBar
          value=""
          onChange={onChange}
          scope="fleet"
          label="Ask about the fleet"
          placeholder="critical alerts"
          {...props}
        />
      </QueryClientProvider>
    </TestApiProvider>,
  );
  return {
    onChange,
    input: screen.getByRole('textbox', { name: 'Ask about the fleet' }),
  };
}

describe('investigationRequest', () => {
  it.each([
    [
      'investigate checkout-service keeps restarting',
      'checkout-service keeps restarting',
    ],
    ['  Investigate   slow payments  ', 'slow payments'],
    ['INVESTIGATE x', 'x'],
  ])('reads %j as an investigation of %j', (text, rest) =>
    expect(investigationRequest(text)).toBe(rest),
  );

  it.each([
    'why is checkout-service restarting',
    'investigate',
    'investigate   ',
    'investigated alerts in prod',
    'please investigate checkout',
    'critical alerts in prod-eu-west',
  ])('leaves %j a filter', text =>
    expect(investigationRequest(text)).toBeUndefined(),
  );
});

describe('QueryBar', () => {
  it('starts an investigation on Enter when the text says "investigate …"', async () => {
    const user = userEvent.setup({ delay: null });
    const onInvestigate = jest.fn();
    const { input, onChange } = await renderBar({ onInvestigate });
    await user.type(input, 'Investigate checkout-service keeps restarting');
    expect(screen.getByRole('status')).toHaveTextContent(
      'Enter starts an investigation of: “checkout-service keeps restarting”',
    );
    await user.keyboard('{Enter}');
    expect(onInvestigate).toHaveBeenCalledWith(
      'checkout-service keeps restarting',
    );
    expect(onChange).not.toHaveBeenCalled();
  });

  it('filters a question that does not say "investigate"', async () => {
    const user = userEvent.setup({ delay: null });
    const onInvestigate = jest.fn();
    const { input, onChange } = await renderBar({ onInvestigate });
    await user.type(input, 'why is checkout-service restarting{Enter}');
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    expect(onChange).toHaveBeenCalledWith('why is checkout-service restarting');
    expect(onInvestigate).not.toHaveBeenCalled();
  });

  it('stays a filter where investigations are not offered', async () => {
    const user = userEvent.setup({ delay: null });
    const { input, onChange } = await renderBar();
    await user.type(input, 'investigate checkout{Enter}');
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    expect(onChange).toHaveBeenCalledWith('investigate checkout');
  });
});
