/**
 * Kubernaut for Backstage: fleet overview, investigations, approvals and the workflow catalog.
 *
 * @packageDocumentation
 */
export {
  kubernautPlugin,
  KubernautPage,
  EntityKubernautContent,
  EntityKubernautCard,
} from './plugin';
export { kubernautApiRef, KubernautClient, type KubernautApi } from './api';
export {
  isKubernautAvailable,
  getKubernautEntityTargets,
  parseTargetAnnotation,
  KUBERNAUT_CLUSTER_ANNOTATION,
  KUBERNAUT_TARGET_ANNOTATION,
  KUBERNETES_ID_ANNOTATION,
  type KubernautEntityTargets,
  type KubernautTargetPattern,
} from './entity';
