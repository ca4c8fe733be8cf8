import { ConfigReader } from '@backstage/config';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  kubernautApprovalDecidePermission,
  kubernautApprovalOverridePermission,
  kubernautAuditReadPermission,
  kubernautRemediationReadPermission,
} from '@kubernaut/plugin-kubernaut-common';
import { readKubernautGrants } from './grants';
import { KubernautPolicy } from './KubernautPolicy';

const grants = [
  { who: ['group:default/sre'], permissions: ['kubernaut.*'] },
  {
    who: ['group:default/staging-approvers'],
    permissions: ['kubernaut.remediation.read', 'kubernaut.approval.decide'],
    environments: ['staging'],
  },
  {
    who: ['user:default/vera'],
    permissions: ['kubernaut.remediation.read'],
    clusters: ['prod-us-east'],
    severities: ['critical', 'high'],
  },
];

function policyFor(config: object[] = grants) {
  const userInfo = mockServices.userInfo.mock({
    getUserInfo: async credentials => {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      const groups: Record<string, string[]> = {
        'user:default/sam': ['group:default/sre'],
        'user:default/stella': ['group:default/staging-approvers'],
      };
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(groups[ref] ?? [])],
      };
    },
  });
  return new KubernautPolicy(
    readKubernautGrants(
      new ConfigReader({ permission: { kubernaut: { grants: config } } }),
    ),
    userInfo,
  );
}

const as = (ref: string) => ({
  credentials: mockCredentials.user(ref),
  info: { userEntityRef: ref, ownershipEntityRefs: [] },
});

describe('KubernautPolicy', () => {
  it('allows a group everything it was granted without scope', async () => {
    const policy = policyFor();
    for (const permission of [
      kubernautRemediationReadPermission,
      kubernautApprovalDecidePermission,
      kubernautApprovalOverridePermission,
    ])
      expect(
        await policy.handle({ permission }, as('user:default/sam')),
      ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('turns a scoped grant into the plugin conditions', async () => {
    const policy = policyFor();
    expect(
      await policy.handle(
        { permission: kubernautApprovalDecidePermission },
        as('user:default/stella'),
      ),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'kubernaut',
      resourceType: 'kubernaut-approval',
      conditions: {
        anyOf: [
          {
            allOf: [
              {
                rule: 'HAS_ENVIRONMENT',
                resourceType: 'kubernaut-approval',
                params: { environments: ['staging'] },
              },
            ],
          },
        ],
      },
    });
    expect(
      await policy.handle(
        { permission: kubernautRemediationReadPermission },
        as('user:default/vera'),
      ),
    ).toEqual(
      expect.objectContaining({
        result: AuthorizeResult.CONDITIONAL,
        conditions: {
          anyOf: [
            {
              allOf: [
                expect.objectContaining({
                  rule: 'IS_IN_CLUSTER',
                  params: { clusters: ['prod-us-east'] },
                }),
                expect.objectContaining({
                  rule: 'HAS_SEVERITY',
                  params: { severities: ['critical', 'high'] },
                }),
              ],
            },
          ],
        },
      }),
    );
  });

  it('denies what was not granted, and anonymous callers', async () => {
    const policy = policyFor();
    expect(
      await policy.handle(
        { permission: kubernautApprovalOverridePermission },
        as('user:default/stella'),
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(
      await policy.handle(
        { permission: kubernautAuditReadPermission },
        as('user:default/nobody'),
      ),
    ).toEqual({ result: AuthorizeResult.DENY });
    expect(
      await policy.handle({ permission: kubernautRemediationReadPermission }),
    ).toEqual({ result: AuthorizeResult.DENY });
  });

  it.each([
    [
      { who: ['user:default/a'], permissions: ['kubernaut.nope'] },
      /unknown permission/,
    ],
    [
      { who: ['alice'], permissions: ['kubernaut.*'] },
      /not a user or group entity ref/,
    ],
    [
      {
        who: ['user:default/a'],
        permissions: ['kubernaut.approval.*'],
        clusters: ['prod'],
      },
      /kubernaut.approval.override cannot be limited/,
    ],
  ])('refuses a grant that would not mean what it says: %j', (grant, error) => {
    expect(() => policyFor([grant])).toThrow(error);
  });
});
