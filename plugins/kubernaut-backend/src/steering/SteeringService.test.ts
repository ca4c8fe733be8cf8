import {
  ConflictError,
  NotAllowedError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ApiFrontendError, McpToolError } from '../clients/ApiFrontendClient';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import type { InvestigationRecord } from '../database/InvestigationStore';
import type { InvestigationService } from '../investigations/InvestigationService';
import { SteeringService } from './SteeringService';

const alice = { userEntityRef: 'user:default/alice' };
const bob = { userEntityRef: 'user:default/bob', apiFrontendToken: 'bob-oidc' };

function setup(
  record: Partial<InvestigationRecord>,
  options: {
    phase?: string;
    answer?: () => Promise<Record<string, unknown>>;
  } = {},
) {
  const calls: Array<{ token: string; tool: string; args: unknown }> = [];
  const recorded: unknown[] = [];
  const takeOvers: unknown[] = [];
  const full: InvestigationRecord = {
    id: 'inv-1',
    cluster: 'prod',
    remediation: 'rr-1',
    status: 'running',
    createdBy: 'user:default/alice',
    createdAt: '',
    updatedAt: '',
    ...record,
  };
  const investigations = {
    get: async () => full,
    apiFrontend: () => ({
      callTool: async (token: string, tool: string, args: unknown) => {
        calls.push({ token, tool, args });
        return options.answer
          ? options.answer()
          : { status: 'accepted', message: 'workflow selected' };
      },
    }),
    serviceCredential: () => 'service-token',
    act: (_id: string, work: () => Promise<unknown>) => work(),
    record: async (_id: string, type: string, payload: unknown) => {
      recorded.push({ type, payload });
      return 1;
    },
    takeOver: async (...args: unknown[]) => {
      takeOvers.push(args);
      return { ...full, driver: args[1] };
    },
  } as unknown as InvestigationService;
  const registry = {
    get: () => ({
      remediationRow: () => ({
        name: 'rr-1',
        phase: options.phase ?? 'Analyzing',
      }),
    }),
  } as unknown as ClusterRegistry;
  return {
    service: new SteeringService({ registry, investigations }),
    calls,
    recorded,
    takeOvers,
  };
}

describe('SteeringService', () => {
  // pkg/apifrontend/tools/ka_tools.go SelectWorkflowArgs / CompleteNoActionArgs
  it('runs a workflow with upstream’s arguments and records who chose it', async () => {
    const { service, calls, recorded } = setup({ driver: alice.userEntityRef });
    const outcome = await service.steer(
      'inv-1',
      {
        action: 'select-workflow',
        workflowId: 'rollback-config-v1',
        parameters: { REVISION: 'v41' },
      },
      alice,
    );
    expect(calls).toEqual([
      {
        token: 'service-token',
        tool: 'kubernaut_discover_workflows',
        args: { rr_id: 'rr-1' },
      },
      {
        token: 'service-token',
        tool: 'kubernaut_select_workflow',
        args: {
          rr_id: 'rr-1',
          workflow_id: 'rollback-config-v1',
          parameters: { REVISION: 'v41' },
        },
      },
    ]);
    expect(outcome).toEqual({
      user: 'user:default/alice',
      action: 'select-workflow',
      workflowId: 'rollback-config-v1',
      parameters: { REVISION: 'v41' },
      status: 'accepted',
      message: 'workflow selected',
    });
    expect(recorded).toEqual([{ type: 'steered', payload: outcome }]);
  });

  it('dismisses with a reason and escalates with escalation_reason, under the person’s own token when there is one', async () => {
    const { service, calls } = setup({ driver: bob.userEntityRef });
    await service.steer('inv-1', { action: 'dismiss', reason: 'flap' }, bob);
    await service.steer(
      'inv-1',
      { action: 'escalate', reason: 'DB team: replication lag' },
      bob,
    );
    expect(calls).toEqual([
      {
        token: 'bob-oidc',
        tool: 'kubernaut_complete_no_action',
        args: { rr_id: 'rr-1', reason: 'flap' },
      },
      {
        token: 'bob-oidc',
        tool: 'kubernaut_complete_no_action',
        args: { rr_id: 'rr-1', escalation_reason: 'DB team: replication lag' },
      },
    ]);
  });

  it('lets only the driver steer, and nobody before a takeover', async () => {
    const driven = setup({ driver: alice.userEntityRef });
    await expect(
      driven.service.steer('inv-1', { action: 'dismiss' }, bob),
    ).rejects.toThrow(
      new ConflictError(
        'alice drives remediation rr-1; only they can steer it',
      ),
    );
    const watched = setup({});
    await expect(
      watched.service.steer('inv-1', { action: 'dismiss' }, bob),
    ).rejects.toThrow(/take remediation rr-1 over first/);
    expect([...driven.calls, ...watched.calls]).toEqual([]);
  });

  it('refuses an ended remediation and a conversation without one', async () => {
    await expect(
      setup(
        { driver: alice.userEntityRef },
        { phase: 'Completed' },
      ).service.steer('inv-1', { action: 'dismiss' }, alice),
    ).rejects.toThrow(/has ended \(Completed\)/);
    await expect(
      setup({ remediation: undefined }).service.takeOver('inv-1', alice),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  // BR-INTERACTIVE-004 (pkg/apifrontend/session/service.go): one driver per remediation
  it('hands a watched remediation to the first person who takes it over, and to nobody else', async () => {
    const watched = setup({});
    await watched.service.takeOver('inv-1', bob, 'why is it slow?');
    expect(watched.takeOvers).toEqual([
      ['inv-1', 'user:default/bob', 'bob-oidc', 'why is it slow?'],
    ]);
    const taken = setup({ driver: bob.userEntityRef });
    await expect(taken.service.takeOver('inv-1', alice)).rejects.toThrow(
      /bob drives remediation rr-1; only one person can/,
    );
    expect(await taken.service.takeOver('inv-1', bob)).toEqual(
      expect.objectContaining({ driver: 'user:default/bob' }),
    );
    expect(taken.takeOvers).toEqual([]);
  });

  it('turns tool errors into Backstage errors and a broken API Frontend into 503', async () => {
    const denied = setup(
      { driver: alice.userEntityRef },
      {
        answer: async () => {
          throw new McpToolError(
            'kubernaut_select_workflow',
            'permission denied: role lacks access to kubernaut_select_workflow',
          );
        },
      },
    );
    await expect(
      denied.service.steer(
        'inv-1',
        { action: 'select-workflow', workflowId: 'w' },
        alice,
      ),
    ).rejects.toBeInstanceOf(NotAllowedError);
    const down = setup(
      { driver: alice.userEntityRef },
      {
        answer: async () => {
          throw new ApiFrontendError('connect ECONNREFUSED', 502);
        },
      },
    );
    await expect(
      down.service.steer('inv-1', { action: 'dismiss' }, alice),
    ).rejects.toBeInstanceOf(ServiceUnavailableError);
    expect(denied.recorded).toEqual([]);
    // internal/kubernautagent/mcp/tools/errors.go codes
    const moved = setup(
      { driver: alice.userEntityRef },
      {
        answer: async () => {
          throw new McpToolError(
            'kubernaut_select_workflow',
            'selecting workflow: kubernaut agent: no_session: No active interactive session for this remediation',
          );
        },
      },
    );
    await expect(
      moved.service.steer(
        'inv-1',
        { action: 'select-workflow', workflowId: 'w' },
        alice,
      ),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});
