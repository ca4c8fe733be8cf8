import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Server } from 'node:http';
import { kubernautPlugin } from '../plugin';
import { eventually } from '../testUtils/eventually';
import {
  startSandboxProcess,
  type SandboxProcess,
} from '../testUtils/sandboxProcess';
import { recordHardening, type HardeningCase } from './hardeningReport';
import {
  openViewer,
  percentile,
  settledHeapMiB,
  type Viewer,
} from './loadViewers';

jest.setTimeout(240_000);

const VIEWERS = 200;
const INVESTIGATIONS = 4;
const LOAD_SECONDS = 25;
const READERS = 6;
/** Heap the backend may keep after the viewers left: caches of remediations that began meanwhile. */
const HEAP_SLACK_MIB = 20;

const alice = {
  Authorization: mockCredentials.user.header('user:default/alice'),
};

/** Reads a person's pages ask for, in turn. */
const READS = [
  '/remediations?limit=50',
  '/clusters',
  '/approvals',
  '/fleet/summary',
  '/remediations?q=critical+in+production&limit=20',
  '/workflows',
];

describe('200 viewers of the event streams under a steady read load', () => {
  let sandbox: SandboxProcess;
  let server: Server;
  let baseUrl: string;
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  beforeAll(async () => {
    sandbox = await startSandboxProcess([
      '--clusters',
      'load-a:production:v1.6,load-b:staging:v1.5',
      '--scale',
      '300',
      '--speed',
      '5',
      '--seed',
      '23',
    ]);
    const knex = await databases.init('SQLITE_3');
    ({ server } = await startTestBackend({
      features: [
        kubernautPlugin,
        mockServices.rootConfig.factory({ data: sandbox.pluginConfig() }),
        mockServices.database.factory({ knex }),
      ],
    }));
    baseUrl = `http://127.0.0.1:${
      (server.address() as { port: number }).port
    }/api/kubernaut`;
    await eventually('clusters connected', async () => {
      const body = await (
        await fetch(`${baseUrl}/clusters`, { headers: alice })
      ).json();
      return body.items.every(
        (c: { status: string }) => c.status === 'connected',
      )
        ? true
        : undefined;
    });
  });

  afterAll(async () => {
    await sandbox?.stop();
  });

  /** Starts watching a remediation once the backend has cached it; resolves with the id. */
  async function watch(url: string, rrName: string): Promise<string> {
    const started = await eventually(`${rrName} watched`, async () => {
      const response = await fetch(`${url}/investigations`, {
        method: 'POST',
        headers: { ...alice, 'Content-Type': 'application/json' },
        body: JSON.stringify({ cluster: 'load-a', remediation: rrName }),
      });
      return response.status === 201 ? response.json() : undefined;
    });
    return started.id;
  }

  /** Investigations that watch remediations waiting for a person, so their streams stay open. */
  async function watchedInvestigations(): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < INVESTIGATIONS; i++) {
      const { rrName } = await sandbox.admin('/clusters/load-a/scenarios', {
        scenario: 'checkout-oom',
        scriptedDecisions: false,
      });
      ids.push(await watch(baseUrl, rrName));
    }
    return ids;
  }

  /** Readers that each ask for the next page as soon as the last one answered. */
  async function readLoad(until: number) {
    const latencies: number[] = [];
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: READERS }, async (_, reader) => {
        for (let i = reader; Date.now() < until; i++) {
          const path = READS[i % READS.length];
          const started = performance.now();
          try {
            const response = await fetch(`${baseUrl}${path}`, {
              headers: alice,
            });
            await response.arrayBuffer();
            latencies.push(performance.now() - started);
            if (response.status !== 200)
              failures.push(`${path}: HTTP ${response.status}`);
          } catch (error) {
            failures.push(`${path}: ${error}`);
          }
        }
      }),
    );
    return { latencies, failures };
  }

  it('keeps every stream, answers every read, and gives the memory back', async () => {
    const ids = await watchedInvestigations();
    const warm = await readLoad(Date.now() + 3_000);
    expect(warm.failures).toEqual([]);
    const baseline = await settledHeapMiB();

    const viewers: Viewer[] = Array.from({ length: VIEWERS }, (_, i) =>
      openViewer(
        baseUrl,
        i % 2 === 0
          ? '/events'
          : `/investigations/${ids[i % ids.length]}/events`,
        alice,
      ),
    );
    const opened = performance.now();
    await Promise.all(viewers.map(v => v.firstEvent));
    const allOpenMs = performance.now() - opened;
    const { latencies, failures } = await readLoad(
      Date.now() + LOAD_SECONDS * 1000,
    );
    const dropped = viewers.filter(v => v.dropped);
    const withChanges = viewers.filter(
      v => v.path === '/events' && v.events > 1,
    ).length;
    const loaded = process.memoryUsage().heapUsed / 1024 / 1024;
    await Promise.all(viewers.map(v => v.leave()));
    await new Promise(resolve => setTimeout(resolve, 2_000));
    const after = await settledHeapMiB();

    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    const cases: HardeningCase[] = [
      {
        tried: `${VIEWERS} SSE viewers (half /events, half on ${INVESTIGATIONS} investigations) open`,
        held: dropped.length === 0,
        observed: `all had their first event in ${allOpenMs.toFixed(0)} ms; ${
          dropped.length
        } dropped${
          dropped.length ? ` (${dropped[0].dropped})` : ''
        }; ${withChanges}/${VIEWERS / 2} fleet viewers got live changes`,
      },
      {
        tried: `${READERS} readers for ${LOAD_SECONDS} s beside them (${READS.length} list/detail reads)`,
        held: failures.length === 0,
        observed: `${latencies.length} reads, ${
          failures.length
        } errors, p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`,
      },
      {
        tried: 'backend heap after the viewers left (heapUsed after GC)',
        held: after <= baseline + HEAP_SLACK_MIB,
        observed: `baseline ${baseline.toFixed(
          1,
        )} MiB, under load ${loaded.toFixed(1)} MiB, after ${after.toFixed(
          1,
        )} MiB`,
      },
    ];
    recordHardening('load', cases);
    // eslint-disable-next-line no-console
    console.log(cases.map(c => `${c.tried} -> ${c.observed}`).join('\n'));

    expect(dropped.map(v => `${v.path}: ${v.dropped}`)).toEqual([]);
    expect(failures).toEqual([]);
    expect(latencies.length).toBeGreaterThan(LOAD_SECONDS * READERS);
    expect(withChanges).toBe(VIEWERS / 2);
    expect(after).toBeLessThanOrEqual(baseline + HEAP_SLACK_MIB);
  });
});
