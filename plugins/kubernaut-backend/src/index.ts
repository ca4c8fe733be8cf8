/**
 * The Kubernaut backend plugin, mounted at `/api/kubernaut`.
 *
 * @packageDocumentation
 */
export { kubernautPlugin as default } from './plugin';
export {
  kubernautRemediationConditions,
  createKubernautRemediationConditionalDecision,
  remediationResourceRef,
  type RemediationQuery,
} from './permissions/rules';
