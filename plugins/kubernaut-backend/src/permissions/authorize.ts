import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  KUBERNAUT_APPROVAL_RESOURCE_TYPE,
  KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
  kubernautRemediationReadPermission,
  type RemediationSummary,
} from '@kubernaut/plugin-kubernaut-common';
import { approvalRules, remediationRules } from './rules';

/** Whether a conditional `kubernaut.approval.decide` decision allows deciding on this row. */
export const decideOnApproval = createConditionAuthorizer(
  Object.values(approvalRules),
);

const authorizeCondition = createConditionAuthorizer(
  Object.values(remediationRules),
);

/** The resource types whose permissions are judged against a remediation's row. */
type RowResourceType =
  | typeof KUBERNAUT_REMEDIATION_RESOURCE_TYPE
  | typeof KUBERNAUT_APPROVAL_RESOURCE_TYPE;

/** Each resource type's rules: an approval request is judged by its remediation's row. */
const conditionAuthorizers: Record<RowResourceType, typeof authorizeCondition> =
  {
    [KUBERNAUT_REMEDIATION_RESOURCE_TYPE]: authorizeCondition,
    [KUBERNAUT_APPROVAL_RESOURCE_TYPE]: decideOnApproval,
  };

/**
 * The caller's view of remediations as a row predicate: ALLOW sees all, DENY none, CONDITIONAL
 * what the policy's conditions match. Lists, counts and KPIs all go through it.
 */
export type Visibility = ((row: RemediationSummary) => boolean) & {
  /** Identifies the decision, so results derived from it can be cached. */
  key: string;
};

export async function remediationVisibility(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<Visibility> {
  const [decision] = await permissions.authorizeConditional(
    [{ permission: kubernautRemediationReadPermission }],
    { credentials },
  );
  if (decision.result === AuthorizeResult.ALLOW)
    return Object.assign(() => true, { key: 'allow' });
  if (decision.result !== AuthorizeResult.CONDITIONAL)
    return Object.assign(() => false, { key: 'deny' });
  return Object.assign(
    (row: RemediationSummary) => authorizeCondition(decision, row),
    {
      key: JSON.stringify(decision.conditions),
    },
  );
}

/** Throws 403 unless the caller holds the basic permission. */
export async function requirePermission(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  permission: BasicPermission,
): Promise<void> {
  const [decision] = await permissions.authorize([{ permission }], {
    credentials,
  });
  if (decision.result !== AuthorizeResult.ALLOW)
    throw new NotAllowedError(`missing permission ${permission.name}`);
}

/**
 * Throws 403 unless the caller holds a remediation (or approval request) permission for this
 * remediation: ALLOW, or CONDITIONAL with conditions its row matches under the permission's
 * resource type's rules.
 */
export async function requireOnRemediation(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  permission: ResourcePermission<RowResourceType>,
  row: RemediationSummary,
  verb: string,
): Promise<void> {
  const [decision] = await permissions.authorizeConditional([{ permission }], {
    credentials,
  });
  if (decision.result === AuthorizeResult.ALLOW) return;
  if (
    decision.result === AuthorizeResult.CONDITIONAL &&
    conditionAuthorizers[permission.resourceType](decision, row)
  )
    return;
  throw new NotAllowedError(
    `you may not ${verb} remediations like ${row.name} in ${row.cluster}`,
  );
}
