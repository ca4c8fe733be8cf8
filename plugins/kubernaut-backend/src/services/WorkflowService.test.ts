import type { LoggerService } from '@backstage/backend-plugin-api';
import type { QueryFilter } from '@kubernaut/plugin-kubernaut-common';
import type { DataStorageEvent } from '../clients/DataStorageClient';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import type { WorkflowRecord } from '../cluster/readers';
import { effectivenessOf } from './effectivenessScore';
import { scoresByWorkflow, WorkflowService } from './WorkflowService';

let sequence = 0;
function event(
  correlation: string,
  type: string,
  data: Record<string, unknown>,
  at = '2026-11-20T10:00:00Z',
  action = 'assessed',
): DataStorageEvent {
  return {
    event_id: `e-${++sequence}`,
    event_type: type,
    event_category: type.split('.')[0],
    event_action: action,
    event_outcome: 'success',
    event_timestamp: at,
    actor_type: 'service',
    actor_id: 'effectivenessmonitor-controller',
    correlation_id: correlation,
    event_data: data,
  };
}

const ROLLBACK_ID = 'fdd276ac-14d9-5d45-b533-f0b6a3330e25';
const RESTART_ID = '0b9c7c5e-2f40-5a7e-9a51-1d2f6b9d1c77';

const catalog: WorkflowRecord[] = [
  {
    name: 'rollback-config',
    workflowId: ROLLBACK_ID,
    actionType: 'RollbackDeployment',
  } as WorkflowRecord,
];

/** Component scores as the Effectiveness Monitor writes them (`pkg/effectivenessmonitor/audit/manager.go`). */
function assessed(rr: string, health: number, alert: number, metrics: number) {
  return [
    event(rr, 'effectiveness.health.assessed', {
      assessed: true,
      score: health,
    }),
    event(rr, 'effectiveness.alert.assessed', { assessed: true, score: alert }),
    event(rr, 'effectiveness.metrics.assessed', {
      assessed: true,
      score: metrics,
    }),
    event(
      rr,
      'effectiveness.assessment.completed',
      { assessed: true, reason: 'Full' },
      '2026-11-20T10:05:00Z',
    ),
  ];
}

describe('workflow effectiveness from Data Storage events', () => {
  it('weighs components as Data Storage does and ignores the score-less completed event', () => {
    // The live capture: health 0.75, alert 1, metrics 0 -> 0.65 (pkg/datastorage/server/effectiveness_handler.go).
    expect(effectivenessOf(assessed('rr-1', 0.75, 1, 0))).toEqual({
      score: expect.closeTo(0.65, 10),
      status: 'Full',
      at: '2026-11-20T10:05:00Z',
    });
    expect(
      effectivenessOf([
        event('rr-2', 'effectiveness.health.assessed', {
          assessed: true,
          score: 0.5,
        }),
        event('rr-2', 'effectiveness.alert.assessed', {
          assessed: false,
          score: null,
        }),
      ]),
    ).toMatchObject({ score: 0.5, status: 'in_progress' });
    expect(
      effectivenessOf([
        ...assessed('rr-3', 1, 1, 1).slice(0, 3),
        event('rr-3', 'effectiveness.assessment.completed', {
          reason: 'SpecDrift',
        }),
      ]),
    ).toMatchObject({ score: 0, status: 'SpecDrift' });
  });

  it('resolves the UUID of remediation.workflow_created through the catalog, else through selection.completed', () => {
    const created = [
      event(
        'rr-1',
        'remediation.workflow_created',
        { workflow_id: ROLLBACK_ID },
        undefined,
        'workflow_created',
      ),
      event(
        'rr-2',
        'remediation.workflow_created',
        { workflow_id: RESTART_ID },
        undefined,
        'workflow_created',
      ),
      event(
        'rr-3',
        'remediation.workflow_created',
        { workflow_id: 'not-in-catalog-or-selection' },
        undefined,
        'workflow_created',
      ),
    ];
    // A workflow no longer in the catalog (deleted or superseded) is named by the WE controller.
    const selected = [
      event(
        'rr-2',
        'workflowexecution.selection.completed',
        { workflow_id: RESTART_ID, workflow_name: 'restart-pods' },
        undefined,
        'completed',
      ),
    ];
    const byWorkflow = scoresByWorkflow(
      created,
      selected,
      [
        ...assessed('rr-1', 0.75, 1, 0),
        ...assessed('rr-2', 1, 1, 1),
        ...assessed('rr-3', 1, 1, 1),
      ],
      catalog,
    );
    expect([...byWorkflow.keys()].sort()).toEqual([
      'restart-pods',
      'rollback-config',
    ]);
    expect(byWorkflow.get('rollback-config')).toEqual([
      { at: '2026-11-20T10:05:00Z', score: 0.65, remediation: 'rr-1' },
    ]);
    expect(byWorkflow.get('restart-pods')?.[0].score).toBe(1);
  });
});

describe('workflow catalog filters', () => {
  const workflow = (name: string): WorkflowRecord =>
    ({
      name,
      actionType: 'RollbackDeployment',
      status: 'Active',
      parameters: [],
      labels: {},
    } as WorkflowRecord);
  const connection = (name: string, workflows: string[]) => ({
    name,
    workflows: { items: new Map(workflows.map(w => [w, workflow(w)])) },
    remediationRows: () => [],
    health: () => ({ name }),
  });
  const clusters = [
    connection('prod', ['rollback-config', 'restart-pods']),
    connection('staging', ['rollback-config']),
  ];
  const registry = {
    select: (names?: string[]) =>
      names?.length ? clusters.filter(c => names.includes(c.name)) : clusters,
    dataStorageFor: () => undefined,
    health: (connections: typeof clusters) => connections.map(c => c.health()),
  } as unknown as ClusterRegistry;
  const service = new WorkflowService(registry, {
    warn: jest.fn(),
  } as unknown as LoggerService);
  const listed = async (filter: QueryFilter, only?: string[]) =>
    (await service.list(filter, only)).items
      .map(w => `${w.cluster}/${w.name}`)
      .sort();

  it('leaves out excluded clusters, whether or not clusters are named', async () => {
    expect(await listed({ excludedClusters: ['staging'] })).toEqual([
      'prod/restart-pods',
      'prod/rollback-config',
    ]);
    expect(
      await listed({
        clusters: ['prod', 'staging'],
        excludedClusters: ['prod'],
      }),
    ).toEqual(['staging/rollback-config']);
    expect(
      (await service.list({ excludedClusters: ['staging'] })).clusters,
    ).toEqual([{ name: 'prod' }]);
  });

  it('leaves out excluded workflows', async () => {
    expect(await listed({ excludedWorkflows: ['rollback-config'] })).toEqual([
      'prod/restart-pods',
    ]);
  });
});
