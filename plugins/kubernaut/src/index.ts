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
/** The plugin's icon (MUI `AutoFixHighOutlined`), for RHDH's `appIcons` and menu items. */
export { default as KubernautIcon } from '@mui/icons-material/AutoFixHighOutlined';
export {
  kubernautApiRef,
  kubernautUserTokenApiRef,
  noUserToken,
  KubernautClient,
  type KubernautUserTokenApi,
  type ClusterList,
  type InvestigationStreamHandlers,
  type KubernautApi,
  type RemediationListRequest,
  type RequestOptions,
} from './api';
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
