import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  TERMINAL_PHASES,
  kubernautRemediationSteerPermission,
  kubernautResourceRef,
  type InvestigationRecord,
  personName,
} from '@kubernaut/plugin-kubernaut-common';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { kubernautApiRef } from '../../../api';
import { kubernautKeys, useRemediation } from '../../../hooks/queries';
import type { Transcript } from '../../../transcript/transcript';
import type { SteeringControls } from './SteeringContext';
import {
  SteeringDialog,
  type SteeringConfirmation,
  type SteeringIntent,
} from './SteeringDialog';

export interface Steering {
  /** For the transcript's workflow cards. */
  controls: SteeringControls;
  /** The remediation is running and this person may steer it. */
  available: boolean;
  /** Who drives the remediation, when someone does. */
  driver?: string;
  /** The viewer drives it. */
  driving: boolean;
  /** Why the viewer cannot steer, when they cannot. */
  unavailableReason?: string;
  /** Opens the confirmation of an act. */
  ask(intent: SteeringIntent): void;
  /** The open confirmation, to render. */
  dialog: ReactNode;
}

/**
 * Steering an investigation's remediation: who drives it, what the viewer may do, and the
 * confirmations of taking over, running a workflow, dismissing and escalating.
 */
export function useSteering(props: {
  id: string;
  record?: InvestigationRecord;
  transcript: Transcript;
  onTakenOver?(): void;
}): Steering {
  const api = useApi(kubernautApiRef);
  const identity = useApi(identityApiRef);
  const queryClient = useQueryClient();
  const cluster = props.record?.cluster ?? '';
  const name = props.transcript.remediation ?? props.record?.remediation ?? '';
  const me = useQuery({
    queryKey: ['kubernaut', 'identity'],
    queryFn: async () => (await identity.getBackstageIdentity()).userEntityRef,
    staleTime: Infinity,
  });
  const remediation = useRemediation(cluster, name);
  const permission = usePermission({
    permission: kubernautRemediationSteerPermission,
    resourceRef: kubernautResourceRef(cluster, name),
  });
  const [intent, setIntent] = useState<SteeringIntent>();

  const act = useMutation({
    mutationFn: async (confirmation: SteeringConfirmation) =>
      confirmation.kind === 'take-over'
        ? api.takeOverInvestigation(props.id, confirmation.message)
        : api.steerInvestigation(props.id, confirmation.action),
    onSuccess: (_result, confirmation) => {
      setIntent(undefined);
      if (confirmation.kind === 'take-over') props.onTakenOver?.();
      queryClient.invalidateQueries({
        queryKey: kubernautKeys.remediation(cluster, name),
      });
    },
  });

  const driver = props.transcript.driver ?? props.record?.driver;
  const running =
    remediation.data !== undefined &&
    !TERMINAL_PHASES.includes(remediation.data.phase);
  const driving = Boolean(driver && driver === me.data);
  let unavailableReason: string | undefined;
  if (!name)
    unavailableReason = 'The conversation has not found its remediation yet';
  else if (remediation.data && !running)
    unavailableReason = `Remediation ${name} has ended`;
  else if (!permission.loading && !permission.allowed)
    unavailableReason =
      'You do not have kubernaut.remediation.steer for this remediation';
  else if (driver && !driving)
    unavailableReason = `${personName(driver)} drives this remediation`;
  else if (!driver) unavailableReason = 'Take the remediation over first';
  const available = running && permission.allowed && !(driver && !driving);

  const controls = useMemo<SteeringControls>(
    () =>
      available && driving
        ? {
            runOption: option => setIntent({ kind: 'select-workflow', option }),
          }
        : { unavailableReason },
    [available, driving, unavailableReason],
  );

  const dialog =
    intent && remediation.data ? (
      <SteeringDialog
        intent={intent}
        remediation={remediation.data}
        pending={act.isPending}
        error={act.isError ? (act.error as Error).message : undefined}
        onCancel={() => {
          setIntent(undefined);
          act.reset();
        }}
        onConfirm={confirmation => act.mutate(confirmation)}
      />
    ) : null;

  return {
    controls,
    available,
    driver,
    driving,
    unavailableReason,
    ask: setIntent,
    dialog,
  };
}
