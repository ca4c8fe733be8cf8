import {
  KUBERNAUT_APPROVAL_RESOURCE_TYPE,
  KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
  type RemediationSummary,
} from '@kubernaut/plugin-kubernaut-common';
import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { z } from 'zod';

/**
 * What a remediation condition compiles to when a caller wants a query instead of a check.
 *
 * @public
 */
export type RemediationQuery = {
  property: 'cluster' | 'namespace' | 'environment' | 'severity';
  values: string[];
};

/**
 * The permission framework's resource type of a remediation, named `cluster:remediation`.
 *
 * @public
 */
export const remediationResourceRef = createPermissionResourceRef<
  RemediationSummary,
  RemediationQuery
>().with({
  pluginId: 'kubernaut',
  resourceType: KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
});

/** An approval request is judged by the remediation it belongs to (cluster, target, environment, severity). */
export const approvalResourceRef = createPermissionResourceRef<
  RemediationSummary,
  RemediationQuery
>().with({
  pluginId: 'kubernaut',
  resourceType: KUBERNAUT_APPROVAL_RESOURCE_TYPE,
});

const list = (description: string) =>
  z.array(z.string().min(1)).min(1).describe(description);

/** The four rules' meaning, shared by remediations and approvals. */
const specs = {
  isInCluster: {
    name: 'IS_IN_CLUSTER',
    description: 'In one of the given clusters',
    paramsSchema: z.object({
      clusters: list('Cluster names as configured in kubernaut.clusters'),
    }),
    apply: (row: RemediationSummary, { clusters }: { clusters: string[] }) =>
      clusters.includes(row.cluster),
    toQuery: ({ clusters }: { clusters: string[] }): RemediationQuery => ({
      property: 'cluster',
      values: clusters,
    }),
  },
  isInNamespace: {
    name: 'IS_IN_NAMESPACE',
    description:
      'Whose target (signal or RCA) is in one of the given namespaces',
    paramsSchema: z.object({ namespaces: list('Target namespaces') }),
    apply: (
      row: RemediationSummary,
      { namespaces }: { namespaces: string[] },
    ) =>
      namespaces.includes(row.target.namespace ?? '') ||
      (row.rcaTarget?.namespace !== undefined &&
        namespaces.includes(row.rcaTarget.namespace)),
    toQuery: ({ namespaces }: { namespaces: string[] }): RemediationQuery => ({
      property: 'namespace',
      values: namespaces,
    }),
  },
  hasEnvironment: {
    name: 'HAS_ENVIRONMENT',
    description: 'In one of the given environments (production, staging, …)',
    paramsSchema: z.object({ environments: list('Environments, lowercase') }),
    apply: (
      row: RemediationSummary,
      { environments }: { environments: string[] },
    ) =>
      row.environment !== undefined && environments.includes(row.environment),
    toQuery: ({
      environments,
    }: {
      environments: string[];
    }): RemediationQuery => ({ property: 'environment', values: environments }),
  },
  hasSeverity: {
    name: 'HAS_SEVERITY',
    description:
      'Of one of the given severities (critical, high, warning, info)',
    paramsSchema: z.object({ severities: list('Normalised severities') }),
    apply: (
      row: RemediationSummary,
      { severities }: { severities: string[] },
    ) => severities.includes(row.severity),
    toQuery: ({ severities }: { severities: string[] }): RemediationQuery => ({
      property: 'severity',
      values: severities,
    }),
  },
};

export const remediationRules = {
  isInCluster: createPermissionRule({
    ...specs.isInCluster,
    resourceRef: remediationResourceRef,
  }),
  isInNamespace: createPermissionRule({
    ...specs.isInNamespace,
    resourceRef: remediationResourceRef,
  }),
  hasEnvironment: createPermissionRule({
    ...specs.hasEnvironment,
    resourceRef: remediationResourceRef,
  }),
  hasSeverity: createPermissionRule({
    ...specs.hasSeverity,
    resourceRef: remediationResourceRef,
  }),
};

export const approvalRules = {
  isInCluster: createPermissionRule({
    ...specs.isInCluster,
    resourceRef: approvalResourceRef,
  }),
  isInNamespace: createPermissionRule({
    ...specs.isInNamespace,
    resourceRef: approvalResourceRef,
  }),
  hasEnvironment: createPermissionRule({
    ...specs.hasEnvironment,
    resourceRef: approvalResourceRef,
  }),
  hasSeverity: createPermissionRule({
    ...specs.hasSeverity,
    resourceRef: approvalResourceRef,
  }),
};

const remediationConditionExports = createConditionExports({
  pluginId: 'kubernaut',
  resourceType: KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
  rules: remediationRules,
});

/**
 * Conditions for permission policies: `kubernautRemediationConditions.isInCluster({ clusters: ['staging'] })`.
 *
 * @public
 */
export const kubernautRemediationConditions =
  remediationConditionExports.conditions;

/**
 * Makes a conditional decision on a remediation permission from `kubernautRemediationConditions`.
 *
 * @public
 */
export const createKubernautRemediationConditionalDecision =
  remediationConditionExports.createConditionalDecision;

const approvalConditionExports = createConditionExports({
  pluginId: 'kubernaut',
  resourceType: KUBERNAUT_APPROVAL_RESOURCE_TYPE,
  rules: approvalRules,
});

/**
 * Conditions on deciding an approval request (`kubernaut.approval.decide`), judged on its
 * remediation: `kubernautApprovalConditions.hasEnvironment({ environments: ['staging'] })`.
 *
 * @public
 */
export const kubernautApprovalConditions = approvalConditionExports.conditions;

/**
 * Makes a conditional decision on `kubernaut.approval.decide` from `kubernautApprovalConditions`.
 *
 * @public
 */
export const createKubernautApprovalConditionalDecision =
  approvalConditionExports.createConditionalDecision;
