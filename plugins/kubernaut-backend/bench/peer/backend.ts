import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { kubernautRemediationReadPermission } from '@kubernaut/plugin-kubernaut-common';
import { KubeConfig } from '@kubernetes/client-node';
import { Router } from 'express';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { sendJson } from '../../src/router/sendJson';
import type { SandboxProcess } from '../../src/testUtils/sandboxProcess';
import { COMPONENT } from './questions';

const KUBERNAUT_KINDS = [
  'remediationrequests',
  'aianalyses',
  'workflowexecutions',
  'remediationapprovalrequests',
  'effectivenessassessments',
];

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}

/**
 * What every benchmark backend shares: a free loopback port, in-memory SQLite, guest sign-in
 * and the permission backend enabled (so each read pays its permission round trip).
 */
export async function benchBackendConfig(): Promise<{
  baseUrl: string;
  config: JsonObject;
}> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    config: {
      app: { baseUrl },
      backend: {
        baseUrl,
        listen: { host: '127.0.0.1', port },
        database: { client: 'better-sqlite3', connection: ':memory:' },
      },
      auth: {
        providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
      },
      permission: { enabled: true },
    },
  };
}

/**
 * The Kubernetes plugin's view of a sandbox cluster, as an administrator would configure it:
 * the `backstage` service account's token and the sandbox CA, from the sandbox's kubeconfig.
 */
function peerClusters(sandbox: SandboxProcess) {
  const kubeconfig = new KubeConfig();
  kubeconfig.loadFromFile(sandbox.kubeconfig);
  return sandbox.clusters.map(cluster => {
    const context = kubeconfig.getContextObject(`${cluster.name}-backstage`)!;
    return {
      name: cluster.name,
      url: cluster.kubernetesUrl,
      authProvider: 'serviceAccount',
      serviceAccountToken: kubeconfig.getUser(context.user)!.token!,
      caData: kubeconfig.getCluster(context.cluster)!.caData!,
      skipMetricsLookup: true,
    };
  });
}

/** One component, named by the Kubernetes plugin's convention and by ours. */
function writeCatalog(sandbox: SandboxProcess): string {
  const file = join(dirname(sandbox.kubeconfig), 'catalog-info.yaml');
  writeFileSync(
    file,
    [
      'apiVersion: backstage.io/v1alpha1',
      'kind: Component',
      'metadata:',
      `  name: ${COMPONENT}`,
      '  annotations:',
      `    backstage.io/kubernetes-id: ${COMPONENT}`,
      'spec:',
      '  type: service',
      '  lifecycle: production',
      '  owner: guests',
      '',
    ].join('\n'),
  );
  return file;
}

let floorPage: unknown = {};

/** The body `/ping/page` answers with: a page of ours, so that its size and encoding cost count. */
export function setFloorPage(page: unknown): void {
  floorPage = page;
}

/**
 * The floor: routes that do nothing but what every route of a plugin does. `/ping` checks the
 * caller's token; `/ping/body` also answers with a stored page of 50 rows, sent as our routes
 * send theirs (so the page's own cost is told apart from ours); `/ping/permission` asks the
 * permission backend one question, as a plugin without a decision cache does on every request;
 * `/ping/page` does that and answers with the page through `res.json`.
 */
const floorPlugin = createBackendPlugin({
  pluginId: 'floor',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
      },
      async init({ httpRouter, httpAuth, permissions }) {
        const router = Router();
        router.get('/ping', async (req, res) => {
          await httpAuth.credentials(req);
          res.json({ ok: true });
        });
        router.get('/ping/permission', async (req, res) => {
          const [decision] = await permissions.authorizeConditional(
            [{ permission: kubernautRemediationReadPermission }],
            { credentials: await httpAuth.credentials(req) },
          );
          res.json({ result: decision.result });
        });
        router.get('/ping/body', async (req, res) => {
          await httpAuth.credentials(req);
          sendJson(req, res, floorPage);
        });
        router.get('/ping/page', async (req, res) => {
          await permissions.authorizeConditional(
            [{ permission: kubernautRemediationReadPermission }],
            { credentials: await httpAuth.credentials(req) },
          );
          res.json(floorPage);
        });
        httpRouter.use(router);
      },
    });
  },
});

export interface BenchBackend {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * One backend with both plugins, as an adopter would run them side by side: ours reading the
 * sandbox through its caches, the Kubernetes plugin with `customResources` for Kubernaut's
 * kinds, the catalog (the Kubernetes plugin resolves entities through it), guest sign-in and
 * the permission backend with an allow-all policy (each permission check is a round trip).
 */
export async function startBenchBackend(
  sandbox: SandboxProcess,
): Promise<BenchBackend> {
  const { baseUrl, config: base } = await benchBackendConfig();
  const config: JsonObject = {
    ...base,
    catalog: {
      rules: [{ allow: ['Component', 'Location'] }],
      locations: [{ type: 'file', target: writeCatalog(sandbox) }],
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        { type: 'config', clusters: peerClusters(sandbox) },
      ],
      customResources: KUBERNAUT_KINDS.map(plural => ({
        group: 'kubernaut.ai',
        apiVersion: 'v1alpha1',
        plural,
      })),
    },
    ...(sandbox.pluginConfig() as JsonObject),
  };
  process.env.LOG_LEVEL ??= 'error';
  const backend = createBackend();
  backend.add(
    createServiceFactory({
      service: coreServices.rootConfig,
      deps: {},
      factory: () => new ConfigReader(config),
    }),
  );
  backend.add(import('@backstage/plugin-auth-backend'));
  backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(
    import('@backstage/plugin-permission-backend-module-allow-all-policy'),
  );
  backend.add(import('@backstage/plugin-kubernetes-backend'));
  backend.add(import('../../src'));
  backend.add(floorPlugin);
  await backend.start();
  return { baseUrl, stop: () => backend.stop() };
}
