import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { CustomObjectsApi } from '@kubernetes/client-node';
import {
  AuthorizeResult,
  type BasicPermission,
} from '@backstage/plugin-permission-common';
import type { ClusterConnection } from '../cluster/ClusterConnection';
import { readRemediation, type RemediationRecord } from '../cluster/readers';
import type { Visibility } from '../permissions/authorize';

/** Whether the caller holds a basic permission, without refusing. */
export async function holdsPermission(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  permission: BasicPermission,
): Promise<boolean> {
  const [decision] = await permissions.authorize([{ permission }], {
    credentials,
  });
  return decision.result === AuthorizeResult.ALLOW;
}

function statusCode(error: unknown): number | undefined {
  const e = error as { code?: unknown; statusCode?: unknown };
  if (typeof e?.code === 'number') return e.code;
  return typeof e?.statusCode === 'number' ? e.statusCode : undefined;
}

/**
 * A remediation as the cache has it, else as the cluster has it now (a GET with the backend's
 * credential, e.g. while the cache is still syncing); undefined when the cluster has it no more.
 */
export async function findRemediation(
  connection: ClusterConnection,
  name: string,
): Promise<RemediationRecord | undefined> {
  const cached = connection.remediationRow(name);
  if (cached) return cached;
  let object: unknown;
  try {
    object = await connection.kubeConfig
      .makeApiClient(CustomObjectsApi)
      .getNamespacedCustomObject({
        group: 'kubernaut.ai',
        version: 'v1alpha1',
        namespace: connection.config.namespace,
        plural: 'remediationrequests',
        name,
      });
  } catch (error) {
    if (statusCode(error) === 404) return undefined;
    throw error;
  }
  const record = readRemediation(object as any, connection.name);
  if (record)
    record.environment =
      connection.signalProcessings.items.get(`sp-${name}`)?.environment ??
      connection.config.environment;
  return record;
}

/**
 * Refuses (403) unless the caller may see the remediation. Fails closed: a remediation that is
 * neither cached nor in the cluster (aged out, or never there) is visible only to callers who see
 * every remediation, since nothing is left to check a conditional policy against.
 */
export async function requireVisibleRemediation(
  connection: ClusterConnection,
  name: string,
  allowed: Visibility,
): Promise<RemediationRecord | undefined> {
  if (allowed.key === 'allow') return connection.remediationRow(name);
  const row = await findRemediation(connection, name);
  if (!row || !allowed(row))
    throw new NotAllowedError(
      row
        ? `you may not see remediation ${name} in cluster ${connection.name}`
        : `remediation ${name} is not known in cluster ${connection.name}, so whether you may see it cannot be checked`,
    );
  return row;
}
