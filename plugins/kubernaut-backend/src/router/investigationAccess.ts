import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import { remediationVisibility } from '../permissions/authorize';

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
