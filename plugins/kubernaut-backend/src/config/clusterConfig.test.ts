import { ConfigReader } from '@backstage/config';
import type { JsonValue } from '@backstage/types';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    expect(a.dataStorage).toEqual({
      url: 'http://ds:8080',
      token: undefined,
      caPem: undefined,
      skipTLSVerify: false,
    });
    expect(a.approvalMode).toBe('apiFrontend');
    expect(b.connection).toEqual({ kind: 'inCluster' });
    expect(b.namespace).toBe('kubernaut');
  });

  it('reads the CA of Data Storage and API Frontend from caData (base64 or PEM) or caFile', () => {
    const pem =
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    const dir = mkdtempSync(join(tmpdir(), 'kubernaut-ca-'));
    writeFileSync(join(dir, 'ca.crt'), pem);
    const [a] = read([
      {
        name: 'a',
        inCluster: true,
        dataStorage: {
          url: 'https://ds:8080',
          caData: Buffer.from(pem).toString('base64'),
        },
        apiFrontend: {
          url: 'https://af:8443',
          caFile: join(dir, 'ca.crt'),
          skipTLSVerify: true,
        },
      },
    ]);
    expect(a.dataStorage?.caPem).toBe(pem);
    expect(a.apiFrontend).toEqual(
      expect.objectContaining({ caPem: pem, skipTLSVerify: true }),
    );
    expect(() =>
      read([
        {
          name: 'a',
          inCluster: true,
          dataStorage: { url: 'https://ds', caData: pem, caFile: '/x' },
        },
      ]),
    ).toThrow(
      'kubernaut.clusters[0].dataStorage: set caData or caFile, not both',
    );
    expect(() =>
      read([
        {
          name: 'a',
          inCluster: true,
          apiFrontend: { url: 'https://af', caFile: join(dir, 'missing.crt') },
        },
      ]),
    ).toThrow('kubernaut.clusters[0].apiFrontend.caFile');
    expect(() =>
      read([
        {
          name: 'a',
          inCluster: true,
          apiFrontend: { url: 'https://af', caData: 'bm90IGEgY2VydA==' },
        },
      ]),
    ).toThrow('the CA is not a PEM certificate');
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
