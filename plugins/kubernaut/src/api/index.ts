export {
  kubernautApiRef,
  type ClusterList,
  type InvestigationStreamHandlers,
  type KubernautApi,
  type RemediationListRequest,
  type RemediationSort,
  type RequestOptions,
} from './KubernautApi';
export { KubernautClient } from './KubernautClient';
export {
  kubernautUserTokenApiRef,
  noUserToken,
  type KubernautUserTokenApi,
} from './KubernautUserTokenApi';
