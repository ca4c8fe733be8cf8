import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { kubernautApprovalDecidePermission } from '@kubernaut/plugin-kubernaut-common';
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import type { Server } from 'node:http';
import request from 'supertest';
import { USER_TOKEN_HEADER } from '../router/person';
import { eventually } from '../testUtils/eventually';
import {
  asUser,
  startKubernautTestBackend,
  type KubernautTestBackend,
} from '../testUtils/kubernautTestBackend';
import {
  recordingAuditor,
  type RecordedAuditEvent,
} from '../testUtils/recordingAuditor';
import { kubernautTestDatabaseIds } from '../testUtils/testDatabaseIds';
import { recordHardening, type HardeningCase } from './hardeningReport';

jest.setTimeout(90_000);

/**
 * Who is who. Alice and guest may decide in Backstage and in the clusters (the sandbox's RBAC,
 * packages/kubernaut-sandbox/src/kube/auth.ts, lets them patch approval status). Mallory is
 * refused by the Backstage permission policy; bob passes it, but the cluster's RBAC has him as a
 * viewer, so the cluster refuses him.
 */
const ALICE = 'user:default/alice';
const GUEST = 'user:default/guest';
const BOB = 'user:default/bob';
const MALLORY = 'user:default/mallory';

/** How each mode names the person on the approval request (RAR `status.decidedBy`). */
interface Mode {
  approvalMode: 'impersonate' | 'apiFrontend';
  cluster: string;
  /** The token API Frontend trusts for a person (apiFrontend mode); none when impersonating. */
  tokenOf(user: string): string | undefined;
  /** Who the RAR must credit when this person decides. */
  decidedByOf(user: string): string;
}

const IMPERSONATE: Mode = {
  approvalMode: 'impersonate',
  cluster: 'hi',
  tokenOf: () => undefined,
  // Impersonated as `backstage:{{namespace}}:{{name}}` (config/userMapping.ts's default).
  decidedByOf: user => `backstage:default:${user.split('/')[1]}`,
};

/** Sandbox tokens per person: guest signs in to API Frontend as the cluster's admin. */
const FRONTEND_IDENTITY: Record<string, [token: string, username: string]> = {
  [ALICE]: ['alice', 'alice'],
  [GUEST]: ['admin', 'kubernetes-admin'],
  [BOB]: ['bob', 'bob'],
  [MALLORY]: ['bob', 'bob'],
};
const API_FRONTEND: Mode = {
  approvalMode: 'apiFrontend',
  cluster: 'hf',
  tokenOf: user => `sandbox-hf-${FRONTEND_IDENTITY[user][0]}`,
  // The token's identity: upstream's kubernaut_approve records the caller it authenticated.
  decidedByOf: user => FRONTEND_IDENTITY[user][1],
};

const userOf = (credentials: BackstageCredentials) =>
  (credentials.principal as { userEntityRef?: string }).userEntityRef;

/** Everyone may do everything in Backstage, except that mallory may not decide. */
const permissions = mockServices.permissions.mock({
  authorize: async requests =>
    requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  authorizeConditional: async (requests, { credentials }) =>
    requests.map(({ permission }) => ({
      result:
        permission.name === kubernautApprovalDecidePermission.name &&
        userOf(credentials) === MALLORY
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    })) as any,
});

interface Attempt {
  user: string;
  status: number;
  body: any;
}

describe.each([IMPERSONATE, API_FRONTEND])(
  'deciding approval requests ($approvalMode)',
  mode => {
    let backend: KubernautTestBackend;
    const auditor = recordingAuditor();
    const attempts: Attempt[] = [];
    const report: HardeningCase[] = [];
    // Registered before TestDatabases' own hook: backends stop before their database closes.
    afterAll(async () => {
      recordHardening('decisions', report);
      await backend?.stop();
    });
    const databaseId = kubernautTestDatabaseIds().at(-1)!;
    const databases = TestDatabases.create({ ids: [databaseId] });
    /** Started at once, so its deadline passes while the other cases run. */
    let expiring: Promise<string>;

    /** What this test found: every check is recorded, and then all must have held. */
    let found: HardeningCase[] = [];
    beforeEach(() => {
      found = [];
    });
    const check = (tried: string, held: boolean, observed: string) => {
      const c = { tried: `${mode.approvalMode}: ${tried}`, held, observed };
      report.push(c);
      found.push(c);
    };
    const broken = () => found.filter(c => !c.held);

    function decide(
      server: Server,
      user: string,
      approval: { name: string; resourceVersion: string },
    ) {
      const token = mode.tokenOf(user);
      const call = request(server)
        .post(
          `/api/kubernaut/clusters/${mode.cluster}/approvals/${approval.name}/decision`,
        )
        .set(asUser(user));
      return (token ? call.set(USER_TOKEN_HEADER, token) : call)
        .send({
          decision: 'Approved',
          reason: `approved by ${user}`,
          resourceVersion: approval.resourceVersion,
        })
        .then(response => {
          const attempt = {
            user,
            status: response.status,
            body: response.body,
          };
          attempts.push(attempt);
          return attempt;
        });
    }

    /** The approval request as the cluster has it (read as the cluster's admin). */
    async function rarInCluster(name: string) {
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromFile(backend.sandbox.kubeconfig);
      kubeConfig.setCurrentContext(mode.cluster);
      const object = await kubeConfig
        .makeApiClient(CustomObjectsApi)
        .getNamespacedCustomObject({
          group: 'kubernaut.ai',
          version: 'v1alpha1',
          namespace: 'kubernaut-system',
          plural: 'remediationapprovalrequests',
          name,
        });
      return (object as { status?: Record<string, unknown> }).status ?? {};
    }

    async function pendingApproval(scenario: string) {
      const { rrName } = await backend.sandbox.admin(
        `/clusters/${mode.cluster}/scenarios`,
        { scenario, scriptedDecisions: false },
      );
      return eventually(`an approval request for ${rrName}`, async () => {
        const { body } = await request(backend.server)
          .get('/api/kubernaut/approvals')
          .query({ cluster: mode.cluster })
          .set(asUser(ALICE));
        return body.items?.find(
          (a: { remediation: string }) => a.remediation === rrName,
        ) as { name: string; resourceVersion: string } | undefined;
      });
    }

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      backend = await startKubernautTestBackend({
        sandbox: [
          '--clusters',
          `${mode.cluster}:production:v1.6`,
          '--scale',
          '0',
          '--speed',
          '40',
          '--seed',
          '17',
        ],
        config: sandbox => {
          const [cluster] = sandbox.pluginConfig().kubernaut.clusters;
          return {
            kubernaut: {
              clusters: [{ ...cluster, approvalMode: mode.approvalMode }],
            },
          };
        },
        // Two replicas on one database: the racing users land on different ones.
        replicas: 2,
        knex,
        features: [permissions.factory, auditor.factory],
      });
      // Ten minutes to decide (scenarios.ts), 15 s at --speed 40.
      expiring = pendingApproval('gateway-hpa-expired').then(a => a.name);
      expiring.catch(() => undefined);
    });

    it('refuses whom Backstage refuses and whom the cluster refuses, then lets one of two racing users win', async () => {
      const approval = await pendingApproval('checkout-oom');
      const [servers0, servers1] = backend.servers;

      const refusedByPolicy = await decide(servers0, MALLORY, approval);
      check(
        'a user the Backstage permission policy refuses',
        refusedByPolicy.status === 403 &&
          /you may not decide/.test(refusedByPolicy.body.error?.message),
        `${refusedByPolicy.status} ${refusedByPolicy.body.error?.message}`,
      );

      const refusedByCluster = await decide(servers1, BOB, approval);
      check(
        "a user the cluster's RBAC refuses (bob, a viewer)",
        refusedByCluster.status === 403 &&
          refusedByCluster.body.error?.name === 'NotAllowedError',
        `${refusedByCluster.status} ${refusedByCluster.body.error?.message}`,
      );
      const untouched = await rarInCluster(approval.name);
      check(
        'the refusals wrote nothing',
        untouched.decision === undefined,
        `decision ${untouched.decision ?? 'none'}`,
      );

      const race = await Promise.all([
        decide(servers0, ALICE, approval),
        decide(servers1, GUEST, approval),
      ]);
      const winner = race.find(a => a.status === 200);
      const loser = race.find(a => a !== winner);
      check(
        'two users racing on one request: one wins, the other 409',
        !!winner && loser?.status === 409,
        race.map(a => `${a.user} ${a.status}`).join(', '),
      );
      const rar = await rarInCluster(approval.name);
      check(
        'decidedBy on the RAR is the winner',
        rar.decidedBy === mode.decidedByOf(winner!.user) &&
          winner!.body.decidedBy === rar.decidedBy,
        `RAR ${rar.decidedBy}, answer ${winner!.body.decidedBy}`,
      );
      // Named as the RAR credits them, or (while API Frontend's write is under way, from the
      // replicas' shared claim) as the Backstage user who holds the request.
      const loserMessage = String(loser!.body.error?.message);
      check(
        'the loser is told who decided',
        /already|being/.test(loserMessage) &&
          (loserMessage.includes(`by ${rar.decidedBy}`) ||
            loserMessage.includes(`by ${winner!.user}`)),
        loserMessage,
      );

      const again = await decide(servers1, ALICE, approval);
      check(
        'deciding an already-decided request',
        again.status === 409 &&
          /already approved/.test(again.body.error?.message),
        `${again.status} ${again.body.error?.message}`,
      );
      check(
        'the RAR still credits the first decider',
        (await rarInCluster(approval.name)).decidedBy === rar.decidedBy,
        String(rar.decidedBy),
      );
      expect(broken()).toEqual([]);
    });

    it('refuses an expired request with 409', async () => {
      const name = await expiring;
      const status = await eventually(
        `${name} expired`,
        async () => {
          const s = await rarInCluster(name);
          return s.expired === true ? s : undefined;
        },
        40_000,
      );
      const expired = await decide(backend.server, ALICE, {
        name,
        resourceVersion: '1',
      });
      check(
        'deciding an expired request',
        expired.status === 409 &&
          /expired|can no longer be decided/.test(expired.body.error?.message),
        `${expired.status} ${expired.body.error?.message}`,
      );
      // Kubernaut credits an expiry to "system" (reconciler_callbacks.go in
      // internal/controller/remediationorchestrator); the late attempt must change nothing.
      const after = await rarInCluster(name);
      check(
        'the expired RAR still credits Kubernaut, not the late decider',
        status.decidedBy === 'system' &&
          after.decidedBy === 'system' &&
          after.decision === status.decision,
        `decidedBy ${after.decidedBy ?? 'none'}, decision ${after.decision}`,
      );
      expect(broken()).toEqual([]);
    });

    it('has every attempt in the audit log, successes and failures', () => {
      const events = auditor.events.filter(
        (e): e is RecordedAuditEvent & { outcome: string } =>
          e.eventId === 'approval-decision',
      );
      const outcomes = events.map(e => e.outcome);
      const expected = attempts.map(a =>
        a.status === 200 ? 'success' : 'failure',
      );
      check(
        'one audit event per attempt, success or failure as answered',
        events.length === attempts.length &&
          [...outcomes].sort().join() === [...expected].sort().join(),
        `${attempts.length} attempts, ${events.length} events (${outcomes.join(
          ', ',
        )})`,
      );
      const successes = events.filter(e => e.outcome === 'success');
      check(
        'the audited success names the person the RAR credits',
        successes.length === 1 &&
          successes[0].outcomeMeta?.decidedBy ===
            attempts.find(a => a.status === 200)!.body.decidedBy,
        `${successes.map(e => e.outcomeMeta?.decidedBy).join(', ')}`,
      );
      check(
        'each failure carries its error',
        events
          .filter(e => e.outcome === 'failure')
          .every(e => e.error instanceof Error),
        events
          .filter(e => e.outcome === 'failure')
          .map(e => e.error?.name)
          .join(', '),
      );
      expect(broken()).toEqual([]);
    });
  },
);
