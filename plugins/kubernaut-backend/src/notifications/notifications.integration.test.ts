import type { Server } from 'node:http';
import request from 'supertest';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import { eventually } from '../testUtils/eventually';
import {
  asUser,
  startKubernautTestBackend,
} from '../testUtils/kubernautTestBackend';
import type { SandboxProcess } from '../testUtils/sandboxProcess';

jest.setTimeout(120_000);

const approver = 'user:default/alice';
const bystander = 'user:default/bob';

interface StoredNotification {
  payload: {
    title: string;
    description?: string;
    link?: string;
    severity?: string;
    topic?: string;
    scope?: string;
  };
  origin: string;
}

async function notificationsOf(server: Server, user: string) {
  const { body } = await request(server)
    .get('/api/notifications/notifications')
    .set(asUser(user))
    .expect(200);
  return body.notifications as StoredNotification[];
}

/**
 * The real notifications backend beside the plugin, on the sandbox: an approval request made by
 * the sandbox's controller reaches its approver's inbox, and deciding it updates that one
 * notification with who decided.
 */
describe('approval notifications through the Backstage notifications backend', () => {
  let sandbox: SandboxProcess;
  let server: Server;

  let stopBackend: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({
      sandbox,
      server,
      stop: stopBackend,
    } = await startKubernautTestBackend({
      sandbox: [
        '--clusters',
        'nt-a:production:v1.6',
        '--speed',
        '20',
        '--seed',
        '9',
        '--no-live',
      ],
      config: started => {
        const config = started.pluginConfig();
        return {
          ...config,
          app: { baseUrl: 'http://localhost:3000' },
          kubernaut: {
            ...config.kubernaut,
            notifications: {
              // At --speed 20 the 15-minute deadline passes in 45 s: warn only at the very end.
              expiryWarning: '1s',
              approvers: [{ clusters: ['nt-a'], recipients: [approver] }],
            },
          },
        };
      },
      features: [notificationsBackend],
    }));
  });

  afterAll(() => stopBackend?.());

  it('notifies the approver, not others, and updates the notification with the decision', async () => {
    const { rrName } = await sandbox.admin('/clusters/nt-a/scenarios', {
      scenario: 'checkout-oom',
      scriptedDecisions: false,
    });
    const [requested] = await eventually(
      'the approval notification',
      async () => {
        const items = await notificationsOf(server, approver);
        return items.length ? items : undefined;
      },
      // The scenario investigates before it asks; a busy machine slows it down.
      90_000,
    );
    expect(requested.origin).toBe('plugin:kubernaut');
    expect(requested.payload).toEqual(
      expect.objectContaining({
        link: `/kubernaut/clusters/nt-a/remediations/${rrName}?tab=approval`,
        topic: expect.stringContaining('nt-a/'),
        scope: `kubernaut:nt-a/${rrName}:approval`,
      }),
    );
    expect(requested.payload.title).toMatch(/^Approval needed: .+ \(nt-a\)$/);
    expect(requested.payload.description).toMatch(/decide by \d\d:\d\d UTC/);
    expect(await notificationsOf(server, bystander)).toEqual([]);

    const { body: approvals } = await request(server)
      .get('/api/kubernaut/approvals')
      .set(asUser(approver))
      .expect(200);
    const approval = approvals.items.find(
      (a: { remediation: string }) => a.remediation === rrName,
    );
    await request(server)
      .post(`/api/kubernaut/clusters/nt-a/approvals/${approval.name}/decision`)
      .set(asUser(approver))
      .send({
        decision: 'Approved',
        resourceVersion: approval.resourceVersion,
        reason: 'memory bump is safe',
      })
      .expect(200);

    const decided = await eventually(
      'the decision in the notification',
      async () => {
        const items = await notificationsOf(server, approver);
        return items.length === 1 &&
          items[0].payload.title.startsWith('Approved by')
          ? items[0]
          : undefined;
      },
    );
    expect(decided.payload.scope).toBe(`kubernaut:nt-a/${rrName}:approval`);
    expect(decided.payload.description).toContain('"memory bump is safe"');
  });
});
