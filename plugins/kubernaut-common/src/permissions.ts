import {
  createPermission,
  type BasicPermission,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * Resource type of a RemediationRequest as the plugin's permission rules see it.
 *
 * @public
 */
export const KUBERNAUT_REMEDIATION_RESOURCE_TYPE = 'kubernaut-remediation';

/**
 * Resource type of a RemediationApprovalRequest as the plugin's permission rules see it.
 *
 * @public
 */
export const KUBERNAUT_APPROVAL_RESOURCE_TYPE = 'kubernaut-approval';

/**
 * See remediations (and everything derived from them: KPIs, streams, counts). Conditional.
 *
 * @public
 */
export const kubernautRemediationReadPermission: ResourcePermission<
  typeof KUBERNAUT_REMEDIATION_RESOURCE_TYPE
> = createPermission({
  name: 'kubernaut.remediation.read',
  attributes: { action: 'read' },
  resourceType: KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
});

/**
 * Cancel a remediation that has not ended. Conditional, like reading it.
 *
 * @public
 */
export const kubernautRemediationCancelPermission: ResourcePermission<
  typeof KUBERNAUT_REMEDIATION_RESOURCE_TYPE
> = createPermission({
  name: 'kubernaut.remediation.cancel',
  attributes: { action: 'update' },
  resourceType: KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
});

/**
 * Steer a remediation from its investigation: take it over from the autonomous run, run one of
 * the workflows the agent offers, dismiss it or escalate it to people. Conditional, like cancel.
 *
 * @public
 */
export const kubernautRemediationSteerPermission: ResourcePermission<
  typeof KUBERNAUT_REMEDIATION_RESOURCE_TYPE
> = createPermission({
  name: 'kubernaut.remediation.steer',
  attributes: { action: 'update' },
  resourceType: KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
});

/**
 * Approve or reject a RemediationApprovalRequest. Conditional.
 *
 * @public
 */
export const kubernautApprovalDecidePermission: ResourcePermission<
  typeof KUBERNAUT_APPROVAL_RESOURCE_TYPE
> = createPermission({
  name: 'kubernaut.approval.decide',
  attributes: { action: 'update' },
  resourceType: KUBERNAUT_APPROVAL_RESOURCE_TYPE,
});

/**
 * Approve with another workflow or other parameters than the agent chose.
 *
 * @public
 */
export const kubernautApprovalOverridePermission = createPermission({
  name: 'kubernaut.approval.override',
  attributes: { action: 'update' },
});

/**
 * Start an investigation or send a follow-up question to the agent.
 *
 * @public
 */
export const kubernautInvestigationCreatePermission = createPermission({
  name: 'kubernaut.investigation.create',
  attributes: { action: 'create' },
});

/**
 * Read a remediation's audit trail from Kubernaut's Data Storage.
 *
 * @public
 */
export const kubernautAuditReadPermission = createPermission({
  name: 'kubernaut.audit.read',
  attributes: { action: 'read' },
});

/**
 * Browse the workflow catalog.
 *
 * @public
 */
export const kubernautWorkflowReadPermission = createPermission({
  name: 'kubernaut.workflow.read',
  attributes: { action: 'read' },
});

/**
 * Every permission the Kubernaut plugins define, for registration and policy tooling.
 *
 * @public
 */
export const kubernautPermissions: Array<
  | BasicPermission
  | ResourcePermission<typeof KUBERNAUT_REMEDIATION_RESOURCE_TYPE>
  | ResourcePermission<typeof KUBERNAUT_APPROVAL_RESOURCE_TYPE>
> = [
  kubernautRemediationReadPermission,
  kubernautRemediationCancelPermission,
  kubernautRemediationSteerPermission,
  kubernautApprovalDecidePermission,
  kubernautApprovalOverridePermission,
  kubernautInvestigationCreatePermission,
  kubernautAuditReadPermission,
  kubernautWorkflowReadPermission,
];

/**
 * How the permission framework names one remediation (and its approval request) as a resource,
 * e.g. for `usePermission({ permission, resourceRef })`.
 *
 * @public
 */
export function kubernautResourceRef(cluster: string, name: string): string {
  return `${cluster}:${name}`;
}

/**
 * Reads a resource ref made by `kubernautResourceRef`; undefined when it is not one.
 *
 * @public
 */
export function parseKubernautResourceRef(
  ref: string,
): { cluster: string; name: string } | undefined {
  const match = /^([a-z0-9-]+):([a-z0-9.-]+)$/.exec(ref);
  return match ? { cluster: match[1], name: match[2] } : undefined;
}
