import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { kubernautRemediationSteerPermission } from '@kubernaut/plugin-kubernaut-common';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import {
  remediationVisibility,
  requireOnRemediation,
} from '../permissions/authorize';
import type { Person } from './person';

/**
 * Who may watch an investigation (read its transcript, rate it): whoever may see its
 * remediation, or, while the remediation is not known here, whoever started it.
 */
export function investigationWatchRule(
  registry: ClusterRegistry,
  permissions: PermissionsService,
) {
  return async (
    credentials: BackstageCredentials,
    userEntityRef: string | undefined,
    record: { cluster: string; remediation?: string; createdBy: string },
  ): Promise<boolean> => {
    if (record.remediation && registry.names().includes(record.cluster)) {
      const row = registry
        .get(record.cluster)
        .remediationRow(record.remediation);
      if (row)
        return (await remediationVisibility(permissions, credentials))(row);
    }
    return userEntityRef === record.createdBy;
  };
}

/**
 * Who may ask in an investigation (a follow-up goes upstream in its context, under its
 * credential): whoever started or drives it, else only someone allowed to steer its remediation
 * (`kubernaut.remediation.steer`). Watching it, or having joined it, is not enough. Throws 403.
 */
export function investigationAskRule(
  registry: ClusterRegistry,
  permissions: PermissionsService,
) {
  return async (
    person: Person,
    record: {
      cluster: string;
      remediation?: string;
      createdBy: string;
      driver?: string;
    },
  ): Promise<void> => {
    if (
      person.userEntityRef === record.createdBy ||
      person.userEntityRef === record.driver
    )
      return;
    const row =
      record.remediation && registry.names().includes(record.cluster)
        ? registry.get(record.cluster).remediationRow(record.remediation)
        : undefined;
    if (!row)
      throw new NotAllowedError(
        'only whoever started this investigation may ask in it',
      );
    await requireOnRemediation(
      permissions,
      person.credentials,
      kubernautRemediationSteerPermission,
      row,
      'ask in investigations of',
    );
  };
}
