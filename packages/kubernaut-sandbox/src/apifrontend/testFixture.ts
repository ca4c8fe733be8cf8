import { createParser } from 'eventsource-parser';
import http from 'node:http';
import { AuditLog } from '../datastorage/AuditLog';
import {
  Authorizer,
  defaultRbacRules,
  defaultUsers,
  KUBERNAUT_NAMESPACE,
} from '../kube/auth';
import { ObjectStore, type KubeObject } from '../kube/ObjectStore';
import {
  KUBERNAUT_API_VERSION,
  RESOURCE_TYPES,
  servedResourceTypes,
} from '../kube/resources';
import { catalogObjects } from '../scenario/objects';
import { SCENARIOS } from '../scenario/scenarios';
import { Transcript } from '../scenario/Transcript';
import { ServerHandle } from '../ServerHandle';
import {
  ApiFrontendServer,
  type ApiFrontendOptions,
} from './ApiFrontendServer';
import type { RunHandle } from './KubernautPort';
import type { EngineLike } from './ScenarioEngineAdapter';

/**
 * An API Frontend over a bare object store, for protocol tests: no scenario engine plays
 * anything; tests write the custom resources and move them on themselves.
 */
export interface Fixture {
  url: string;
  store: ObjectStore;
  audit: AuditLog;
  server: ApiFrontendServer;
  runs: Map<string, RunHandle & { phase: string }>;
  token(user: 'alice' | 'bob' | 'backstage' | 'admin'): string;
  /** A RemediationRequest of checkout-oom in the main/v1.6 layout, and a run behind it. */
  remediation(
    name: string,
    status: Record<string, unknown>,
    scenarioId?: string,
  ): KubeObject;
  setRemediationStatus(name: string, status: Record<string, unknown>): void;
  approvalRequest(rrName: string, status?: Record<string, unknown>): KubeObject;
  effectivenessAssessment(
    rrName: string,
    status: Record<string, unknown>,
  ): KubeObject;
  setEffectivenessStatus(rrName: string, status: Record<string, unknown>): void;
  stop(): Promise<void>;
}

export const NS = KUBERNAUT_NAMESPACE;

export async function startFixture(
  options: Partial<ApiFrontendOptions> = {},
): Promise<Fixture> {
  const store = new ObjectStore(servedResourceTypes('v1.6'));
  const audit = new AuditLog('test', NS);
  const users = defaultUsers('test');
  const authorizer = new Authorizer(users, defaultRbacRules());
  for (const { kind, object, status } of catalogObjects(NS, new Date())) {
    store.create(
      kind === 'ActionType'
        ? RESOURCE_TYPES.actionTypes
        : RESOURCE_TYPES.remediationWorkflows,
      { ...object, status },
    );
  }
  const runs = new Map<string, RunHandle & { phase: string }>();
  const remediation = (
    name: string,
    status: Record<string, unknown>,
    scenarioId = 'checkout-oom',
  ) => {
    const scenario = SCENARIOS.find(s => s.id === scenarioId)!;
    const rr = store.create(RESOURCE_TYPES.remediationRequests, {
      apiVersion: KUBERNAUT_API_VERSION,
      kind: 'RemediationRequest',
      metadata: { name, namespace: NS },
      spec: {
        signalName: scenario.signal.name,
        severity: scenario.signal.severity,
        targetResource: { ...scenario.target },
      },
      status,
    }).object;
    runs.set(name, {
      rrName: name,
      transcript: new Transcript(() => undefined),
      scenario,
      startedAt: new Date(),
      get phase() {
        return (
          (store.get(RESOURCE_TYPES.remediationRequests, NS, name)?.object
            .status?.overallPhase as string) ?? 'Pending'
        );
      },
      get terminal() {
        return [
          'Completed',
          'Failed',
          'TimedOut',
          'Skipped',
          'Cancelled',
        ].includes(this.phase);
      },
    });
    return rr;
  };
  let started = 0;
  const engine: EngineLike = {
    runs,
    scenarios: () => SCENARIOS,
    startScenario: id => {
      const name = `rr-${String(++started).padStart(
        12,
        '0',
      )}-0000000${started}`;
      remediation(name, { overallPhase: 'Pending' }, id);
      return runs.get(name)!;
    },
  };
  const server = new ApiFrontendServer({
    clusterName: 'test',
    namespace: NS,
    store,
    audit,
    engine,
    authorizer,
    latencyMs: () => 0,
    ...options,
  });
  const handle = new ServerHandle('api-frontend', '127.0.0.1', 0, (req, res) =>
    server.handle(req, res),
  );
  await handle.start();
  const patchStatus = (
    type: typeof RESOURCE_TYPES.remediationRequests,
    name: string,
    status: Record<string, unknown>,
  ) =>
    store.update(type, NS, name, current => ({
      ...current,
      status: { ...(current.status ?? {}), ...status },
    }));
  return {
    url: handle.url,
    store,
    audit,
    server,
    runs,
    token: user => `sandbox-test-${user}`,
    remediation,
    setRemediationStatus: (name, status) =>
      patchStatus(RESOURCE_TYPES.remediationRequests, name, status),
    approvalRequest: (rrName, status = {}) =>
      store.create(RESOURCE_TYPES.remediationApprovalRequests, {
        apiVersion: KUBERNAUT_API_VERSION,
        kind: 'RemediationApprovalRequest',
        metadata: { name: `rar-${rrName}`, namespace: NS },
        spec: {
          remediationRequestRef: { name: rrName, namespace: NS },
          aiAnalysisRef: { name: `ai-${rrName}` },
          confidence: 0.82,
          confidenceLevel: 'high',
          reason: 'Production change',
          investigationSummary: 'Memory limit too low',
          whyApprovalRequired: 'Production environment',
          recommendedWorkflow: {
            workflowId: 'wf-increase-memory',
            version: '1.0.0',
          },
          recommendedActions: [
            { action: 'increase-memory-v1', rationale: 'OOMKilled' },
          ],
          evidenceCollected: ['14 restarts'],
          alternativesConsidered: [
            { approach: 'rollback', prosCons: 'slower' },
          ],
          requiredBy: new Date(Date.now() + 15 * 60_000).toISOString(),
        },
        status: { timeRemaining: '15m0s', expired: false, ...status },
      }).object,
    effectivenessAssessment: (rrName, status) =>
      store.create(RESOURCE_TYPES.effectivenessAssessments, {
        apiVersion: KUBERNAUT_API_VERSION,
        kind: 'EffectivenessAssessment',
        metadata: { name: `ea-${rrName}`, namespace: NS },
        spec: {
          correlationID: rrName,
          signalName: 'KubePodOOMKilled',
          config: { stabilizationWindow: '120s' },
        },
        status,
      }).object,
    setEffectivenessStatus: (rrName, status) =>
      patchStatus(
        RESOURCE_TYPES.effectivenessAssessments,
        `ea-${rrName}`,
        status,
      ),
    stop: () => handle.stop(),
  };
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One HTTP request, the whole answer. */
export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: options.method ?? 'POST', headers: options.headers },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (body += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** The events of an SSE body: name, id and data of each. */
export function sseEvents(
  body: string,
): Array<{ event?: string; id?: string; data: string }> {
  const events: Array<{ event?: string; id?: string; data: string }> = [];
  const parser = createParser({
    onEvent: ({ event, id, data }) => events.push({ event, id, data }),
  });
  parser.feed(body);
  parser.feed('\n\n');
  return events;
}

export const MCP_HEADERS = {
  'Content-Type': 'application/json',
  Accept: 'application/json, text/event-stream',
};

/** An initialized MCP session for a user; `call` returns the tool result's text and error flag. */
export async function mcpSession(url: string, token: string) {
  const post = (body: object, session?: string) =>
    request(`${url}/mcp`, {
      headers: {
        ...MCP_HEADERS,
        Authorization: `Bearer ${token}`,
        ...(session ? { 'Mcp-Session-Id': session } : {}),
      },
      body: JSON.stringify(body),
    });
  const init = await post({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion: '2025-03-26',
      capabilities: {},
      clientInfo: { name: 'test', version: '1' },
    },
  });
  const session = init.headers['mcp-session-id'] as string;
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, session);
  let id = 10;
  return {
    session,
    post,
    async rpc(method: string, params?: object) {
      const reply = await post(
        { jsonrpc: '2.0', id: id++, method, ...(params ? { params } : {}) },
        session,
      );
      return JSON.parse(sseEvents(reply.body)[0].data);
    },
    async call(
      name: string,
      args: object,
    ): Promise<{ text: string; isError: boolean; json?: any }> {
      const reply = await post(
        {
          jsonrpc: '2.0',
          id: id++,
          method: 'tools/call',
          params: { name, arguments: args },
        },
        session,
      );
      const { result } = JSON.parse(sseEvents(reply.body)[0].data);
      const text: string = result.content[0].text;
      let json: any;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { text, isError: result.isError === true, json };
    },
  };
}
