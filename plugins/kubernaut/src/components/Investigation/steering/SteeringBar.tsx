import { personName } from '@kubernaut/plugin-kubernaut-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import type { Steering } from './useSteering';

/** Who drives the remediation, and what the viewer can do about it. */
export function SteeringBar(props: { steering: Steering }) {
  const { steering } = props;
  if (steering.driving && steering.available)
    return (
      <Alert
        severity="info"
        variant="outlined"
        action={
          <Stack direction="row" spacing={1}>
            <Button
              size="small"
              onClick={() => steering.ask({ kind: 'dismiss' })}
            >
              Dismiss
            </Button>
            <Button
              size="small"
              color="warning"
              onClick={() => steering.ask({ kind: 'escalate' })}
            >
              Escalate
            </Button>
          </Stack>
        }
      >
        You drive this remediation: run one of the workflows the agent offers,
        ask in plain words, dismiss it or escalate it to people.
      </Alert>
    );
  if (steering.driver && !steering.driving)
    return (
      <Alert severity="info" variant="outlined">
        {personName(steering.driver)} drives this remediation.
      </Alert>
    );
  if (!steering.driver && steering.available)
    return (
      <Alert
        severity="info"
        variant="outlined"
        action={
          <Button
            size="small"
            color="warning"
            variant="contained"
            onClick={() => steering.ask({ kind: 'take-over' })}
          >
            Take over
          </Button>
        }
      >
        Kubernaut runs this remediation on its own. Take it over to choose the
        workflow, dismiss it or escalate it yourself.
      </Alert>
    );
  return null;
}
