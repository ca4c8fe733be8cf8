import { ConfigReader } from '@backstage/config';
import type { JsonValue } from '@backstage/types';
import { readClusterConfigs } from './clusterConfig';

function read(clusters: JsonValue[]) {
  return readClusterConfigs(new ConfigReader({ kubernaut: { clusters } }));
}

describe('readClusterConfigs', () => {
  it('reads a URL cluster with defaults', () => {
    expect(
      read([
        {
          name: 'prod-a',
          url: 'https://k8s.example:6443/',
          serviceAccountToken: 't',
        },
      ]),
    ).toEqual([
      {
        name: 'prod-a',
        title: 'prod-a',
        environment: undefined,
        connection: {
          kind: 'url',
          url: 'https://k8s.example:6443',
          caData: undefined,
          caFile: undefined,
          skipTLSVerify: false,
        },
        serviceAccountToken: 't',
        namespace: 'kubernaut-system',
        dataStorage: undefined,
        apiFrontend: undefined,
        approvalMode: 'impersonate',
      },
    ]);
  });

  it('reads kubeconfig and in-cluster connections and service endpoints', () => {
    const [a, b] = read([
      {
        name: 'a',
        kubeconfig: { path: '/k', context: 'ctx' },
        dataStorage: { url: 'http://ds:8080' },
        apiFrontend: { url: 'https://af:8443', token: 'x' },
        approvalMode: 'apiFrontend',
      },
      { name: 'b', inCluster: true, namespace: 'kubernaut' },
    ]);
    expect(a.connection).toEqual({
      kind: 'kubeconfig',
      path: '/k',
      context: 'ctx',
    });
    expect(a.dataStorage).toEqual({ url: 'http://ds:8080', token: undefined });
    expect(a.approvalMode).toBe('apiFrontend');
    expect(b.connection).toEqual({ kind: 'inCluster' });
    expect(b.namespace).toBe('kubernaut');
  });

  it('is empty without configuration', () => {
    expect(readClusterConfigs(new ConfigReader({}))).toEqual([]);
  });

  it.each([
    [
      [{ name: 'Bad_Name', inCluster: true }],
      'kubernaut.clusters[0].name "Bad_Name" must be a DNS label',
    ],
    [
      [
        { name: 'a', inCluster: true },
        { name: 'a', inCluster: true },
      ],
      'kubernaut.clusters[1].name "a" is configured twice',
    ],
    [
      [{ name: 'a' }],
      'kubernaut.clusters[0] (a) needs exactly one of url, kubeconfig or inCluster',
    ],
    [
      [{ name: 'a', url: 'https://x', inCluster: true }],
      'needs exactly one of url, kubeconfig or inCluster',
    ],
    [
      [{ name: 'a', url: 'ftp://x' }],
      'kubernaut.clusters[0].url must be an http(s) URL',
    ],
    [
      [{ name: 'a', inCluster: true, approvalMode: 'yolo' }],
      'approvalMode must be impersonate or apiFrontend',
    ],
    [
      [{ name: 'a', inCluster: true, dataStorage: { url: 'not a url' } }],
      'kubernaut.clusters[0].dataStorage.url must be an http(s) URL',
    ],
  ] as Array<[JsonValue[], string]>)(
    'refuses %j with a clear message',
    (clusters, message) => {
      expect(() => read(clusters)).toThrow(message);
    },
  );
});
