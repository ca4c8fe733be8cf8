import type {
  FeedbackRating,
  FeedbackTarget,
} from '@kubernaut/plugin-kubernaut-common';
import ThumbDown from '@mui/icons-material/ThumbDown';
import ThumbDownOutlined from '@mui/icons-material/ThumbDownOutlined';
import ThumbUp from '@mui/icons-material/ThumbUp';
import ThumbUpOutlined from '@mui/icons-material/ThumbUpOutlined';
import Button from '@mui/material/Button';
import IconButton from '@mui/material/IconButton';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useFeedbackControls } from './FeedbackContext';

export const MAX_REASON = 1000;
const WORKFLOW_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/**
 * Thumbs up or down on an RCA card or an answer, then an optional reason. Shown only inside an
 * investigation (a `FeedbackContext`); a second rating replaces the first.
 */
export function FeedbackThumbs(props: {
  target: FeedbackTarget;
  itemKey: string;
  /** The workflow the RCA recommended, to count feedback per workflow. */
  workflowId?: string;
}) {
  const controls = useFeedbackControls();
  const saved = controls?.mine.get(props.itemKey);
  const [rating, setRating] = useState<FeedbackRating>();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [state, setState] = useState<'idle' | 'sending' | 'sent' | 'failed'>(
    'idle',
  );
  if (!controls) return null;
  const current = rating ?? saved?.rating;
  const noun = props.target === 'rca' ? 'analysis' : 'answer';

  const send = async (value: FeedbackRating, why?: string) => {
    setState('sending');
    try {
      await controls.send({
        target: props.target,
        itemKey: props.itemKey,
        rating: value,
        reason: why?.trim() || undefined,
        // Counted per workflow only under a name the backend accepts (a Kubernetes name).
        workflowId:
          props.workflowId && WORKFLOW_NAME.test(props.workflowId)
            ? props.workflowId
            : undefined,
      });
      setState('sent');
    } catch {
      setState('failed');
    }
  };
  const rate = (value: FeedbackRating) => {
    setRating(value);
    setAsking(true);
    send(value, saved?.rating === value ? saved.reason : undefined);
  };

  return (
    <Stack spacing={0.5}>
      <Stack direction="row" spacing={0.5} alignItems="center">
        <Tooltip title={`This ${noun} helped`}>
          <IconButton
            size="small"
            aria-label={`Rate this ${noun} helpful`}
            aria-pressed={current === 'up'}
            onClick={() => rate('up')}
            disabled={state === 'sending'}
            sx={{ p: 0.25 }}
          >
            {current === 'up' ? (
              <ThumbUp sx={{ fontSize: 16 }} color="success" />
            ) : (
              <ThumbUpOutlined sx={{ fontSize: 16 }} />
            )}
          </IconButton>
        </Tooltip>
        <Tooltip title={`This ${noun} was wrong or unhelpful`}>
          <IconButton
            size="small"
            aria-label={`Rate this ${noun} not helpful`}
            aria-pressed={current === 'down'}
            onClick={() => rate('down')}
            disabled={state === 'sending'}
            sx={{ p: 0.25 }}
          >
            {current === 'down' ? (
              <ThumbDown sx={{ fontSize: 16 }} color="error" />
            ) : (
              <ThumbDownOutlined sx={{ fontSize: 16 }} />
            )}
          </IconButton>
        </Tooltip>
        <Typography variant="caption" color="text.secondary" role="status">
          {state === 'sent'
            ? 'Thanks for the feedback'
            : state === 'failed'
            ? 'The feedback could not be sent'
            : ''}
        </Typography>
      </Stack>
      {asking && current && (
        <Stack
          component="form"
          direction="row"
          spacing={1}
          alignItems="flex-start"
          onSubmit={event => {
            event.preventDefault();
            send(current, reason).then(() => setAsking(false));
          }}
        >
          <TextField
            size="small"
            fullWidth
            multiline
            maxRows={4}
            value={reason}
            onChange={event => setReason(event.target.value)}
            placeholder="Why? (optional)"
            inputProps={{
              'aria-label': `Why you rated this ${noun} so (optional)`,
              maxLength: MAX_REASON,
            }}
          />
          <Button
            type="submit"
            size="small"
            disabled={!reason.trim() || state === 'sending'}
          >
            Send reason
          </Button>
        </Stack>
      )}
    </Stack>
  );
}
