import { type Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { InputError } from '@backstage/errors';
import { readFileSync } from 'node:fs';

export type ClusterConnectionConfig =
  | {
      kind: 'url';
      url: string;
      caData?: string;
      caFile?: string;
      skipTLSVerify: boolean;
    }
  | { kind: 'kubeconfig'; path: string; context?: string }
  | { kind: 'inCluster' };

export interface ServiceEndpointConfig {
  url: string;
  token?: string;
  /** PEM of the CA to trust (from `caData` or `caFile`); the system's CAs when absent. */
  caPem?: string;
  skipTLSVerify: boolean;
}

/** One configured Kubernaut installation, checked. */
export interface ClusterConfig {
  name: string;
  title: string;
  environment?: string;
  connection: ClusterConnectionConfig;
  serviceAccountToken?: string;
  namespace: string;
  dataStorage?: ServiceEndpointConfig;
  apiFrontend?: ServiceEndpointConfig;
  approvalMode: 'impersonate' | 'apiFrontend';
}

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function httpUrl(value: string, where: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`${where} must be an http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InputError(`${where} must be an http(s) URL, got "${value}"`);
  return value.replace(/\/+$/, '');
}

function endpoint(
  config: Config | undefined,
  where: string,
): ServiceEndpointConfig | undefined {
  if (!config) return undefined;
  const caData = config.getOptionalString('caData');
  const caFile = config.getOptionalString('caFile');
  if (caData && caFile)
    throw new InputError(`${where}: set caData or caFile, not both`);
  let caPem: string | undefined;
  if (caData)
    caPem = caData.includes('-----BEGIN')
      ? caData
      : Buffer.from(caData, 'base64').toString('utf8');
  if (caFile) {
    try {
      caPem = readFileSync(caFile, 'utf8');
    } catch (error) {
      throw new InputError(
        `${where}.caFile ${caFile} cannot be read: ${(error as Error).message}`,
      );
    }
  }
  if (caPem !== undefined && !caPem.includes('-----BEGIN CERTIFICATE-----'))
    throw new InputError(`${where}: the CA is not a PEM certificate`);
  return {
    url: httpUrl(config.getString('url'), `${where}.url`),
    token: config.getOptionalString('token'),
    caPem,
    skipTLSVerify: config.getOptionalBoolean('skipTLSVerify') ?? false,
  };
}

/**
 * Reads `kubernaut.clusters`. Every problem names the config path, so a mistake is fixed from
 * the error alone; an unreachable cluster is not a config problem and is reported at runtime.
 */
export function readClusterConfigs(root: Config): ClusterConfig[] {
  const list = root.getOptionalConfigArray('kubernaut.clusters') ?? [];
  const seen = new Set<string>();
  return list.map((cluster, index) => {
    const where = `kubernaut.clusters[${index}]`;
    const name = cluster.getString('name');
    if (!NAME.test(name) || name.length > 63)
      throw new InputError(
        `${where}.name "${name}" must be a DNS label (lowercase letters, digits and '-')`,
      );
    if (seen.has(name))
      throw new InputError(`${where}.name "${name}" is configured twice`);
    seen.add(name);

    const url = cluster.getOptionalString('url');
    const kubeconfig = cluster.getOptionalConfig('kubeconfig');
    const inCluster = cluster.getOptionalBoolean('inCluster') ?? false;
    const ways = [
      url !== undefined,
      kubeconfig !== undefined,
      inCluster,
    ].filter(Boolean).length;
    if (ways !== 1)
      throw new InputError(
        `${where} (${name}) needs exactly one of url, kubeconfig or inCluster`,
      );

    let connection: ClusterConnectionConfig;
    if (url !== undefined) {
      connection = {
        kind: 'url',
        url: httpUrl(url, `${where}.url`),
        caData: cluster.getOptionalString('caData'),
        caFile: cluster.getOptionalString('caFile'),
        skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
      };
    } else if (kubeconfig) {
      connection = {
        kind: 'kubeconfig',
        path: kubeconfig.getString('path'),
        context: kubeconfig.getOptionalString('context'),
      };
    } else {
      connection = { kind: 'inCluster' };
    }

    const approvalMode =
      cluster.getOptionalString('approvalMode') ?? 'impersonate';
    if (approvalMode !== 'impersonate' && approvalMode !== 'apiFrontend') {
      throw new InputError(
        `${where}.approvalMode must be impersonate or apiFrontend, got "${approvalMode}"`,
      );
    }
    const namespace =
      cluster.getOptionalString('namespace') ?? 'kubernaut-system';
    if (!NAME.test(namespace))
      throw new InputError(
        `${where}.namespace "${namespace}" is not a valid namespace name`,
      );

    return {
      name,
      title: cluster.getOptionalString('title') ?? name,
      environment: cluster.getOptionalString('environment'),
      connection,
      serviceAccountToken: cluster.getOptionalString('serviceAccountToken'),
      namespace,
      dataStorage: endpoint(
        cluster.getOptionalConfig('dataStorage'),
        `${where}.dataStorage`,
      ),
      apiFrontend: endpoint(
        cluster.getOptionalConfig('apiFrontend'),
        `${where}.apiFrontend`,
      ),
      approvalMode,
    };
  });
}

/** `kubernaut.cache.childrenAfterEnd` in milliseconds, or undefined for the default. */
export function readSettleMs(config: Config): number | undefined {
  const key = 'kubernaut.cache.childrenAfterEnd';
  if (!config.has(key)) return undefined;
  const ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
  if (!(ms >= 0))
    throw new InputError(`${key} must be a duration of zero or more`);
  return ms;
}
