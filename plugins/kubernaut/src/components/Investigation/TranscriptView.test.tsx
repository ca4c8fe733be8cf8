import { renderInTestApp } from '@backstage/test-utils';
import { act, fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { VirtuosoMockContext } from 'react-virtuoso';
import type { TranscriptItem } from '../../transcript/transcript';
import { TranscriptView } from './TranscriptView';

// Counts the markdown each agent message renders, to see which items render again.
const markdownRenders: string[] = [];
jest.mock('../shared/SafeMarkdown', () => ({
  SafeMarkdown: (props: { content: string }) => {
    markdownRenders.push(props.content);
    return <p>{props.content}</p>;
  },
}));

/**
 * jsdom has no layout, so Virtuoso would measure a viewport of 0 px and render nothing: its mock
 * context gives the viewport and every item a size, as its documentation suggests for tests.
 */
const VIEWPORT = { viewportHeight: 600, itemHeight: 50 };

function View(props: {
  items: TranscriptItem[];
  working?: boolean;
  live?: boolean;
}) {
  return (
    <VirtuosoMockContext.Provider value={VIEWPORT}>
      <TranscriptView
        items={props.items}
        live={props.live ?? true}
        working={props.working ?? false}
      />
    </VirtuosoMockContext.Provider>
  );
}

type ViewProps = Parameters<typeof View>[0];

/**
 * Renders the view as the investigation panel does: empty while the stream connects, then with
 * the items it brought. Returns a function that updates the props in place, as the stream does.
 */
async function renderView(first: ViewProps) {
  let update: (next: ViewProps) => void = () => {};
  function Harness() {
    const [props, setProps] = useState<ViewProps>({ ...first, items: [] });
    update = setProps;
    return <View {...props} />;
  }
  await renderInTestApp(<Harness />);
  const rerender = (next: ViewProps) => act(() => update(next));
  rerender(first);
  return rerender;
}

const agent = (n: number, text = `message ${n}`): TranscriptItem => ({
  kind: 'agent',
  key: String(n),
  text,
});
const conversation = (count: number) =>
  Array.from({ length: count }, (_, i) => agent(i + 1));

describe('TranscriptView', () => {
  beforeEach(() => {
    markdownRenders.length = 0;
  });

  it('is a polite live log named for assistive technology and the browser tests', async () => {
    await renderView({
      items: [
        { kind: 'user', key: '1', user: 'user:default/ana', text: 'Why?' },
        agent(2, 'Because the cache is unbounded.'),
      ],
    });
    const log = screen.getByRole('log', { name: 'Investigation transcript' });
    expect(log).toHaveAttribute('aria-live', 'polite');
    expect(log).toHaveTextContent('ana');
    expect(log).toHaveTextContent('Because the cache is unbounded.');
  });

  it('shows that Kubernaut is working below the newest message', async () => {
    await renderView({ items: [agent(1)], working: true });
    const log = screen.getByRole('log', { name: 'Investigation transcript' });
    expect(log).toHaveTextContent(/message 1\s*Kubernaut is working…$/);
  });

  it('puts only the messages in view into the page, however long the conversation', async () => {
    await renderView({ items: conversation(5_000) });
    const rendered = screen.getAllByText(/^message \d+$/);
    // 600 px of 50 px rows, and the 400 px rendered ahead either side: a few dozen, not 5,000.
    expect(rendered.length).toBeGreaterThan(5);
    expect(rendered.length).toBeLessThan(50);
  });

  it('renders again only the message that grew', async () => {
    const items = conversation(3);
    const update = await renderView({ items });
    expect(markdownRenders).toEqual(['message 1', 'message 2', 'message 3']);
    markdownRenders.length = 0;
    // As foldEvents does: the grown item is a new object, the others keep their identity.
    update({ items: [...items.slice(0, 2), agent(3, 'message 3, and more')] });
    expect(markdownRenders).toEqual(['message 3, and more']);
  });

  describe('when the reader has scrolled up', () => {
    /** jsdom has no layout: says where the reader is, and that they scrolled there. */
    const scrollTo = (log: HTMLElement, scrollTop: number) => {
      Object.defineProperties(log, {
        scrollHeight: { configurable: true, value: 5_000 },
        clientHeight: { configurable: true, value: 600 },
        offsetHeight: { configurable: true, value: 600 },
        scrollTop: { configurable: true, writable: true, value: scrollTop },
      });
      fireEvent.scroll(log);
    };
    const scrollUp = () => {
      const log = screen.getByRole('log', { name: 'Investigation transcript' });
      scrollTo(log, 4_400);
      scrollTo(log, 1_000);
      return log;
    };

    beforeEach(() => {
      // Virtuoso scrolls with Element.scrollTo, which jsdom lacks.
      Element.prototype.scrollTo = jest.fn();
    });

    it('offers to jump to the latest once something new arrives, and jumps there', async () => {
      const items = conversation(200);
      const update = await renderView({ items });
      const log = scrollUp();
      expect(
        screen.queryByRole('button', { name: 'Jump to latest' }),
      ).not.toBeInTheDocument();

      update({ items: [...items, agent(201)] });
      const jump = screen.getByRole('button', { name: 'Jump to latest' });
      await userEvent.click(jump);
      expect(log.scrollTo).toHaveBeenCalled();
      expect(
        screen.queryByRole('button', { name: 'Jump to latest' }),
      ).not.toBeInTheDocument();
    });

    it('counts a message that grew as something new', async () => {
      const items = conversation(200);
      const update = await renderView({ items });
      scrollUp();
      update({ items: [...items.slice(0, 199), agent(200, 'message 200…')] });
      expect(
        screen.getByRole('button', { name: 'Jump to latest' }),
      ).toBeInTheDocument();
    });

    it('keeps following when a scroll down falls short of the bottom', async () => {
      const items = conversation(200);
      const update = await renderView({ items });
      // Not the reader: they scroll up. Virtuoso's scroll to the newest item can land short of
      // the bottom when sizes change meanwhile.
      scrollTo(
        screen.getByRole('log', { name: 'Investigation transcript' }),
        3_000,
      );
      update({ items: [...items, agent(201)] });
      expect(
        screen.queryByRole('button', { name: 'Jump to latest' }),
      ).not.toBeInTheDocument();
    });

    it('hides the button when the reader scrolls back down themselves', async () => {
      const items = conversation(200);
      const update = await renderView({ items });
      const log = scrollUp();
      update({ items: [...items, agent(201)] });
      expect(
        screen.getByRole('button', { name: 'Jump to latest' }),
      ).toBeInTheDocument();
      scrollTo(log, 4_400);
      expect(
        screen.queryByRole('button', { name: 'Jump to latest' }),
      ).not.toBeInTheDocument();
    });
  });
});
