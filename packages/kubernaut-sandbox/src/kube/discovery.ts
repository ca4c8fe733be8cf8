import {
  apiVersionOf,
  KUBERNAUT_GROUP,
  KUBERNAUT_VERSION,
  type ResourceType,
} from './resources';

const VERBS = ['delete', 'get', 'list', 'patch', 'create', 'update', 'watch'];

function apiResource(type: ResourceType) {
  return {
    name: type.plural,
    singularName: type.singular,
    namespaced: type.namespaced,
    kind: type.kind,
    verbs: type.kind === 'Namespace' ? ['get', 'list', 'watch'] : VERBS,
    ...(type.shortNames.length ? { shortNames: type.shortNames } : {}),
    ...(type.group ? { categories: [] as string[] } : {}),
    storageVersionHash: Buffer.from(`${apiVersionOf(type)}/${type.kind}`)
      .toString('base64')
      .slice(0, 11),
  };
}

function statusResource(type: ResourceType) {
  return {
    name: `${type.plural}/status`,
    singularName: '',
    namespaced: type.namespaced,
    kind: type.kind,
    verbs: ['get', 'patch', 'update'],
  };
}

export function apiResourceList(groupVersion: string, types: ResourceType[]) {
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion,
    resources: types.flatMap(t =>
      t.hasStatus ? [apiResource(t), statusResource(t)] : [apiResource(t)],
    ),
  };
}

export function coreApiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export function kubernautGroup() {
  const version = {
    groupVersion: `${KUBERNAUT_GROUP}/${KUBERNAUT_VERSION}`,
    version: KUBERNAUT_VERSION,
  };
  return {
    kind: 'APIGroup',
    apiVersion: 'v1',
    name: KUBERNAUT_GROUP,
    versions: [version],
    preferredVersion: version,
  };
}

export function apiGroupList() {
  const { kind: _kind, apiVersion: _apiVersion, ...group } = kubernautGroup();
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: [group] };
}

export function versionInfo() {
  return {
    major: '1',
    minor: '31',
    gitVersion: 'v1.31.0-kubernaut-sandbox',
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-11-01T00:00:00Z',
    goVersion: 'go1.22.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}
