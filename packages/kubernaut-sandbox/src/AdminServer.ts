import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from './http';
import type { Sandbox } from './Sandbox';
import { SCENARIOS } from './scenario/scenarios';
import type { ServerHandle } from './ServerHandle';
import type { SimulatedCluster } from './SimulatedCluster';

/** The services of a cluster that can be taken down one at a time, by their admin path name. */
const SERVICES = ['kubernetes', 'data-storage', 'api-frontend'] as const;
type ServiceName = (typeof SERVICES)[number];

function serviceServer(
  cluster: SimulatedCluster,
  service: ServiceName,
): ServerHandle {
  if (service === 'kubernetes') return cluster.kubeServer;
  return service === 'data-storage'
    ? cluster.dataStorageServer
    : cluster.apiFrontendServer;
}

class AdminError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function describe(cluster: SimulatedCluster) {
  return {
    name: cluster.name,
    environment: cluster.spec.environment,
    layout: cluster.spec.layout,
    down: cluster.isDown,
    /** Whether each service listens (one can be down while the others serve). */
    services: Object.fromEntries(
      SERVICES.map(service => [
        service,
        serviceServer(cluster, service).listening,
      ]),
    ),
    latencyMs: cluster.latencyMs,
    kubernetesUrl: cluster.kubeServer.url,
    dataStorageUrl: cluster.dataStorageServer.url,
    apiFrontendUrl: cluster.apiFrontendServer.url,
    remediationRequests: cluster.store.count(
      cluster.store.types().find(t => t.kind === 'RemediationRequest')!,
    ),
    openWatches: cluster.kubeApi.openWatchCount,
    openStreams: cluster.apiFrontend.openStreamCount,
  };
}

/**
 * The sandbox's control endpoint, for tests and demos: fault switches per cluster and
 * on-demand scenarios. Plain HTTP on the loopback address the sandbox listens on.
 */
export class AdminServer {
  constructor(private readonly sandbox: Sandbox) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    try {
      const body = req.method === 'POST' ? await this.json(req) : {};
      sendJson(
        res,
        200,
        await this.route(req.method ?? 'GET', url.pathname, body),
      );
    } catch (error) {
      const status = error instanceof AdminError ? error.status : 500;
      sendJson(res, status, {
        error: {
          message: error instanceof Error ? error.message : String(error),
        },
      });
    }
  }

  private async json(req: IncomingMessage): Promise<Record<string, unknown>> {
    const text = await readBody(req, 64 * 1024);
    if (!text.trim()) return {};
    try {
      const parsed = JSON.parse(text);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed;
    } catch {
      // fall through
    }
    throw new AdminError(400, 'body must be a JSON object');
  }

  private cluster(name: string): SimulatedCluster {
    const cluster = this.sandbox.cluster(name);
    if (!cluster) throw new AdminError(404, `no cluster ${name}`);
    return cluster;
  }

  private async route(
    method: string,
    path: string,
    body: Record<string, unknown>,
  ): Promise<unknown> {
    if (method === 'GET' && path === '/health')
      return { status: 'ok', clusters: this.sandbox.clusters.map(describe) };
    if (method === 'GET' && path === '/scenarios')
      return {
        scenarios: SCENARIOS.map(s => ({
          id: s.id,
          title: s.title,
          environments: s.environments,
          outcome: s.outcome,
        })),
      };
    const match = path.match(/^\/clusters\/([^/]+)(\/.*)?$/);
    if (!match) throw new AdminError(404, `no route ${method} ${path}`);
    const cluster = this.cluster(decodeURIComponent(match[1]));
    const action = match[2] ?? '';
    if (method === 'GET' && action === '') return describe(cluster);
    if (method !== 'POST')
      throw new AdminError(405, `${method} not allowed on ${path}`);
    const service = action.match(/^\/services\/([^/]+)\/(down|up)$/);
    if (service) return this.switchService(cluster, service[1], service[2]);
    switch (action) {
      case '/down':
        await cluster.setDown(true);
        return describe(cluster);
      case '/up':
        await cluster.setDown(false);
        return describe(cluster);
      case '/latency': {
        const ms = Number(body.ms);
        if (!Number.isInteger(ms) || ms < 0 || ms > 60_000)
          throw new AdminError(
            400,
            'ms must be an integer between 0 and 60000',
          );
        cluster.latencyMs = ms;
        return describe(cluster);
      }
      case '/watches/drop':
        return { dropped: cluster.kubeApi.dropWatches() };
      case '/compact':
        cluster.store.compact();
        return { compactedAt: cluster.store.resourceVersion };
      case '/streams/cut':
        return { cut: cluster.apiFrontend.cutStreams() };
      case '/scenarios': {
        const id = body.scenario;
        if (typeof id !== 'string' || !SCENARIOS.some(s => s.id === id))
          throw new AdminError(
            400,
            `scenario must be one of ${SCENARIOS.map(s => s.id).join(', ')}`,
          );
        const run = cluster.engine.startScenario(id, {
          signalSource: 'prometheus',
          scriptedDecisions: body.scriptedDecisions !== false,
          interactive: body.interactive === true,
        });
        return { rrName: run.rrName, contextId: run.transcript.contextId };
      }
      default:
        throw new AdminError(404, `no route ${method} ${path}`);
    }
  }

  /**
   * Takes one service of a cluster off the network (connections cut, port closed) or brings it
   * back on the same port, the others untouched: Data Storage or API Frontend down alone.
   */
  private async switchService(
    cluster: SimulatedCluster,
    name: string,
    state: string,
  ): Promise<unknown> {
    const service = SERVICES.find(s => s === name);
    if (!service)
      throw new AdminError(
        404,
        `no service ${name}; services are ${SERVICES.join(', ')}`,
      );
    const server = serviceServer(cluster, service);
    if (state === 'down') await server.stop();
    else await server.start();
    return describe(cluster);
  }
}
