import type { AuditorService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  KUBERNAUT_APPROVAL_RESOURCE_TYPE,
  type RemediationSummary,
} from '@kubernaut/plugin-kubernaut-common';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import type { DecisionService } from '../decisions/DecisionService';
import type { InvestigationService } from '../investigations/InvestigationService';
import type { Person } from '../router/person';
import type { SteeringService } from '../steering/SteeringService';
import { AuthorizedActs } from './AuthorizedActs';

const row = {
  cluster: 'prod-a',
  name: 'rr-1',
  namespace: 'payments',
  environment: 'production',
  severity: 'critical',
} as RemediationSummary;

const connection = {
  config: { approvalMode: 'impersonate' },
  approvals: {
    items: new Map([['rar-rr-1', { name: 'rar-rr-1', remediation: 'rr-1' }]]),
  },
  remediationRow: (name: string) => (name === 'rr-1' ? row : undefined),
};
const registry = { get: () => connection } as unknown as ClusterRegistry;

const alice: Person = {
  credentials: mockCredentials.user('user:default/alice'),
  userEntityRef: 'user:default/alice',
  ownershipEntityRefs: [],
  offeredToken: 'a-token-she-offered',
};

function recordingAuditor() {
  const events: Array<{ eventId: string; outcome: string; meta?: object }> = [];
  const auditor: AuditorService = {
    async createEvent(options) {
      return {
        async success(result) {
          events.push({
            eventId: options.eventId,
            outcome: 'success',
            meta: { ...options.meta, ...result?.meta },
          });
        },
        async fail() {
          events.push({ eventId: options.eventId, outcome: 'fail' });
        },
      };
    },
  };
  return { auditor, events };
}

function setUp(decision: object) {
  const { auditor, events } = recordingAuditor();
  const decide = jest.fn(async () => ({
    cluster: 'prod-a',
    name: 'rar-rr-1',
    decision: 'Approved',
    decidedBy: 'backstage:default:alice',
  }));
  const acts = new AuthorizedActs({
    permissions: mockServices.permissions.mock({
      authorize: async requests => requests.map(() => decision as any),
      authorizeConditional: async requests =>
        requests.map(() => decision as any),
    }),
    auditor,
    registry,
    decisions: { decide } as unknown as DecisionService,
    investigations: {} as InvestigationService,
    steering: {} as SteeringService,
  });
  return { acts, decide, events };
}

const approve = {
  cluster: 'prod-a',
  name: 'rar-rr-1',
  decision: 'Approved' as const,
  resourceVersion: '7',
};

describe('AuthorizedActs', () => {
  it('refuses a decision the policy denies, audits the attempt, and writes nothing', async () => {
    const { acts, decide, events } = setUp({ result: AuthorizeResult.DENY });
    await expect(acts.decide(alice, approve)).rejects.toThrow(
      'you may not decide remediations like rr-1 in prod-a',
    );
    expect(decide).not.toHaveBeenCalled();
    expect(events).toEqual([{ eventId: 'approval-decision', outcome: 'fail' }]);
  });

  it.each([
    ['production', true],
    ['staging', false],
  ])(
    'judges a conditional decision on the remediation (environment %s -> allowed %s)',
    async (environment, allowed) => {
      const { acts, decide } = setUp({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'kubernaut',
        resourceType: KUBERNAUT_APPROVAL_RESOURCE_TYPE,
        conditions: {
          rule: 'HAS_ENVIRONMENT',
          resourceType: KUBERNAUT_APPROVAL_RESOURCE_TYPE,
          params: { environments: [environment] },
        },
      });
      const outcome = await acts.decide(alice, approve).then(
        () => 'decided',
        (error: Error) => error.message,
      );
      expect(outcome).toBe(
        allowed
          ? 'decided'
          : 'you may not decide remediations like rr-1 in prod-a',
      );
      expect(decide).toHaveBeenCalledTimes(allowed ? 1 : 0);
    },
  );

  it('decides as the person, without a token the cluster does not take, and audits who and how', async () => {
    const { acts, decide, events } = setUp({ result: AuthorizeResult.ALLOW });
    await acts.decide(alice, approve);
    expect(decide).toHaveBeenCalledWith(
      approve,
      expect.objectContaining({
        userEntityRef: 'user:default/alice',
        apiFrontendToken: undefined,
      }),
    );
    expect(events).toEqual([
      {
        eventId: 'approval-decision',
        outcome: 'success',
        meta: expect.objectContaining({
          actor: 'user:default/alice',
          credential: 'service',
          decidedBy: 'backstage:default:alice',
        }),
      },
    ]);
  });

  it('asks for the override permission only when overriding', async () => {
    const checked: string[] = [];
    const { auditor } = recordingAuditor();
    const acts = new AuthorizedActs({
      permissions: mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(r => {
            checked.push(r.permission.name);
            return { result: AuthorizeResult.DENY };
          }),
        authorizeConditional: async requests =>
          requests.map(r => {
            checked.push(r.permission.name);
            return { result: AuthorizeResult.ALLOW };
          }),
      }),
      auditor,
      registry,
      decisions: { decide: jest.fn() } as unknown as DecisionService,
      investigations: {} as InvestigationService,
      steering: {} as SteeringService,
    });
    await expect(
      acts.decide(alice, {
        ...approve,
        override: { workflowName: 'scale-up', rationale: 'safer' },
      }),
    ).rejects.toThrow('missing permission kubernaut.approval.override');
    expect(checked).toEqual([
      'kubernaut.approval.decide',
      'kubernaut.approval.override',
    ]);
  });
});
