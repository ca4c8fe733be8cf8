import { personName } from '@kubernaut/plugin-kubernaut-common';
import type { SteeringOutcome } from '@kubernaut/plugin-kubernaut-common';
import Alert from '@mui/material/Alert';
import Typography from '@mui/material/Typography';

function describe(outcome: SteeringOutcome): string {
  switch (outcome.action) {
    case 'select-workflow': {
      const parameters = Object.entries(outcome.parameters ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      return `chose workflow ${outcome.workflowId}${
        parameters ? ` (${parameters})` : ''
      }`;
    }
    case 'dismiss':
      return `dismissed it: nothing to do${
        outcome.reason ? ` (${outcome.reason})` : ''
      }`;
    case 'escalate':
    default:
      return `escalated it to people: ${outcome.reason ?? ''}`;
  }
}

/** What the driver did from the console, credited to them, with Kubernaut's answer. */
export function SteeringNotice(props: { outcome: SteeringOutcome }) {
  const { outcome } = props;
  return (
    <Alert
      severity={outcome.action === 'select-workflow' ? 'success' : 'info'}
      variant="outlined"
    >
      <strong>{personName(outcome.user)}</strong> {describe(outcome)}.
      {outcome.message && (
        <Typography variant="body2" color="text.secondary" component="span">
          {' '}
          Kubernaut: {outcome.message}
        </Typography>
      )}
    </Alert>
  );
}
