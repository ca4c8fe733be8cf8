export {
  kubernautApiRef,
  type ClusterList,
  type InvestigationStreamHandlers,
  type KubernautApi,
  type RemediationListRequest,
  type RemediationSort,
} from './KubernautApi';
export { KubernautClient } from './KubernautClient';
