import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  kubernautApprovalDecidePermission,
  kubernautAuditReadPermission,
  kubernautRemediationReadPermission,
} from '@kubernaut/plugin-kubernaut-common';
import { cacheReadDecisions } from './readDecisionCache';

function setUp(expiresAt?: Date) {
  let now = 1_000_000;
  const asked: string[] = [];
  const inner = mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => {
        asked.push(`authorize ${r.permission.name}`);
        return { result: AuthorizeResult.ALLOW };
      }),
    authorizeConditional: async requests =>
      requests.map(r => {
        asked.push(`conditional ${r.permission.name}`);
        return { result: AuthorizeResult.DENY };
      }),
  });
  const permissions = cacheReadDecisions(inner, {
    ttlMs: 10_000,
    now: () => now,
  });
  const alice = { ...mockCredentials.user('user:default/alice'), expiresAt };
  return {
    permissions,
    asked,
    alice,
    advance: (ms: number) => (now += ms),
  };
}

describe('cacheReadDecisions', () => {
  it('reuses a read decision per person for the time to live', async () => {
    const { permissions, asked, alice, advance } = setUp();
    const read = [{ permission: kubernautRemediationReadPermission }];
    await permissions.authorizeConditional(read, { credentials: alice });
    await permissions.authorizeConditional(read, { credentials: alice });
    await permissions.authorizeConditional(read, {
      credentials: mockCredentials.user('user:default/bob'),
    });
    expect(asked).toEqual([
      'conditional kubernaut.remediation.read',
      'conditional kubernaut.remediation.read',
    ]);
    advance(10_001);
    await permissions.authorizeConditional(read, { credentials: alice });
    expect(asked).toHaveLength(3);
  });

  it('never caches decisions that act, nor checks on a resource', async () => {
    const { permissions, asked, alice } = setUp();
    for (let i = 0; i < 2; i++) {
      await permissions.authorizeConditional(
        [{ permission: kubernautApprovalDecidePermission }],
        { credentials: alice },
      );
      await permissions.authorize(
        [
          {
            permission: kubernautRemediationReadPermission,
            resourceRef: 'prod:rr-1',
          },
        ],
        { credentials: alice },
      );
    }
    expect(asked).toHaveLength(4);
  });

  it('does not reuse a decision past the credentials expiry', async () => {
    const { permissions, asked, alice, advance } = setUp(new Date(1_002_000));
    const audit = [{ permission: kubernautAuditReadPermission }];
    await permissions.authorize(audit, { credentials: alice });
    advance(2_001);
    await permissions.authorize(audit, { credentials: alice });
    expect(asked).toEqual([
      'authorize kubernaut.audit.read',
      'authorize kubernaut.audit.read',
    ]);
  });

  it('forgets a failed answer', async () => {
    let calls = 0;
    const permissions = cacheReadDecisions(
      mockServices.permissions.mock({
        authorize: async () => {
          calls++;
          if (calls === 1) throw new Error('permission backend down');
          return [{ result: AuthorizeResult.ALLOW }];
        },
      }),
    );
    const request = [{ permission: kubernautAuditReadPermission }];
    const credentials = mockCredentials.user();
    await expect(
      permissions.authorize(request, { credentials }),
    ).rejects.toThrow('permission backend down');
    await expect(
      permissions.authorize(request, { credentials }),
    ).resolves.toEqual([{ result: AuthorizeResult.ALLOW }]);
  });
});
