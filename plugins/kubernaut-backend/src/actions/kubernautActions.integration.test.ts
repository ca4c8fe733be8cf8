import {
  coreServices,
  createServiceFactory,
  type BackstageCredentials,
  type PermissionsService,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { KUBERNAUT_REMEDIATION_RESOURCE_TYPE } from '@kubernaut/plugin-kubernaut-common';
import type { Server } from 'node:http';
import request from 'supertest';
import { eventually } from '../testUtils/eventually';
import { startKubernautTestBackend } from '../testUtils/kubernautTestBackend';
import { recordingAuditor } from '../testUtils/recordingAuditor';
import type { SandboxProcess } from '../testUtils/sandboxProcess';

jest.setTimeout(120_000);

const alice = 'user:default/alice';
/** May see only the staging-like namespace `nowhere`, and may decide nothing. */
const viewer = 'user:default/viewer';

const userOf = (credentials: BackstageCredentials) =>
  (credentials.principal as { userEntityRef?: string }).userEntityRef;

/** Alice may do anything; the viewer sees one namespace and may not decide. */
const permissionsFactory = createServiceFactory({
  service: coreServices.permissions,
  deps: {},
  factory(): PermissionsService {
    const decide = (
      permissionName: string,
      credentials: BackstageCredentials,
    ): any => {
      if (userOf(credentials) !== viewer)
        return { result: AuthorizeResult.ALLOW };
      if (permissionName === 'kubernaut.remediation.read')
        return {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'kubernaut',
          resourceType: KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
          conditions: {
            rule: 'IS_IN_NAMESPACE',
            resourceType: KUBERNAUT_REMEDIATION_RESOURCE_TYPE,
            params: { namespaces: ['nowhere'] },
          },
        };
      return { result: AuthorizeResult.DENY };
    };
    return {
      async authorize(requests, { credentials }) {
        return requests.map(r => decide(r.permission.name, credentials));
      },
      async authorizeConditional(requests, { credentials }) {
        return requests.map(r => decide(r.permission.name, credentials));
      },
    };
  },
});

async function invoke(
  server: Server,
  action: string,
  input: object,
  user: string | 'service' = alice,
) {
  return request(server)
    .post(
      `/api/kubernaut/.backstage/actions/v1/actions/kubernaut:${action}/invoke`,
    )
    .set(
      'Authorization',
      user === 'service'
        ? mockCredentials.service.header()
        : mockCredentials.user.header(user),
    )
    .send(input);
}

/**
 * The plugin's actions through Backstage's real actions registry (what its MCP server calls),
 * as different people, against the sandbox.
 */
describe('Kubernaut actions for agents', () => {
  let sandbox: SandboxProcess;
  let server: Server;
  let stopBackend: (() => Promise<void>) | undefined;
  const auditor = recordingAuditor();

  beforeAll(async () => {
    ({
      sandbox,
      server,
      stop: stopBackend,
    } = await startKubernautTestBackend({
      sandbox: [
        '--clusters',
        'ac-a:production:v1.6',
        '--speed',
        '20',
        '--seed',
        '3',
      ],
      features: [
        actionsRegistryServiceFactory,
        permissionsFactory,
        auditor.factory,
      ],
    }));
    await eventually('the cluster listed', async () => {
      const { body } = await invoke(server, 'list-remediations', {});
      return body.output?.totalCount > 0 ? true : undefined;
    });
  });

  afterAll(() => stopBackend?.());

  it('lists remediations with the query language, as the caller may see them', async () => {
    const all = await invoke(server, 'list-remediations', { limit: 100 });
    expect(all.status).toBe(200);
    const critical = await invoke(server, 'list-remediations', {
      query: 'critical',
      limit: 100,
    });
    expect(critical.body.output.items.length).toBeGreaterThan(0);
    expect(
      critical.body.output.items.every(
        (r: { severity: string }) => r.severity === 'critical',
      ),
    ).toBe(true);
    expect(critical.body.output.totalCount).toBeLessThan(
      all.body.output.totalCount,
    );

    const seenByViewer = await invoke(server, 'list-remediations', {}, viewer);
    expect(seenByViewer.body.output).toEqual(
      expect.objectContaining({ items: [], totalCount: 0 }),
    );
  });

  it('gets one remediation with its analysis, and refuses one the caller may not see', async () => {
    const { body } = await invoke(server, 'list-remediations', {
      query: 'completed',
      limit: 1,
    });
    const [first] = body.output.items;
    const detail = await invoke(server, 'get-remediation', {
      cluster: first.cluster,
      name: first.name,
    });
    expect(detail.status).toBe(200);
    expect(detail.body.output.remediation).toEqual(
      expect.objectContaining({
        name: first.name,
        analysis: expect.objectContaining({ rootCause: expect.any(String) }),
      }),
    );
    const refused = await invoke(
      server,
      'get-remediation',
      { cluster: first.cluster, name: first.name },
      viewer,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.name).toBe('NotAllowedError');
  });

  it('rejects bad input with a 400 and service principals with a 403', async () => {
    const bad = await invoke(server, 'get-remediation', {
      cluster: '../etc',
      name: 'x',
    });
    expect(bad.status).toBe(400);
    const service = await invoke(server, 'list-remediations', {}, 'service');
    expect(service.status).toBe(403);
    expect(service.body.error.message).toMatch(/signed-in person/);
  });

  it('decides a pending approval as the caller, credited and audited, and refuses one who may not', async () => {
    const { rrName } = await sandbox.admin('/clusters/ac-a/scenarios', {
      scenario: 'checkout-oom',
      scriptedDecisions: false,
    });
    const approval = await eventually('the pending approval', async () => {
      const { body } = await invoke(server, 'list-pending-approvals', {});
      return body.output.items.find(
        (a: { remediation: string }) => a.remediation === rrName,
      );
    });
    expect(approval.resourceVersion).toEqual(expect.any(String));

    const denied = await invoke(
      server,
      'decide-approval',
      {
        cluster: 'ac-a',
        approval: approval.name,
        decision: 'Approved',
        resourceVersion: approval.resourceVersion,
      },
      viewer,
    );
    expect(denied.status).toBe(403);

    const decided = await invoke(server, 'decide-approval', {
      cluster: 'ac-a',
      approval: approval.name,
      decision: 'Rejected',
      reason: 'not during the freeze',
      resourceVersion: approval.resourceVersion,
    });
    expect(decided.status).toBe(200);
    expect(decided.body.output.result).toEqual(
      expect.objectContaining({ decision: 'Rejected' }),
    );
    expect(decided.body.output.result.decidedBy).toMatch(/alice/);
    expect(auditor.events).toContainEqual(
      expect.objectContaining({
        eventId: 'approval-decision',
        outcome: 'success',
        meta: expect.objectContaining({
          approval: approval.name,
          decision: 'Rejected',
        }),
        outcomeMeta: expect.objectContaining({ actor: alice }),
      }),
    );
    expect(auditor.events).toContainEqual(
      expect.objectContaining({
        eventId: 'approval-decision',
        outcome: 'failure',
        meta: expect.objectContaining({ approval: approval.name }),
      }),
    );
  });
});
