import type { RemediationSummary } from '@kubernaut/plugin-kubernaut-common';
import type { Server } from 'node:http';
import request from 'supertest';
import { eventually } from '../testUtils/eventually';
import {
  startSandboxProcess,
  type SandboxProcess,
} from '../testUtils/sandboxProcess';
import {
  allConnected,
  clusterHealth,
  faultCases,
  openStream,
  timed,
} from './faultsHarness';
import { asUser, startPluginBackend } from '../testUtils/kubernautTestBackend';

const alice = asUser('user:default/alice');

jest.setTimeout(90_000);

/** Cached reads must answer within this while another cluster is down or slow. */
const READ_BOUND_MS = 1_500;
/** The fault switch's delay on the slow cluster: above every bound here. */
const SLOW_CLUSTER_LATENCY_MS = 3_000;
/** How long the cluster stays down: a short outage, back well within 30 s. */
const OUTAGE_MS = 8_000;

/** Cluster-level faults: one cluster down and back, one cluster slow. */
describe('faults: a cluster down or slow while pages are open', () => {
  const check = faultCases();
  let sandbox: SandboxProcess;
  let backend: { server: Server; stop(): Promise<void> };
  let server: Server;

  beforeAll(async () => {
    sandbox = await startSandboxProcess([
      '--clusters',
      'fa:production:v1.6,fb:staging:v1.5',
      '--speed',
      '20',
      '--seed',
      '17',
      '--no-live',
    ]);
    backend = await startPluginBackend(sandbox.pluginConfig());
    server = backend.server;
    await allConnected(server, alice);
  });

  afterAll(async () => {
    await backend?.stop();
    await sandbox?.stop();
  });

  /** The read routes a fleet page calls, each timed; all must answer 200. */
  async function fleetReads() {
    const routes = [
      '/api/kubernaut/clusters',
      '/api/kubernaut/remediations?limit=100',
      '/api/kubernaut/approvals',
      '/api/kubernaut/workloads',
      '/api/kubernaut/fleet/summary',
    ];
    const app = server;
    const answers = [];
    for (const route of routes) {
      const { ms, value } = await timed(() =>
        request(app).get(route).set(alice),
      );
      expect({ route, status: value.status }).toEqual({ route, status: 200 });
      answers.push({ route, ms, body: value.body });
    }
    return answers;
  }

  it('keeps serving the other cluster, reports the down one, and recovers when it is back', () =>
    check(
      `cluster fb down ${
        OUTAGE_MS / 1000
      } s with /events open: reads and the stream keep serving fa, fb is reported unavailable, then recovers`,
      async () => {
        const stream = await openStream(server, '/api/kubernaut/events', alice);
        try {
          await stream.next(
            'the first clusters event',
            e => e.event === 'clusters',
            0,
            10_000,
          );
          const { body: page } = await request(server)
            .get('/api/kubernaut/remediations')
            .query({ cluster: 'fa', limit: 1 })
            .set(alice)
            .expect(200);
          const faRemediation: RemediationSummary = page.items[0];

          const downAt = performance.now();
          await sandbox.admin('/clusters/fb/down', {});
          const told = await stream.next(
            'a HEALTH change for fb on the open stream',
            e =>
              e.event === 'changes' &&
              e.data.some(
                (c: { cluster: string; type: string }) =>
                  c.cluster === 'fb' && c.type === 'HEALTH',
              ),
            downAt,
            15_000,
          );
          const fb = (await clusterHealth(server, alice)).get('fb')!;
          expect(fb.status).not.toBe('connected');
          expect(fb).toEqual(
            expect.objectContaining({
              stale: true,
              lastError: expect.any(String),
            }),
          );

          const reads = await fleetReads();
          const slowest = Math.max(...reads.map(r => r.ms));
          expect(slowest).toBeLessThan(READ_BOUND_MS);
          const rows: RemediationSummary[] = reads[1].body.items;
          expect(new Set(rows.map(r => r.cluster))).toEqual(
            new Set(['fa', 'fb']),
          );
          await request(server)
            .get(
              `/api/kubernaut/clusters/fa/remediations/${faRemediation.name}`,
            )
            .set(alice)
            .expect(200);
          const fbRow = rows.find(r => r.cluster === 'fb')!;
          const { body: audit } = await request(server)
            .get(`/api/kubernaut/clusters/fb/remediations/${fbRow.name}/audit`)
            .set(alice)
            .expect(200);
          expect(audit.status).toBe('unavailable');

          const startedAt = performance.now();
          const { rrName } = await sandbox.admin('/clusters/fa/scenarios', {
            scenario: 'checkout-oom',
            scriptedDecisions: false,
          });
          const change = await stream.next(
            `fa's new remediation ${rrName} on the stream while fb is down`,
            e =>
              e.event === 'changes' &&
              e.data.some(
                (c: { cluster: string; name: string }) =>
                  c.cluster === 'fa' && c.name === rrName,
              ),
            startedAt,
            15_000,
          );

          const remaining = OUTAGE_MS - (performance.now() - downAt);
          if (remaining > 0) await new Promise(r => setTimeout(r, remaining));
          const upAt = performance.now();
          await sandbox.admin('/clusters/fb/up', {});
          await eventually(
            'fb connected again',
            async () =>
              (await clusterHealth(server, alice)).get('fb')!.status ===
              'connected'
                ? true
                : undefined,
            30_000,
          );
          const recoveredMs = Math.round(performance.now() - upAt);
          await stream.next(
            'a HEALTH change for fb after it came back',
            e =>
              e.event === 'changes' &&
              e.data.some(
                (c: { cluster: string; type: string }) =>
                  c.cluster === 'fb' && c.type === 'HEALTH',
              ),
            upAt,
            5_000,
          );
          expect(stream.ended).toBe(false);
          return [
            `fb reported ${fb.status} on /events after ${Math.round(
              told.at - downAt,
            )} ms`,
            `slowest fleet read ${slowest} ms (bound ${READ_BOUND_MS})`,
            `fa change streamed after ${Math.round(change.at - startedAt)} ms`,
            `fb connected ${recoveredMs} ms after it came back`,
          ].join('; ');
        } finally {
          stream.close();
          await sandbox.admin('/clusters/fb/up', {});
        }
      },
    ));

  it('does not hold the other cluster up while one cluster answers slowly', () =>
    check(
      `fb answers every request ${SLOW_CLUSTER_LATENCY_MS} ms late: fa's and the fleet's reads stay under ${READ_BOUND_MS} ms`,
      async () => {
        await allConnected(server, alice);
        const { body: page } = await request(server)
          .get('/api/kubernaut/remediations')
          .query({ limit: 100 })
          .set(alice)
          .expect(200);
        const rows: RemediationSummary[] = page.items;
        const fa = rows.find(r => r.cluster === 'fa')!;
        const fb = rows.find(r => r.cluster === 'fb')!;
        await sandbox.admin('/clusters/fb/latency', {
          ms: SLOW_CLUSTER_LATENCY_MS,
        });
        try {
          // The slow cluster's own Data Storage call shows the fault is in force.
          const slow = await timed(() =>
            request(server)
              .get(`/api/kubernaut/clusters/fb/remediations/${fb.name}/audit`)
              .set(alice)
              .expect(200),
          );
          expect(slow.ms).toBeGreaterThanOrEqual(SLOW_CLUSTER_LATENCY_MS);
          const faAudit = await timed(() =>
            request(server)
              .get(`/api/kubernaut/clusters/fa/remediations/${fa.name}/audit`)
              .set(alice)
              .expect(200),
          );
          expect(faAudit.value.body.status).toBe('ok');
          const faWorkflows = await timed(() =>
            request(server)
              .get('/api/kubernaut/workflows')
              .query({ cluster: 'fa' })
              .set(alice)
              .expect(200),
          );
          const reads = await fleetReads();
          const worst = [
            { route: 'fa audit', ms: faAudit.ms },
            { route: 'fa workflows', ms: faWorkflows.ms },
            ...reads,
          ].sort((a, b) => b.ms - a.ms)[0];
          expect(worst.ms).toBeLessThan(READ_BOUND_MS);
          return `fb audit ${slow.ms} ms; slowest other read ${worst.route} ${worst.ms} ms`;
        } finally {
          await sandbox.admin('/clusters/fb/latency', { ms: 0 });
        }
      },
    ));
});
