import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type {
  NotificationSendOptions,
  NotificationService,
} from '@backstage/plugin-notifications-node';
import type {
  ApprovalView,
  FleetChangeEvent,
  RemediationSummary,
} from '@kubernaut/plugin-kubernaut-common';
import { applyDatabaseMigrations } from '../database/migrations';
import { kubernautTestDatabaseIds } from '../testUtils/testDatabaseIds';
import { NotificationLedger } from './NotificationLedger';
import type { NotificationOptions } from './notificationConfig';
import {
  RemediationNotifier,
  type RemediationSource,
} from './RemediationNotifier';

jest.setTimeout(60_000);

const T0 = Date.parse('2026-12-02T10:00:00.000Z');

/** A fleet held in memory that announces changes the way the cluster registry does. */
class FakeFleet implements RemediationSource {
  readonly remediations = new Map<string, RemediationSummary>();
  readonly approvals = new Map<string, ApprovalView>();
  private readonly listeners = new Set<(event: FleetChangeEvent) => void>();

  names = () => ['prod-a'];
  rows = (cluster: string) =>
    [...this.remediations.values()].filter(r => r.cluster === cluster);
  row = (cluster: string, name: string) =>
    this.remediations.get(`${cluster}/${name}`);
  approval = (cluster: string, name: string) =>
    this.approvals.get(`${cluster}/${name}`);
  remediationOfChange = (event: FleetChangeEvent) =>
    this.row(event.cluster, event.name.replace(/^rar-/, ''));
  onChange(listener: (event: FleetChangeEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  put(row: RemediationSummary, approval?: ApprovalView) {
    this.remediations.set(`${row.cluster}/${row.name}`, row);
    if (approval) this.approvals.set(`${row.cluster}/${row.name}`, approval);
    for (const listener of this.listeners)
      listener({
        cluster: row.cluster,
        kind: approval ? 'RemediationApprovalRequest' : 'RemediationRequest',
        name: approval ? `rar-${row.name}` : row.name,
        type: 'MODIFIED',
      });
  }
}

class RecordingNotifications implements NotificationService {
  readonly sent: NotificationSendOptions[] = [];
  failing = false;
  async send(options: NotificationSendOptions) {
    if (this.failing) throw new Error('notifications backend unavailable');
    this.sent.push(options);
  }
}

const remediation = (
  overrides: Partial<RemediationSummary> = {},
): RemediationSummary => ({
  cluster: 'prod-a',
  name: 'rr-payments-1',
  namespace: 'payments',
  phase: 'AwaitingApproval',
  severity: 'critical',
  environment: 'production',
  signalName: 'KubePodCrashLooping',
  target: { kind: 'Deployment', name: 'checkout', namespace: 'payments' },
  workflow: 'rollback-config',
  createdAt: '2026-12-02T09:55:00.000Z',
  approval: {
    name: 'rar-rr-payments-1',
    requiredBy: '2026-12-02T10:15:00.000Z',
  },
  ...overrides,
});

const approvalView = (overrides: Partial<ApprovalView> = {}): ApprovalView =>
  ({
    name: 'rar-rr-payments-1',
    cluster: 'prod-a',
    namespace: 'payments',
    remediation: 'rr-payments-1',
    resourceVersion: '1',
    requiredBy: '2026-12-02T10:15:00.000Z',
    confidence: 0.87,
    recommendedWorkflow: { workflowId: 'rollback-config' },
    evidence: [],
    alternativesConsidered: [],
    expired: false,
    ...overrides,
  } as ApprovalView);

const options: NotificationOptions = {
  enabled: true,
  linkBase: '/kubernaut',
  expiryWarningMs: 5 * 60_000,
  recentOutcomeMs: 60 * 60_000,
  rules: [
    { clusters: ['prod-a'], recipients: ['group:default/sre-prod'] },
    { namespaces: ['payments'], recipients: ['user:default/payments-lead'] },
    { clusters: ['staging'], recipients: ['group:default/sre-staging'] },
  ],
};

describe('RemediationNotifier', () => {
  const databases = TestDatabases.create({ ids: kubernautTestDatabaseIds() });

  async function setUp(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    let now = T0;
    const clock = { now: () => now, set: (t: number) => (now = t) };
    const fleet = new FakeFleet();
    const notifications = new RecordingNotifications();
    const replica = () =>
      new RemediationNotifier({
        source: fleet,
        notifications,
        ledger: new NotificationLedger(knex, clock.now),
        options,
        logger: mockServices.logger.mock(),
        now: clock.now,
        sweepIntervalMs: 60_000,
      });
    return { fleet, notifications, clock, replica };
  }

  it.each(databases.eachSupportedId())(
    'tells the configured approvers of a new request once, across replicas and restarts, on %p',
    async databaseId => {
      const { fleet, notifications, replica } = await setUp(databaseId);
      const a = replica();
      const b = replica();
      a.start();
      b.start();
      fleet.put(remediation(), approvalView());
      fleet.put(remediation(), approvalView()); // a second change of the same request
      await Promise.all([a.idle(), b.idle()]);
      expect(notifications.sent).toHaveLength(1);
      const [sent] = notifications.sent;
      expect(sent.recipients).toEqual({
        type: 'entity',
        entityRef: ['group:default/sre-prod', 'user:default/payments-lead'],
      });
      expect(sent.payload).toEqual({
        title:
          'Approval needed: rollback-config on Deployment/checkout (prod-a)',
        description:
          'Severity critical · signal KubePodCrashLooping · target Deployment/checkout in payments · cluster prod-a (production) · remediation rr-payments-1 · decide by 10:15 UTC (in 15 min) · confidence 87%',
        link: '/kubernaut/clusters/prod-a/remediations/rr-payments-1?tab=approval',
        severity: 'critical',
        topic: 'Kubernaut · prod-a/payments',
        scope: 'kubernaut:prod-a/rr-payments-1:approval',
      });
      a.stop();
      b.stop();

      const restarted = replica();
      restarted.start();
      await restarted.idle();
      expect(notifications.sent).toHaveLength(1);
      restarted.stop();
    },
  );

  it.each(databases.eachSupportedId())(
    'warns before expiry, then updates the same notification with who decided, on %p',
    async databaseId => {
      const { fleet, notifications, clock, replica } = await setUp(databaseId);
      const notifier = replica();
      notifier.start();
      fleet.put(remediation(), approvalView());
      await notifier.idle();

      clock.set(Date.parse('2026-12-02T10:11:00.000Z'));
      fleet.put(remediation(), approvalView());
      await notifier.idle();
      expect(notifications.sent[1].payload).toEqual(
        expect.objectContaining({
          title:
            'Approval expires in 4 min: rollback-config on Deployment/checkout (prod-a)',
          severity: 'critical',
          scope: 'kubernaut:prod-a/rr-payments-1:approval',
        }),
      );

      clock.set(Date.parse('2026-12-02T10:12:00.000Z'));
      fleet.put(
        remediation({
          phase: 'Executing',
          approval: undefined,
          approvalDecision: 'Approved',
        }),
        approvalView({
          decision: 'Approved',
          decidedBy: 'alice@example.com',
          decidedAt: '2026-12-02T10:12:00.000Z',
          decisionMessage: 'config rollback is safe',
        }),
      );
      await notifier.idle();
      expect(notifications.sent).toHaveLength(3);
      expect(notifications.sent[2].payload).toEqual(
        expect.objectContaining({
          title:
            'Approved by alice@example.com: rollback-config on Deployment/checkout (prod-a)',
          severity: 'low',
          scope: 'kubernaut:prod-a/rr-payments-1:approval',
        }),
      );
      expect(notifications.sent[2].payload.description).toContain(
        '"config rollback is safe"',
      );
      notifier.stop();
    },
  );

  it.each(databases.eachSupportedId())(
    'says an expired request expired undecided, on %p',
    async databaseId => {
      const { fleet, notifications, clock, replica } = await setUp(databaseId);
      const notifier = replica();
      notifier.start();
      fleet.put(remediation(), approvalView());
      await notifier.idle();
      clock.set(Date.parse('2026-12-02T10:16:00.000Z'));
      fleet.put(
        remediation({
          phase: 'Failed',
          approval: undefined,
          approvalDecision: 'Expired',
          completedAt: '2026-12-02T10:15:30.000Z',
          failurePhase: 'AwaitingApproval',
          failureReason: 'approval expired',
        }),
        approvalView({ decision: 'Expired', expired: true }),
      );
      await notifier.idle();
      const titles = notifications.sent.map(s => s.payload.title);
      expect(titles).toEqual([
        'Approval needed: rollback-config on Deployment/checkout (prod-a)',
        'Approval expired undecided: rollback-config on Deployment/checkout (prod-a)',
        'Remediation failed: KubePodCrashLooping on Deployment/checkout (prod-a)',
      ]);
      expect(notifications.sent[2].payload.description).toContain(
        'failed in AwaitingApproval · approval expired',
      );
      notifier.stop();
    },
  );

  it.each(databases.eachSupportedId())(
    'announces manual reviews, but not failures that ended before it started watching, on %p',
    async databaseId => {
      const { fleet, notifications, replica } = await setUp(databaseId);
      fleet.put(
        remediation({
          name: 'rr-old',
          phase: 'Failed',
          approval: undefined,
          completedAt: '2026-12-01T08:00:00.000Z',
        }),
      );
      const notifier = replica();
      notifier.start();
      fleet.put(
        remediation({
          name: 'rr-review',
          phase: 'Completed',
          approval: undefined,
          outcome: 'ManualReviewRequired',
          completedAt: '2026-12-02T09:59:00.000Z',
          blockReason: 'escalated by the agent',
        }),
      );
      await notifier.idle();
      expect(notifications.sent.map(s => s.payload.title)).toEqual([
        'Manual review needed: KubePodCrashLooping on Deployment/checkout (prod-a)',
      ]);
      expect(notifications.sent[0].payload.link).toBe(
        '/kubernaut/clusters/prod-a/remediations/rr-review',
      );
      notifier.stop();
    },
  );

  it.each(databases.eachSupportedId())(
    'retries a notification the notifications backend refused, and tells nobody where no rule matches, on %p',
    async databaseId => {
      const { fleet, notifications, replica } = await setUp(databaseId);
      const notifier = replica();
      notifier.start();
      fleet.put(remediation({ cluster: 'dev', namespace: 'sandbox' }));
      await notifier.idle();
      expect(notifications.sent).toHaveLength(0);

      notifications.failing = true;
      fleet.put(remediation(), approvalView());
      await notifier.idle();
      expect(notifications.sent).toHaveLength(0);
      notifications.failing = false;
      fleet.put(remediation(), approvalView());
      await notifier.idle();
      expect(notifications.sent).toHaveLength(1);
      notifier.stop();
    },
  );
});
