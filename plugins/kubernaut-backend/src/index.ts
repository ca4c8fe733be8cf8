/**
 * The Kubernaut backend plugin, mounted at `/api/kubernaut`.
 *
 * @packageDocumentation
 */
export { kubernautPlugin as default } from './plugin';
export {
  kubernautApprovalConditions,
  createKubernautApprovalConditionalDecision,
  kubernautRemediationConditions,
  createKubernautRemediationConditionalDecision,
  remediationResourceRef,
  type RemediationQuery,
} from './permissions/rules';
