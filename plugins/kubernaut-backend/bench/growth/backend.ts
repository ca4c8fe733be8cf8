/**
 * The growth benchmark's backend, in its own process so that its RSS and heap are the backend's
 * alone (the sandbox and the client run elsewhere). It prints `ready`, then answers each line:
 *   {"start": <the plugin's config>}  starts a Backstage backend with our plugin, guest sign-in
 *                                    and the permission backend (allow-all), as app-config.yaml;
 *                                    answers {"baseUrl", "startMs"}
 *   {"memory": true}                 collects garbage (twice) and answers process.memoryUsage()
 *                                    plus V8's heap spaces
 *   {"stop": true}                   stops the backend and answers {}
 * Run with --expose-gc, or the memory figures include garbage.
 */
import { createBackend } from '@backstage/backend-defaults';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { createInterface } from 'node:readline';
import { getHeapSpaceStatistics } from 'node:v8';
import { benchBackendConfig } from '../peer/backend';

async function startBackend(pluginConfig: JsonObject) {
  const { baseUrl, config: base } = await benchBackendConfig();
  const config: JsonObject = { ...base, ...pluginConfig };
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
  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(
    import('@backstage/plugin-permission-backend-module-allow-all-policy'),
  );
  backend.add(import('../../src'));
  await backend.start();
  return { baseUrl, backend };
}

function memory() {
  const collect = (global as { gc?: () => void }).gc;
  if (!collect) throw new Error('run with --expose-gc');
  collect();
  collect();
  const usage = process.memoryUsage();
  const spaces = Object.fromEntries(
    getHeapSpaceStatistics().map(s => [s.space_name, s.space_used_size]),
  );
  return { ...usage, spaces };
}

async function main() {
  let running: Awaited<ReturnType<typeof startBackend>> | undefined;
  process.stdout.write('ready\n');
  for await (const text of createInterface({ input: process.stdin })) {
    const message = JSON.parse(text);
    try {
      if (message.start) {
        const started = performance.now();
        running = await startBackend(message.start);
        process.stdout.write(
          `${JSON.stringify({
            baseUrl: running.baseUrl,
            startMs: performance.now() - started,
          })}\n`,
        );
      } else if (message.memory) {
        process.stdout.write(`${JSON.stringify(memory())}\n`);
      } else if (message.stop) {
        await running?.backend.stop();
        running = undefined;
        process.stdout.write('{}\n');
      } else throw new Error(`unknown request ${text}`);
    } catch (error) {
      process.stdout.write(
        `${JSON.stringify({ error: String((error as Error).message) })}\n`,
      );
    }
  }
  // The backend's services leave timers armed after stop (see ../peer.ts).
  process.exit(0);
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
