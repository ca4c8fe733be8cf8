import type {
  RemediationDetail,
  SteeringAction,
  WorkflowOption,
} from '@kubernaut/plugin-kubernaut-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useProductionConfirmation } from '../../shared/useProductionConfirmation';

/** What the person is about to do: take the remediation over, or one of the steering actions. */
export type SteeringIntent =
  | { kind: 'take-over'; message?: string }
  | { kind: 'select-workflow'; option: WorkflowOption }
  | { kind: 'dismiss' }
  | { kind: 'escalate' };

export type SteeringConfirmation =
  | { kind: 'take-over'; message?: string }
  | { kind: 'steer'; action: SteeringAction };

const TITLES: Record<SteeringIntent['kind'], string> = {
  'take-over': 'Take over this remediation',
  'select-workflow': 'Run this workflow',
  dismiss: 'Dismiss: nothing to do',
  escalate: 'Escalate to people',
};

/**
 * The confirmation of a steering act. It names the target and cluster; on production the person
 * types the target's name, so steering there is never one stray click.
 */
export function SteeringDialog(props: {
  intent: SteeringIntent;
  remediation: RemediationDetail;
  pending: boolean;
  error?: string;
  onCancel(): void;
  onConfirm(confirmation: SteeringConfirmation): void;
}) {
  const { intent, remediation } = props;
  const target = remediation.target.name;
  const confirmation = useProductionConfirmation(remediation);
  const [reason, setReason] = useState('');
  const parametersText =
    intent.kind === 'select-workflow'
      ? Object.entries(intent.option.parameters)
          .map(([k, v]) => `${k}=${v}`)
          .join('\n')
      : '';
  const ready =
    confirmation.confirmed &&
    (intent.kind !== 'escalate' || reason.trim().length > 0);

  const confirm = () => {
    const why = reason.trim() || undefined;
    switch (intent.kind) {
      case 'take-over':
        props.onConfirm({ kind: 'take-over', message: intent.message });
        return;
      case 'select-workflow':
        props.onConfirm({
          kind: 'steer',
          action: {
            action: 'select-workflow',
            workflowId: intent.option.workflowId,
            ...(Object.keys(intent.option.parameters).length
              ? { parameters: intent.option.parameters }
              : {}),
            ...(why ? { rationale: why } : {}),
          },
        });
        return;
      case 'dismiss':
        props.onConfirm({
          kind: 'steer',
          action: { action: 'dismiss', ...(why ? { reason: why } : {}) },
        });
        return;
      case 'escalate':
      default:
        props.onConfirm({
          kind: 'steer',
          action: { action: 'escalate', reason: reason.trim() },
        });
    }
  };

  const where = (
    <>
      <strong>
        {remediation.target.namespace}/{remediation.target.kind}/{target}
      </strong>{' '}
      in cluster <strong>{remediation.cluster}</strong>
      {remediation.environment ? ` (${remediation.environment})` : ''}
    </>
  );
  const title = TITLES[intent.kind];
  return (
    <Dialog
      open
      onClose={props.onCancel}
      maxWidth="sm"
      fullWidth
      aria-labelledby="steering-title"
    >
      <DialogTitle id="steering-title">{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          {intent.kind === 'take-over' && (
            <Typography>
              Kubernaut stops its autonomous run of remediation{' '}
              {remediation.name} on {where}, and you decide what happens next in
              this conversation. Nobody else can steer it while you have it.
              {intent.message ? ' Your message goes to the agent with it.' : ''}
            </Typography>
          )}
          {intent.kind === 'select-workflow' && (
            <>
              <Typography>
                Run <strong>{intent.option.name}</strong> on {where}? Kubernaut
                then asks for approval if its policy requires it, else runs it.
              </Typography>
              {Object.keys(intent.option.parameters).length > 0 && (
                <Typography
                  variant="body2"
                  component="pre"
                  sx={{ fontFamily: 'monospace', m: 0 }}
                  aria-label="Parameters"
                >
                  {parametersText}
                </Typography>
              )}
              <Typography variant="caption" color="text.secondary">
                Kubernaut runs it with the parameters its workflow discovery
                found for this remediation: its selection takes no others. To
                run other parameters, approve it with an override when Kubernaut
                asks for approval.
              </Typography>
            </>
          )}
          {intent.kind === 'dismiss' && (
            <Typography>
              End remediation {remediation.name} on {where} without running
              anything?
            </Typography>
          )}
          {intent.kind === 'escalate' && (
            <Typography>
              Hand remediation {remediation.name} on {where} to people for
              manual review? Kubernaut runs nothing.
            </Typography>
          )}
          {intent.kind !== 'take-over' && (
            <TextField
              label={
                intent.kind === 'escalate'
                  ? 'Reason (required): who should look, and why'
                  : intent.kind === 'select-workflow'
                  ? 'Rationale (optional)'
                  : 'Reason (optional)'
              }
              multiline
              minRows={2}
              value={reason}
              onChange={e => setReason(e.target.value)}
              inputProps={{ maxLength: 2000 }}
              required={intent.kind === 'escalate'}
            />
          )}
          {confirmation.warning}
          {confirmation.field}
          {props.error && <Alert severity="error">{props.error}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button
          variant="contained"
          color={intent.kind === 'take-over' ? 'warning' : 'primary'}
          disabled={!ready || props.pending}
          onClick={confirm}
        >
          {props.pending ? 'Sending…' : title}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
