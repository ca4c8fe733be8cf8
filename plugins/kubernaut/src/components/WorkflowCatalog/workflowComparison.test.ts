import type { WorkflowRow } from '@kubernaut/plugin-kubernaut-common';
import { compareWorkflows, comparisonSummary } from './workflowComparison';

const workflow = (
  name: string,
  cluster: string,
  matchCount: number,
  effectiveness?: [score: number, samples: number],
): WorkflowRow => ({
  cluster,
  name,
  actionType: 'RollbackConfigMap',
  status: 'Active',
  matchCount,
  effectiveness: effectiveness && {
    score: effectiveness[0],
    samples: effectiveness[1],
  },
});

describe('workflow comparison', () => {
  it('sorts by effectiveness, then assessments, then matches, leaving out unassessed ones', () => {
    const { bars, unassessed, beyondLimit } = compareWorkflows([
      workflow('restart-pods-v1', 'staging', 9, [0.7, 4]),
      workflow('rollback-config-v1', 'prod-us-east', 3, [0.884, 11]),
      workflow('scale-up-v1', 'staging', 12, [0.7, 9]),
      workflow('drain-node-v1', 'staging', 0),
      workflow('cordon-v1', 'staging', 2, [0.5, 0]),
    ]);
    expect(bars.map(b => [b.label, b.effectiveness, b.assessments])).toEqual([
      ['rollback-config-v1', 88, 11],
      ['scale-up-v1', 70, 9],
      ['restart-pods-v1', 70, 4],
    ]);
    expect(unassessed).toBe(2);
    expect(beyondLimit).toBe(0);
  });

  it('names the cluster only when workflows of one name run in several clusters', () => {
    const { bars } = compareWorkflows([
      workflow('rollback-config-v1', 'prod-us-east', 3, [0.9, 5]),
      workflow('rollback-config-v1', 'staging', 1, [0.6, 2]),
      workflow('scale-up-v1', 'staging', 1, [0.5, 2]),
    ]);
    expect(bars.map(b => b.label)).toEqual([
      'rollback-config-v1 · prod-us-east',
      'rollback-config-v1 · staging',
      'scale-up-v1',
    ]);
  });

  it('keeps the most effective past the limit and says how many more there are', () => {
    const many = Array.from({ length: 5 }, (_, i) =>
      workflow(`w${i}`, 'staging', 1, [i / 10, 1]),
    );
    const comparison = compareWorkflows(many, 2);
    expect(comparison.bars.map(b => b.name)).toEqual(['w4', 'w3']);
    expect(comparison.beyondLimit).toBe(3);
    expect(comparisonSummary(comparison)).toBe(
      'Workflow effectiveness, highest first: w4 40% over 1 assessment, 1 match; w3 30% over 1 assessment, 1 match. 3 more assessed not shown.',
    );
  });

  it('says so when nothing shown is assessed', () => {
    expect(
      comparisonSummary(compareWorkflows([workflow('a', 'staging', 4)])),
    ).toBe(
      'Workflow effectiveness: none of the 1 workflow shown is assessed yet.',
    );
  });
});
