import type {
  ApprovalView,
  DecisionRequest,
  RemediationDetail,
} from '@kubernaut/plugin-kubernaut-common';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { useWorkflows } from '../../hooks/queries';
import { useProductionConfirmation } from '../shared/useProductionConfirmation';

export type DecisionMode = 'approve' | 'reject' | 'override';

/** `KEY=value` lines into parameters; `error` names the first line that is not one. */
export function parseParameters(text: string): {
  parameters: Record<string, string>;
  error?: string;
} {
  const parameters: Record<string, string> = {};
  for (const line of text
    .split('\n')
    .map(l => l.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) return { parameters, error: `“${line}” is not KEY=value` };
    parameters[match[1]] = match[2];
  }
  return { parameters };
}

/**
 * The confirmation step of a decision. It names the target and cluster; for production the
 * person types the target's name, so a decision there is never one stray click.
 */
export function ConfirmDecisionDialog(props: {
  mode: DecisionMode;
  remediation: RemediationDetail;
  approval: ApprovalView;
  pending: boolean;
  onCancel(): void;
  onConfirm(request: DecisionRequest): void;
}) {
  const { mode, remediation, approval } = props;
  const target = remediation.target.name;
  const [reason, setReason] = useState('');
  const confirmation = useProductionConfirmation(remediation);
  const [workflow, setWorkflow] = useState('');
  const [parametersText, setParametersText] = useState(() =>
    Object.entries(remediation.analysis?.selectedWorkflow?.parameters ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join('\n'),
  );
  const workflows = useWorkflows('');
  const recommended =
    approval.recommendedWorkflow?.name ?? remediation.workflow;
  const active = useMemo(
    () =>
      (workflows.data?.items ?? []).filter(
        w =>
          w.cluster === remediation.cluster &&
          /^active$/i.test(w.status) &&
          w.name !== recommended,
      ),
    [workflows.data, remediation.cluster, recommended],
  );
  const parsed = parseParameters(parametersText);
  const needsReason = mode !== 'approve';
  const ready =
    (!needsReason || reason.trim().length > 0) &&
    confirmation.confirmed &&
    (mode !== 'override' ||
      (!parsed.error &&
        (workflow || Object.keys(parsed.parameters).length > 0)));

  const submit = () => {
    const request: DecisionRequest = {
      decision: mode === 'reject' ? 'Rejected' : 'Approved',
      resourceVersion: approval.resourceVersion,
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(mode === 'override'
        ? {
            override: {
              ...(workflow ? { workflowName: workflow } : {}),
              ...(Object.keys(parsed.parameters).length
                ? { parameters: parsed.parameters }
                : {}),
              rationale: reason.trim(),
            },
          }
        : {}),
    };
    props.onConfirm(request);
  };

  const title = {
    approve: 'Approve remediation',
    reject: 'Reject remediation',
    override: 'Approve with override',
  }[mode];
  return (
    <Dialog
      open
      onClose={props.onCancel}
      maxWidth="sm"
      fullWidth
      aria-labelledby="decision-title"
    >
      <DialogTitle id="decision-title">{title}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ pt: 1 }}>
          <Typography>
            {mode === 'reject' ? 'Reject' : 'Approve'}{' '}
            <strong>{recommended ?? 'the recommended workflow'}</strong> on{' '}
            <strong>
              {remediation.target.namespace}/{remediation.target.kind}/{target}
            </strong>{' '}
            in cluster <strong>{remediation.cluster}</strong>
            {remediation.environment ? ` (${remediation.environment})` : ''}?
          </Typography>
          {confirmation.warning}
          {mode === 'override' && (
            <>
              <TextField
                select
                label="Workflow to run instead"
                size="small"
                value={workflow}
                onChange={e => setWorkflow(e.target.value)}
                helperText="Active workflows in this cluster; leave empty to keep the recommended one with new parameters"
              >
                <MenuItem value="">
                  <em>Keep the recommended workflow</em>
                </MenuItem>
                {active.map(w => (
                  <MenuItem key={w.name} value={w.name}>
                    {w.name} ({w.actionType})
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                label="Parameters (KEY=value, one a line)"
                multiline
                minRows={2}
                value={parametersText}
                onChange={e => setParametersText(e.target.value)}
                error={Boolean(parsed.error)}
                helperText={parsed.error}
                inputProps={{ style: { fontFamily: 'monospace' } }}
              />
            </>
          )}
          <TextField
            label={
              mode === 'override'
                ? 'Rationale (required)'
                : mode === 'reject'
                ? 'Reason (required)'
                : 'Reason (optional)'
            }
            multiline
            minRows={2}
            value={reason}
            onChange={e => setReason(e.target.value)}
            inputProps={{ maxLength: 2000 }}
            required={needsReason}
          />
          {confirmation.field}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onCancel}>Cancel</Button>
        <Button
          variant="contained"
          color={mode === 'reject' ? 'error' : 'primary'}
          disabled={!ready || props.pending}
          onClick={submit}
        >
          {props.pending ? 'Recording…' : title}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
