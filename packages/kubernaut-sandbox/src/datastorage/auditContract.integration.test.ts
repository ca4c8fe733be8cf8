import https from 'node:https';
import { Sandbox } from '../Sandbox';
import type { SimulatedCluster } from '../SimulatedCluster';

jest.setTimeout(60_000);

/**
 * The audit trail the sandbox's Data Storage serves has upstream Kubernaut's shapes, so the
 * plugin reads it as it reads a real installation. Each test names the upstream file it follows.
 */
describe('sandbox audit events follow upstream Kubernaut', () => {
  let sandbox: Sandbox;
  let cluster: SimulatedCluster;

  beforeAll(async () => {
    sandbox = new Sandbox({
      clusters: [{ name: 'prod-a', environment: 'production', layout: 'v1.6' }],
      host: '127.0.0.1',
      port: 0,
      seed: 7,
      speed: 100,
      scale: 0,
      live: false,
    });
    await sandbox.start();
    cluster = sandbox.clusters[0];
  });

  afterAll(() => sandbox.stop());

  /** Data Storage over TLS, trusting the sandbox's inter-service CA as the plugin does. */
  function get(path: string): Promise<any> {
    return new Promise((resolve, reject) => {
      https
        .get(
          `${cluster.dataStorageServer.url}${path}`,
          {
            ca: sandbox.serviceTls!.caPem,
            headers: {
              Authorization: `Bearer ${cluster.userToken(
                'system:serviceaccount:backstage:kubernaut-backstage',
              )}`,
            },
          },
          response => {
            let body = '';
            response.setEncoding('utf8');
            response.on('data', chunk => (body += chunk));
            response.on('end', () => {
              expect(response.statusCode).toBe(200);
              resolve(JSON.parse(body));
            });
          },
        )
        .on('error', reject);
    });
  }

  const trailOf = async (rr: string) =>
    (await get(`/api/v1/audit/events?correlation_id=${rr}&limit=1000`))
      .data as Array<Record<string, any>>;

  function runWith(outcome: string, phase: string) {
    const run = [...cluster.engine.runs.values()].find(
      r => r.scenario.outcome === outcome && r.phase === phase,
    );
    if (!run) throw new Error(`history has no ${outcome} run in ${phase}`);
    return run;
  }

  it('serves Data Storage and API Frontend over TLS from their own CA (charts/kubernaut/templates/hooks/tls-cert-job.yaml)', () => {
    expect(cluster.dataStorageServer.url).toMatch(/^https:/);
    expect(cluster.apiFrontendServer.url).toMatch(/^https:/);
    expect(sandbox.serviceTls!.caPem).not.toBe(sandbox.tls.caPem);
  });

  describe('pkg/remediationorchestrator/audit/manager.go', () => {
    it('never emits orchestrator.lifecycle.failed: a failure ends with lifecycle.completed, event_outcome failure', async () => {
      const failed = await get(
        '/api/v1/audit/events?event_type=orchestrator.lifecycle.failed',
      );
      expect(failed.data).toEqual([]);

      const run = runWith('execution-failed', 'Failed');
      const endings = (await trailOf(run.rrName)).filter(
        e => e.event_type === 'orchestrator.lifecycle.completed',
      );
      expect(endings).toHaveLength(1);
      const [end] = endings;
      expect(end).toMatchObject({
        event_category: 'orchestration',
        event_action: 'completed',
        event_outcome: 'failure',
        actor_id: 'remediationorchestrator-controller',
        duration_ms: expect.any(Number),
      });
      expect(end.event_data).toMatchObject({
        rr_name: run.rrName,
        outcome: 'Failed',
        failure_phase: 'WorkflowExecution',
        duration_ms: end.duration_ms,
        error_details: expect.objectContaining({
          component: 'remediationorchestrator',
        }),
      });
      expect(end.event_data).not.toHaveProperty('crd_outcome');
    });

    it('reports a success as outcome Success with the CRD outcome in crd_outcome', async () => {
      const run = runWith('remediated', 'Completed');
      const end = (await trailOf(run.rrName)).find(
        e => e.event_type === 'orchestrator.lifecycle.completed',
      )!;
      expect(end.event_outcome).toBe('success');
      expect(end.event_data).toMatchObject({
        outcome: 'Success',
        crd_outcome: 'Remediated',
        duration_ms: expect.any(Number),
      });
      expect(end.event_data).not.toHaveProperty('duration_seconds');
    });

    it('writes no lifecycle event when AIAnalysis ends the remediation (pkg/remediationorchestrator/handler/aianalysis.go)', async () => {
      const run = runWith('manual-review', 'Completed');
      const types = (await trailOf(run.rrName)).map(e => e.event_type);
      expect(types).not.toContain('orchestrator.lifecycle.completed');
    });

    it('names the workflow by its UUID only in remediation.workflow_created', async () => {
      const run = runWith('remediated', 'Completed');
      const trail = await trailOf(run.rrName);
      const created = trail.find(
        e => e.event_type === 'remediation.workflow_created',
      )!;
      expect(created).toMatchObject({
        event_category: 'orchestration',
        event_action: 'workflow_created',
      });
      expect(created.event_data.workflow_id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
      expect(created.event_data).not.toHaveProperty('workflow_name');
      // pkg/workflowexecution/audit/manager.go: the one event with both id and name.
      const selection = trail.find(
        e => e.event_type === 'workflowexecution.selection.completed',
      )!;
      expect(selection.event_data).toMatchObject({
        workflow_id: created.event_data.workflow_id,
        workflow_name: expect.any(String),
      });
    });
  });

  describe('pkg/effectivenessmonitor/audit/manager.go', () => {
    it('scores components in their own events; assessment.completed has a reason and no score', async () => {
      const run = runWith('remediated', 'Completed');
      const trail = await trailOf(run.rrName);
      const completed = trail.find(
        e => e.event_type === 'effectiveness.assessment.completed',
      )!;
      expect(completed).toMatchObject({
        event_category: 'effectiveness',
        event_action: 'assessed',
        actor_id: 'effectivenessmonitor-controller',
        resource_type: 'EffectivenessAssessment',
      });
      expect(completed.event_data).toMatchObject({
        reason: 'Full',
        assessed: true,
        components_assessed: expect.arrayContaining(['health', 'alert']),
      });
      expect(completed.event_data).not.toHaveProperty('score');
      for (const component of ['health', 'alert', 'metrics']) {
        const event = trail.find(
          e => e.event_type === `effectiveness.${component}.assessed`,
        )!;
        expect(event.event_data).toMatchObject({
          component,
          assessed: true,
          score: expect.any(Number),
        });
      }
    });

    it('weighs the component scores in GET /api/v1/effectiveness (pkg/datastorage/server/effectiveness_handler.go)', async () => {
      const run = runWith('remediated', 'Completed');
      const body = await get(`/api/v1/effectiveness/${run.rrName}`);
      const { health_score, alert_score, metrics_score } = body.components;
      expect(body.score).toBeCloseTo(
        0.4 * health_score + 0.35 * alert_score + 0.25 * metrics_score,
        10,
      );
      expect(body.assessment_status).toBe('Full');
      expect(body.hash_comparison).toEqual(
        expect.objectContaining({ hash_match: false }),
      );
    });
  });
});
