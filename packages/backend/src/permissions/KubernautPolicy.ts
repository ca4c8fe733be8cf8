import type { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isResourcePermission,
  type PermissionCondition,
  type PermissionCriteria,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  createKubernautApprovalConditionalDecision,
  createKubernautRemediationConditionalDecision,
  kubernautApprovalConditions,
  kubernautRemediationConditions,
} from '@kubernaut/plugin-kubernaut-backend';
import {
  KUBERNAUT_APPROVAL_RESOURCE_TYPE,
  KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
} from '@kubernaut/plugin-kubernaut-common';
import { isScopedGrant, type KubernautGrant } from './grants';

type Conditions<T extends string> = {
  [Rule in
    | 'isInCluster'
    | 'hasEnvironment'
    | 'isInNamespace'
    | 'hasSeverity']: (params: any) => PermissionCondition<T>;
};

/** Any of the grants, each with all of its scopes. */
function criteria<T extends string>(
  conditions: Conditions<T>,
  grants: KubernautGrant[],
): PermissionCriteria<PermissionCondition<T>> {
  const each = grants.map(grant => {
    const all: PermissionCondition<T>[] = [];
    if (grant.clusters)
      all.push(conditions.isInCluster({ clusters: grant.clusters }));
    if (grant.environments)
      all.push(conditions.hasEnvironment({ environments: grant.environments }));
    if (grant.namespaces)
      all.push(conditions.isInNamespace({ namespaces: grant.namespaces }));
    if (grant.severities)
      all.push(conditions.hasSeverity({ severities: grant.severities }));
    return {
      allOf: all as [PermissionCondition<T>, ...PermissionCondition<T>[]],
    };
  });
  return {
    anyOf: each as [
      PermissionCriteria<PermissionCondition<T>>,
      ...PermissionCriteria<PermissionCondition<T>>[],
    ],
  };
}

/**
 * The dev stack's permission policy, as an administrator would write one: Kubernaut's
 * permissions follow `permission.kubernaut.grants` (people by user or group, scopes become the
 * plugin's conditions, so lists and counts are filtered, not just buttons); anything not granted
 * is denied. Other plugins' permissions are allowed, as the dev portal has no policy for them.
 */
export class KubernautPolicy implements PermissionPolicy {
  constructor(
    private readonly grants: KubernautGrant[],
    private readonly userInfo: UserInfoService,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    if (!permission.name.startsWith('kubernaut.'))
      return { result: AuthorizeResult.ALLOW };
    if (!user) return { result: AuthorizeResult.DENY };
    const { userEntityRef, ownershipEntityRefs } =
      await this.userInfo.getUserInfo(user.credentials);
    const identities = new Set([userEntityRef, ...ownershipEntityRefs]);
    const grants = this.grants.filter(
      grant =>
        grant.permissions.includes(permission.name) &&
        grant.who.some(ref => identities.has(ref)),
    );
    if (!grants.length) return { result: AuthorizeResult.DENY };
    if (grants.some(grant => !isScopedGrant(grant)))
      return { result: AuthorizeResult.ALLOW };
    if (isResourcePermission(permission, KUBERNAUT_APPROVAL_RESOURCE_TYPE))
      return createKubernautApprovalConditionalDecision(
        permission,
        criteria(kubernautApprovalConditions, grants),
      );
    if (isResourcePermission(permission, KUBERNAUT_REMEDIATION_RESOURCE_TYPE))
      return createKubernautRemediationConditionalDecision(
        permission,
        criteria(kubernautRemediationConditions, grants),
      );
    return { result: AuthorizeResult.DENY };
  }
}
