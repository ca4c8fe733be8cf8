import { personName } from '@kubernaut/plugin-kubernaut-common';
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
import { memo } from 'react';
import type { TranscriptItem } from '../../transcript/transcript';
import { VerificationProgress } from '../shared/VerificationProgress';
import { phaseLabel } from '../shared/chips';
import { Countdown } from '../shared/time';
import { Deferred, DeferredMarkdown } from './Deferred';
import { RcaCard, WorkflowOptions } from './RcaCard';
import { SteeringNotice } from './steering/SteeringNotice';
import { CopyButton } from './transcriptTools/CopyButton';
import { FeedbackThumbs } from './transcriptTools/FeedbackThumbs';

/** Height of a message's copy button, held for it until it renders. */
const TOOLBAR_HEIGHT = 20;

/**
 * Styles of the most frequent entries (agent text, tool calls), for the list around them to
 * apply once: MUI's `sx` on every entry would be worked out again for each one that mounts.
 */
export const transcriptEntryStyles = {
  '& .kt-details > summary': {
    cursor: 'pointer',
    typography: 'body2',
    color: 'text.secondary',
  },
  '& .kt-details > summary:focus-visible': {
    outline: 2,
    outlineColor: 'primary.main',
  },
  '& .kt-details-body': { pl: 2, pt: 0.5 },
  '& .kt-indented': { pl: 5 },
  '& .kt-tool-summary': {
    display: 'inline-flex',
    alignItems: 'center',
    gap: 0.75,
  },
  '& .kt-secondary': { color: 'text.secondary' },
  '& .kt-agent': { display: 'flex', alignItems: 'flex-start', gap: 1 },
  '& .kt-agent-avatar': {
    width: 28,
    height: 28,
    fontSize: 16,
    bgcolor: 'secondary.main',
  },
  '& .kt-agent-text': {
    px: 1.5,
    py: 0.5,
    maxWidth: '85%',
    '& p': { my: 0.5 },
  },
} as const;

function Collapsible(props: {
  summary: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <details className="kt-details">
      <summary>{props.summary}</summary>
      <div className="kt-details-body">
        <Deferred>{props.children}</Deferred>
      </div>
    </details>
  );
}

/** One message or event of the conversation; renders again only when its item changed. */
export const TranscriptEntry = memo(function TranscriptEntryContent(props: {
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
        <div className="kt-agent">
          <Avatar className="kt-agent-avatar" aria-hidden>
            <AutoFixHigh fontSize="inherit" />
          </Avatar>
          <Paper variant="outlined" className="kt-agent-text">
            <DeferredMarkdown text={item.text} />
            <Deferred placeholder={<div style={{ height: TOOLBAR_HEIGHT }} />}>
              <Stack direction="row" alignItems="center" spacing={1}>
                <CopyButton
                  text={item.text}
                  label={
                    item.kind === 'answer' ? 'Copy answer' : 'Copy message'
                  }
                />
                {item.kind === 'answer' && (
                  <FeedbackThumbs target="answer" itemKey={item.key} />
                )}
              </Stack>
            </Deferred>
          </Paper>
        </div>
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
        <div className="kt-indented">
          <Collapsible
            summary={
              <span className="kt-tool-summary">
                {item.done ? (
                  <CheckCircleOutline
                    style={{ fontSize: 16 }}
                    color="success"
                  />
                ) : props.live ? (
                  <CircularProgress size={12} aria-label="running" />
                ) : (
                  <Build style={{ fontSize: 14 }} />
                )}
                <code style={{ fontSize: 13 }}>{item.tool}</code>
                {item.result && (
                  <span className="kt-secondary">
                    —{' '}
                    {item.result.length > 90
                      ? `${item.result.slice(0, 90)}…`
                      : item.result}
                  </span>
                )}
              </span>
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
        </div>
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
