import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  kubernautInvestigationCreatePermission,
  personName,
} from '@kubernaut/plugin-kubernaut-common';
import Send from '@mui/icons-material/Send';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { kubernautApiRef } from '../../api';
import {
  useInvestigationStream,
  type StreamState,
} from '../../hooks/useInvestigationStream';
import { useKubernautPaths } from '../paths';
import { AfterPaint } from './Deferred';
import { SteeringBar } from './steering/SteeringBar';
import { SteeringContext } from './steering/SteeringContext';
import { useSteering } from './steering/useSteering';
import { TranscriptView } from './TranscriptView';
import { ExportMarkdown } from './transcriptTools/ExportMarkdown';
import {
  FeedbackContext,
  useInvestigationFeedback,
} from './transcriptTools/FeedbackContext';

const STATE_LABEL: Record<
  StreamState,
  { label: string; color: 'default' | 'success' | 'warning' | 'error' }
> = {
  connecting: { label: 'Connecting…', color: 'default' },
  live: { label: 'Live', color: 'success' },
  reconnecting: { label: 'Reconnecting…', color: 'warning' },
  ended: { label: 'Ended', color: 'default' },
  failed: { label: 'Unavailable', color: 'error' },
};

/** Height of the follow-up box (one line), held for it until it renders. */
const FORM_HEIGHT = 40;

/**
 * One investigation: its transcript, streamed, and a follow-up box. Outside a remediation's own
 * view it links to the remediation once the conversation names one (to decide, or read the audit).
 */
export function InvestigationPanel(props: {
  id: string;
  linkToRemediation?: boolean;
}) {
  const paths = useKubernautPaths();
  const api = useApi(kubernautApiRef);
  const stream = useInvestigationStream(props.id);
  const canAsk = usePermission({
    permission: kubernautInvestigationCreatePermission,
  });
  const [draft, setDraft] = useState('');
  const send = useMutation({
    mutationFn: (message: string) =>
      api.sendInvestigationMessage(props.id, message),
    onSuccess: () => {
      setDraft('');
      if (stream.state === 'ended') stream.resume();
    },
  });
  const steering = useSteering({
    id: props.id,
    record: stream.record,
    transcript: stream.transcript,
    onTakenOver: () => setDraft(''),
  });
  const feedback = useInvestigationFeedback(props.id);
  const state = STATE_LABEL[stream.state];
  // A watch has no conversation: the first message takes the remediation over, once confirmed.
  const watchOnly =
    !!stream.record && !stream.record.contextId && !stream.transcript.driver;
  const otherDriver = !!steering.driver && !steering.driving;
  const mayAsk =
    canAsk.allowed && (watchOnly ? steering.available : !otherDriver);
  const submit = () => {
    const text = draft.trim();
    if (!text) return;
    if (watchOnly) steering.ask({ kind: 'take-over', message: text });
    else send.mutate(text);
  };
  const agentState = stream.transcript.agentState;
  // The record is read when the stream opens; once the agent speaks, its task state is newer.
  const working =
    !watchOnly &&
    (stream.state === 'live' || stream.state === 'reconnecting') &&
    (agentState === undefined
      ? stream.record?.status === 'running'
      : agentState === 'submitted' || agentState === 'working');

  return (
    <Stack spacing={2}>
      <Stack direction="row" spacing={1} alignItems="center">
        <Chip size="small" color={state.color} label={state.label} />
        {stream.status && (
          <Typography variant="body2" color="text.secondary">
            Investigation {stream.status}
          </Typography>
        )}
        <Typography
          variant="caption"
          color="text.secondary"
          sx={{ flexGrow: 1, textAlign: 'right' }}
        >
          {stream.transcript.lastSeq} events
        </Typography>
        <ExportMarkdown
          transcript={stream.transcript}
          context={{
            id: props.id,
            cluster: stream.record?.cluster,
            remediation: stream.record?.remediation,
            createdBy: stream.record?.createdBy,
            createdAt: stream.record?.createdAt,
          }}
        />
      </Stack>
      {stream.state === 'reconnecting' && (
        <Alert severity="warning">
          The connection dropped; resuming after event{' '}
          {stream.transcript.lastSeq}. Nothing is sent to Kubernaut again.
        </Alert>
      )}
      {stream.state === 'failed' && (
        <Alert severity="error">
          {stream.error?.message ?? 'The investigation cannot be shown.'}
        </Alert>
      )}
      {stream.notice && <Alert severity="info">{stream.notice}</Alert>}
      {props.linkToRemediation &&
        stream.record &&
        stream.transcript.remediation && (
          <Alert
            severity="info"
            action={
              <Button
                component={Link}
                to={paths.remediation(
                  stream.record.cluster,
                  stream.transcript.remediation,
                )}
              >
                Open remediation
              </Button>
            }
          >
            This conversation is about remediation{' '}
            {stream.transcript.remediation} in {stream.record.cluster}: its
            approval, audit trail and effectiveness are there.
          </Alert>
        )}
      <SteeringContext.Provider value={steering.controls}>
        <FeedbackContext.Provider value={feedback}>
          <TranscriptView
            items={stream.transcript.items}
            live={stream.state === 'live'}
            working={working}
          />
        </FeedbackContext.Provider>
      </SteeringContext.Provider>
      <SteeringBar steering={steering} />
      {steering.dialog}
      {/* Its text area measures the page as it mounts: once the transcript has been laid out. */}
      <AfterPaint placeholder={<div style={{ height: FORM_HEIGHT }} />}>
        <Stack
          component="form"
          direction="row"
          spacing={1}
          onSubmit={event => {
            event.preventDefault();
            submit();
          }}
        >
          <TextField
            fullWidth
            size="small"
            multiline
            maxRows={4}
            value={draft}
            onChange={event => setDraft(event.target.value)}
            onKeyDown={event => {
              if (event.key === 'Enter' && !event.shiftKey) {
                event.preventDefault();
                submit();
              }
            }}
            disabled={!mayAsk || send.isPending}
            placeholder={
              watchOnly
                ? steering.available
                  ? 'Watching: your first message takes this remediation over from Kubernaut (you confirm first)'
                  : `Watching: ${
                      steering.unavailableReason ??
                      'you may not take this remediation over'
                    }`
                : otherDriver
                ? `${personName(
                    steering.driver ?? '',
                  )} drives this conversation`
                : canAsk.allowed
                ? 'Ask a follow-up question (Enter sends, Shift+Enter for a new line)'
                : 'You may read this investigation but not ask questions'
            }
            inputProps={{ 'aria-label': 'Follow-up question', maxLength: 8000 }}
          />
          <Button
            type="submit"
            variant="contained"
            endIcon={<Send />}
            disabled={!mayAsk || send.isPending || !draft.trim()}
          >
            Ask
          </Button>
        </Stack>
      </AfterPaint>
      {send.isError && (
        <Alert severity="error">{(send.error as Error).message}</Alert>
      )}
    </Stack>
  );
}
