import Alert from '@mui/material/Alert';
import Avatar from '@mui/material/Avatar';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import CircularProgress from '@mui/material/CircularProgress';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import AutoFixHigh from '@mui/icons-material/AutoFixHigh';
import Build from '@mui/icons-material/Build';
import CheckCircleOutline from '@mui/icons-material/CheckCircleOutline';
import { memo, useEffect, useRef } from 'react';
import type { TranscriptItem } from '../../transcript/transcript';
import { VerificationProgress } from '../shared/VerificationProgress';
import { phaseLabel } from '../shared/chips';
import { SafeMarkdown } from '../shared/SafeMarkdown';
import { Countdown } from '../shared/time';
import { RcaCard, WorkflowOptions } from './RcaCard';

const displayName = (ref: string) => ref.replace(/^user:(default\/)?/, '');

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
            <Typography variant="caption" component="p" sx={{ opacity: 0.8 }}>
              {displayName(item.user)}
            </Typography>
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
              <Typography
                variant="caption"
                component="pre"
                sx={{ whiteSpace: 'pre-wrap', m: 0 }}
              >
                {item.args}
              </Typography>
            )}
            {item.result && (
              <Typography variant="body2" sx={{ whiteSpace: 'pre-wrap' }}>
                {item.result}
              </Typography>
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
          <RcaCard rca={item.rca} />
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
          {displayName(item.user)} joined
        </Typography>
      );
    case 'watching':
      return (
        <Alert severity="info" variant="outlined">
          {displayName(item.user)} is watching
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

/**
 * The conversation as a chat. Stays pinned to the newest message while the reader is at the
 * bottom, and leaves the scroll alone when they have scrolled up to read.
 */
export function TranscriptView(props: {
  items: TranscriptItem[];
  live: boolean;
  working: boolean;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  useEffect(() => {
    const element = scroller.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  }, [props.items]);
  return (
    <Box
      ref={scroller}
      role="log"
      aria-live="polite"
      aria-label="Investigation transcript"
      onScroll={event => {
        const el = event.currentTarget;
        pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
      }}
      sx={{ maxHeight: '62vh', overflowY: 'auto', pr: 1 }}
    >
      <Stack spacing={1.5}>
        {props.items.map(item => (
          <Item key={item.key} item={item} live={props.live} />
        ))}
        {props.working && (
          <Stack direction="row" spacing={1} alignItems="center" sx={{ pl: 5 }}>
            <CircularProgress size={14} />
            <Typography variant="body2" color="text.secondary">
              Kubernaut is working…
            </Typography>
          </Stack>
        )}
      </Stack>
    </Box>
  );
}
