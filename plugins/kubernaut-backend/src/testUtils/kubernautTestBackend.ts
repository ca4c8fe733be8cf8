import type { BackendFeature } from '@backstage/backend-plugin-api';
// A test-only module (only *.test.ts files import it), which the rule cannot tell from its path.
// eslint-disable-next-line @backstage/no-undeclared-imports
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { JsonObject } from '@backstage/types';
import type { Knex } from 'knex';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { kubernautPlugin } from '../plugin';
import { eventually } from './eventually';
import { startSandboxProcess, type SandboxProcess } from './sandboxProcess';

/** Signs a test request in as a Backstage user (the mock auth of `startTestBackend`). */
export function asUser(userEntityRef: string): { Authorization: string } {
  return { Authorization: mockCredentials.user.header(userEntityRef) };
}

/**
 * One backend with the plugin on a config of its own (and a shared database when given), for
 * tests that stop and start backends around one sandbox, like a restart or a second replica.
 */
export async function startPluginBackend(
  config: object,
  knex?: Knex,
): Promise<{ server: Server; stop(): Promise<void> }> {
  const backend = await startTestBackend({
    features: [
      kubernautPlugin,
      mockServices.rootConfig.factory({ data: config as JsonObject }),
      ...(knex ? [mockServices.database.factory({ knex })] : []),
    ],
  });
  return { server: backend.server, stop: () => backend.stop() };
}

export interface KubernautTestBackendOptions {
  /** The sandbox CLI's arguments: `--clusters`, `--speed`, `--seed`, … */
  sandbox: string[];
  /** The backend's config, from the sandbox; `sandbox.pluginConfig()` unchanged when absent. */
  config?: (sandbox: SandboxProcess) => object;
  /** More features beside the plugin: permission or auditor mocks, other plugins. */
  features?: BackendFeature[];
  /** The plugin's database, e.g. from `TestDatabases`; the test backend's own when absent. */
  knex?: Knex;
  /** Backends sharing the database, like replicas behind a load balancer (1 when absent). */
  replicas?: number;
  /** Waits until every configured cluster reports `connected` (true when absent). */
  waitForClusters?: boolean;
}

export interface KubernautTestBackend {
  sandbox: SandboxProcess;
  /** The first replica. */
  server: Server;
  servers: Server[];
  /** Stops the backends, then the sandbox; call it before the test database closes. */
  stop(): Promise<void>;
}

/**
 * The plugin in a real Backstage test backend against the real sandbox on free ports: the set-up
 * every integration test of the plugin shares. Callers sign in with {@link asUser}.
 */
export async function startKubernautTestBackend(
  options: KubernautTestBackendOptions,
): Promise<KubernautTestBackend> {
  const sandbox = await startSandboxProcess(options.sandbox);
  const backends: Array<{ server: Server; stop(): Promise<void> }> = [];
  const stop = async () => {
    await Promise.all(backends.map(backend => backend.stop()));
    await sandbox.stop();
  };
  try {
    const config = (options.config?.(sandbox) ??
      sandbox.pluginConfig()) as JsonObject;
    for (let i = 0; i < (options.replicas ?? 1); i++) {
      backends.push(
        await startTestBackend({
          features: [
            kubernautPlugin,
            mockServices.rootConfig.factory({ data: config }),
            ...(options.knex
              ? [mockServices.database.factory({ knex: options.knex })]
              : []),
            ...(options.features ?? []),
          ],
        }),
      );
    }
    const servers = backends.map(backend => backend.server);
    if (options.waitForClusters ?? true)
      await eventually('every cluster connected', async () => {
        const { port } = servers[0].address() as AddressInfo;
        const response = await fetch(
          `http://127.0.0.1:${port}/api/kubernaut/clusters`,
          { headers: asUser('user:default/test-setup') },
        );
        const body = (await response.json()) as {
          items?: Array<{ status: string }>;
        };
        return body.items?.length &&
          body.items.every(c => c.status === 'connected')
          ? true
          : undefined;
      });
    return { sandbox, server: servers[0], servers, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
