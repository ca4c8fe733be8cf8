export { Sandbox, DEFAULT_CLUSTERS, type SandboxOptions } from './Sandbox';
export { SimulatedCluster, type ClusterSpec } from './SimulatedCluster';
export { parseArgs } from './cli';
export { createSandboxTls, type SandboxTls } from './tls';
export {
  SANDBOX_PASSWORD,
  SANDBOX_PEOPLE,
  type SandboxPerson,
} from './oidc/people';
export { signInWithPassword, type SignedIn } from './oidc/signInFlow';
export { OIDC_CLIENT_ID, OIDC_CLIENT_SECRET_FILE } from './Sandbox';
