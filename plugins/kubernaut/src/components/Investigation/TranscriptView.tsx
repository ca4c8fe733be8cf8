import { personName } from '@kubernaut/plugin-kubernaut-common';
import Alert from '@mui/material/Alert';
import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import ArrowDownward from '@mui/icons-material/ArrowDownward';
import AutoFixHigh from '@mui/icons-material/AutoFixHigh';
import Build from '@mui/icons-material/Build';
import CheckCircleOutline from '@mui/icons-material/CheckCircleOutline';
import { memo, useCallback, useMemo, useRef, useState } from 'react';
import { Virtuoso, type VirtuosoHandle } from 'react-virtuoso';
import type { TranscriptItem } from '../../transcript/transcript';
import { VerificationProgress } from '../shared/VerificationProgress';
import { phaseLabel } from '../shared/chips';
import { SafeMarkdown } from '../shared/SafeMarkdown';
import { Countdown } from '../shared/time';
import { RcaCard, WorkflowOptions } from './RcaCard';
import { SteeringNotice } from './steering/SteeringNotice';
import { CopyButton } from './transcriptTools/CopyButton';
import { FeedbackThumbs } from './transcriptTools/FeedbackThumbs';

function Collapsible(props: {
  summary: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <Box
      component="details"
      sx={{
        '& > summary': {
          cursor: 'pointer',
          typography: 'body2',
          color: 'text.secondary',
        },
        '& > summary:focus-visible': {
          outline: 2,
          outlineColor: 'primary.main',
        },
      }}
    >
      <summary>{props.summary}</summary>
      <Box sx={{ pl: 2, pt: 0.5 }}>{props.children}</Box>
    </Box>
  );
}

const Item = memo(function TranscriptEntry(props: {
  item: TranscriptItem;
  live: boolean;
}) {
  const { item } = props;
  switch (item.kind) {
    case 'user':
      return (
        <Stack direction="row" justifyContent="flex-end">
          <Paper
            elevation={0}
            sx={{
              p: 1.5,
              maxWidth: '75%',
              bgcolor: 'primary.main',
              color: 'primary.contrastText',
            }}
          >
            <Stack direction="row" alignItems="center" spacing={1}>
              <Typography
                variant="caption"
                component="p"
                sx={{ opacity: 0.8, flexGrow: 1 }}
              >
                {personName(item.user)}
              </Typography>
              <CopyButton text={item.text} label="Copy message" inverse />
            </Stack>
            <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
              {item.text}
            </Typography>
          </Paper>
        </Stack>
      );
    case 'agent':
    case 'answer':
      return (
        <Stack direction="row" spacing={1} alignItems="flex-start">
          <Avatar
            sx={{ width: 28, height: 28, bgcolor: 'secondary.main' }}
            aria-hidden
          >
            <AutoFixHigh sx={{ fontSize: 16 }} />
          </Avatar>
          <Paper
            variant="outlined"
            sx={{ px: 1.5, py: 0.5, maxWidth: '85%', '& p': { my: 0.5 } }}
          >
            <SafeMarkdown content={item.text} />
            <Stack direction="row" alignItems="center" spacing={1}>
              <CopyButton
                text={item.text}
                label={item.kind === 'answer' ? 'Copy answer' : 'Copy message'}
              />
              {item.kind === 'answer' && (
                <FeedbackThumbs target="answer" itemKey={item.key} />
              )}
            </Stack>
          </Paper>
        </Stack>
      );
    case 'thinking':
      return (
        <Box sx={{ pl: 5 }}>
          <Collapsible summary="Agent reasoning">
            <Typography
              variant="body2"
              color="text.secondary"
              sx={{ whiteSpace: 'pre-wrap' }}
            >
              {item.redacted
                ? 'The model provider redacted this reasoning.'
                : item.text}
            </Typography>
          </Collapsible>
        </Box>
      );
    case 'tool':
      return (
        <Box sx={{ pl: 5 }}>
          <Collapsible
            summary={
              <Box
                component="span"
                sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.75 }}
              >
                {item.done ? (
                  <CheckCircleOutline sx={{ fontSize: 16 }} color="success" />
                ) : props.live ? (
                  <CircularProgress size={12} aria-label="running" />
                ) : (
                  <Build sx={{ fontSize: 14 }} />
                )}
                <Box component="code" sx={{ fontSize: 13 }}>
                  {item.tool}
                </Box>
                {item.result && (
                  <Box component="span" sx={{ color: 'text.secondary' }}>
                    —{' '}
                    {item.result.length > 90
                      ? `${item.result.slice(0, 90)}…`
                      : item.result}
                  </Box>
                )}
              </Box>
            }
          >
            {item.args && (
              <Stack direction="row" alignItems="flex-start" spacing={0.5}>
                <Typography
                  variant="caption"
                  component="pre"
                  sx={{ whiteSpace: 'pre-wrap', m: 0, flexGrow: 1 }}
                >
                  {item.args}
                </Typography>
                <CopyButton text={item.args} label="Copy tool arguments" />
              </Stack>
            )}
            {item.result && (
              <Stack direction="row" alignItems="flex-start" spacing={0.5}>
                <Typography
                  variant="body2"
                  sx={{ whiteSpace: 'pre-wrap', flexGrow: 1 }}
                >
                  {item.result}
                </Typography>
                <CopyButton text={item.result} label="Copy tool output" />
              </Stack>
            )}
          </Collapsible>
        </Box>
      );
    case 'progress':
      return (
        <Typography variant="body2" color="text.secondary" sx={{ pl: 5 }}>
          {item.text}
        </Typography>
      );
    case 'rca':
      return (
        <Stack spacing={2}>
          <RcaCard rca={item.rca} itemKey={item.key} />
          <WorkflowOptions options={item.rca.options} />
        </Stack>
      );
    case 'approval':
      return (
        <Alert severity="warning" variant="outlined">
          <strong>Approval requested</strong> ({item.request.name})
          {item.request.whyApprovalRequired
            ? `: ${item.request.whyApprovalRequired}`
            : ''}{' '}
          {item.request.requiredBy && (
            <Countdown deadline={item.request.requiredBy} />
          )}
        </Alert>
      );
    case 'decision':
      return (
        <Alert
          severity={item.decision === 'Approved' ? 'success' : 'info'}
          variant="outlined"
        >
          <strong>{item.decision}</strong>
          {item.decidedBy ? ` by ${item.decidedBy}` : ''}
          {item.message ? `: ${item.message}` : ''}
        </Alert>
      );
    case 'phase':
      return (
        <Stack alignItems="center" spacing={0.5}>
          <Chip
            size="small"
            variant="outlined"
            label={`Phase: ${phaseLabel(item.phase)}${
              item.detail ? ` · ${item.detail}` : ''
            }`}
          />
          {item.phase === 'Verifying' && (
            <VerificationProgress
              state={{
                phase: item.effectivenessPhase,
                stabilizationDeadline: item.stabilizationDeadline,
                steps: item.steps,
              }}
            />
          )}
        </Stack>
      );
    case 'joined':
      return (
        <Typography
          variant="caption"
          color="text.secondary"
          align="center"
          component="p"
        >
          {personName(item.user)} joined
        </Typography>
      );
    case 'taken-over':
      return (
        <Alert severity="warning" variant="outlined">
          <strong>{personName(item.user)}</strong> took over
          {item.remediation ? ` ${item.remediation}` : ' this remediation'}: the
          autonomous run stopped, and {personName(item.user)} decides what
          happens next.
        </Alert>
      );
    case 'steered':
      return <SteeringNotice outcome={item.outcome} />;
    case 'watching':
      return (
        <Alert severity="info" variant="outlined">
          {personName(item.user)} is watching
          {item.remediation ? ` ${item.remediation}` : ' this remediation'}.
          Kubernaut runs it on its own; its progress appears here as it happens.
          Watching changes nothing.
        </Alert>
      );
    case 'history':
      return (
        <Box>
          <Collapsible
            summary={
              item.unavailable
                ? 'What happened so far: the audit trail is unavailable'
                : `What happened so far: ${item.events.length} audit event${
                    item.events.length === 1 ? '' : 's'
                  }${item.phase ? `, now ${phaseLabel(item.phase)}` : ''}`
            }
          >
            <Box component="ol" sx={{ m: 0, pl: 3 }}>
              {item.events.map((e, i) => (
                <Typography
                  component="li"
                  variant="body2"
                  color="text.secondary"
                  key={i}
                >
                  {e.at ? `${new Date(e.at).toLocaleTimeString()} · ` : ''}
                  {e.type}
                  {e.outcome && e.outcome !== 'success'
                    ? ` (${e.outcome})`
                    : ''}
                  {e.actor ? ` · ${e.actor}` : ''}
                </Typography>
              ))}
            </Box>
          </Collapsible>
        </Box>
      );
    case 'notice':
      return (
        <Alert severity={item.severity} role="alert">
          {item.text}
        </Alert>
      );
    default:
      return null;
  }
});

/** What every row of the list needs besides its item, passed through Virtuoso's context. */
interface ListContext {
  live: boolean;
  working: boolean;
}

const renderItem = (
  _index: number,
  item: TranscriptItem,
  context: ListContext,
) => <Item item={item} live={context.live} />;

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
      <CircularProgress size={14} />
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
