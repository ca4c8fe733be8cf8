import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import ArrowDownward from '@mui/icons-material/ArrowDownward';
import { useCallback, useMemo, useRef, useState } from 'react';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import type { TranscriptItem } from '../../transcript/transcript';
import { TranscriptEntry, transcriptEntryStyles } from './TranscriptEntry';

/** What every row of the list needs besides its item, passed through Virtuoso's context. */
interface ListContext {
  live: boolean;
  working: boolean;
}

const renderItem = (
  _index: number,
  item: TranscriptItem,
  context: ListContext,
) => <TranscriptEntry item={item} live={context.live} />;

const itemKey = (_index: number, item: TranscriptItem) => item.key;

/** Below the newest message while the agent is busy; a footer, so it never scrolls away alone. */
function WorkingFooter({ context }: { context: ListContext }) {
  if (!context.working) return null;
  return (
    <Stack
      direction="row"
      spacing={1}
      alignItems="center"
      sx={{ pl: 5, pb: 1 }}
    >
      <CircularProgress size={14} aria-label="Kubernaut is working" />
      <Typography variant="body2" color="text.secondary">
        Kubernaut is working…
      </Typography>
    </Stack>
  );
}

const listComponents = { Footer: WorkingFooter };

/** How close to the bottom (px) still counts as reading the newest message. */
const PINNED_WITHIN = 48;

/**
 * The conversation as a chat. Stays pinned to the newest message while the reader is at the
 * bottom, and leaves the scroll alone when they have scrolled up to read; then a button jumps to
 * what arrived meanwhile.
 *
 * The list is virtualised (react-virtuoso): only the messages in view are in the page, so a long
 * conversation costs what a short one does. Items measure themselves (markdown, opened details),
 * and `memo` keeps every item but the one that grew from rendering again. The price: the
 * browser's find-in-page only finds messages currently in view.
 */
export function TranscriptView(props: {
  items: TranscriptItem[];
  live: boolean;
  working: boolean;
}) {
  const { items, live, working } = props;
  const list = useRef<VirtuosoHandle>(null);
  const scroller = useRef<HTMLElement | null>(null);
  // Whether the reader is at the newest message. Only scrolling changes it, not content growing
  // underneath (a longer last message, the working footer): that is followed.
  const pinned = useRef(true);
  const lastScrollTop = useRef(0);
  // Scrolled up to read: the items as they were then, to tell whether anything arrived since.
  const [away, setAway] = useState<{
    count: number;
    last?: TranscriptItem;
  }>();
  // The scroller is as tall as its content, up to 62% of the window.
  const [contentHeight, setContentHeight] = useState(0);
  // Mounted with a conversation already there, the list opens at its newest message.
  const [initialIndex] = useState(() =>
    items.length > 0
      ? { index: 'LAST' as const, align: 'end' as const }
      : undefined,
  );
  const context = useMemo(() => ({ live, working }), [live, working]);
  const itemsRef = useRef(items);
  itemsRef.current = items;

  const followOutput = useCallback(
    () => (pinned.current ? ('auto' as const) : false),
    [],
  );
  const scrollerRef = useCallback((element: HTMLElement | Window | null) => {
    scroller.current = element instanceof HTMLElement ? element : null;
  }, []);
  const onScroll = useCallback((event: React.UIEvent<HTMLElement>) => {
    const el = event.currentTarget;
    const up = el.scrollTop < lastScrollTop.current;
    lastScrollTop.current = el.scrollTop;
    const atBottom =
      el.scrollHeight - el.scrollTop - el.clientHeight < PINNED_WITHIN;
    // Only the reader scrolls up away from the bottom. Virtuoso's own scrolls go down (following)
    // or land at the bottom; one that falls short, because sizes changed meanwhile, is followed
    // up rather than taken as the reader leaving.
    if (atBottom === pinned.current || (!atBottom && !up)) return;
    pinned.current = atBottom;
    const current = itemsRef.current;
    setAway(
      atBottom
        ? undefined
        : { count: current.length, last: current[current.length - 1] },
    );
  }, []);
  const onHeightChanged = useCallback((height: number) => {
    setContentHeight(height);
    // Virtuoso follows new items itself; content that grows in place is followed here.
    if (pinned.current)
      requestAnimationFrame(() => {
        const el = scroller.current;
        if (el && pinned.current) el.scrollTop = el.scrollHeight;
      });
  }, []);
  const jumpToLatest = useCallback(() => {
    pinned.current = true;
    setAway(undefined);
    list.current?.scrollToIndex({ index: 'LAST', align: 'end' });
  }, []);

  const arrived =
    !!away &&
    (items.length !== away.count || items[items.length - 1] !== away.last);
  const empty = items.length === 0 && !working;
  // Taller than the scroller: rules above and below mark where the text is cut off.
  const overflowing = contentHeight > window.innerHeight * 0.62;

  return (
    <Box
      sx={{
        position: 'relative',
        ...transcriptEntryStyles,
        // Space between messages, inside each row so that Virtuoso measures it.
        '& [data-item-index]': { pb: 1.5 },
        '& [data-virtuoso-scroller]': overflowing
          ? { borderTop: 1, borderBottom: 1, borderColor: 'divider' }
          : {},
        // The log is focusable, to scroll it from the keyboard: show where the focus is.
        '& [data-virtuoso-scroller]:focus-visible': {
          outline: 2,
          outlineColor: 'primary.main',
        },
      }}
    >
      <Virtuoso<TranscriptItem, ListContext>
        ref={list}
        role="log"
        aria-live="polite"
        aria-label="Investigation transcript"
        data={items}
        context={context}
        computeItemKey={itemKey}
        itemContent={renderItem}
        components={listComponents}
        followOutput={followOutput}
        initialTopMostItemIndex={initialIndex}
        scrollerRef={scrollerRef}
        onScroll={onScroll}
        totalListHeightChanged={onHeightChanged}
        // Messages just out of view are rendered too, so that scrolling does not wait for them;
        // little more, as each is markdown to render (the first screen's cost).
        increaseViewportBy={200}
        style={{
          // A viewport of 0 px would never measure its first item: keep 1 px until it has.
          height: empty ? 0 : `min(62vh, ${Math.max(contentHeight, 1)}px)`,
          paddingRight: 8,
          // Virtuoso turns the focus outline off; the rule above draws one for keyboard focus.
          outline: undefined,
        }}
      />
      {arrived && (
        <Button
          variant="contained"
          size="small"
          startIcon={<ArrowDownward />}
          onClick={jumpToLatest}
          sx={{
            position: 'absolute',
            bottom: 12,
            left: '50%',
            transform: 'translateX(-50%)',
            borderRadius: 4,
            boxShadow: 3,
          }}
        >
          Jump to latest
        </Button>
      )}
    </Box>
  );
}
