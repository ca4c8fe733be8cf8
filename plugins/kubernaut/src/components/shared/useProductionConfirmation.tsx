import type { RemediationDetail } from '@kubernaut/plugin-kubernaut-common';
import Alert from '@mui/material/Alert';
import TextField from '@mui/material/TextField';
import { useState } from 'react';

/**
 * On production, an act on a remediation is confirmed by typing its target's name, so it is
 * never one stray click. `warning` and `field` are placed by the dialog; `confirmed` is true
 * off production or once the name is typed.
 */
export function useProductionConfirmation(remediation: RemediationDetail) {
  const production = remediation.environment === 'production';
  const target = remediation.target.name;
  const [typed, setTyped] = useState('');
  return {
    confirmed: !production || typed === target,
    warning: production ? (
      <Alert severity="warning">
        This is a production cluster. Type <strong>{target}</strong> to confirm.
      </Alert>
    ) : null,
    field: production ? (
      <TextField
        label={`Type ${target} to confirm`}
        size="small"
        value={typed}
        onChange={e => setTyped(e.target.value)}
        autoComplete="off"
      />
    ) : null,
  };
}
