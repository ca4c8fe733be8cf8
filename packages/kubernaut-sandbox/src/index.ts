export { Sandbox, DEFAULT_CLUSTERS, type SandboxOptions } from './Sandbox';
export { SimulatedCluster, type ClusterSpec } from './SimulatedCluster';
export { parseArgs } from './cli';
export { createSandboxTls, type SandboxTls } from './tls';
