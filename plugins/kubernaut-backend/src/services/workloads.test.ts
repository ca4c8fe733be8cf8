import type { RemediationSummary } from '@kubernaut/plugin-kubernaut-common';
import { collectWorkloads } from './workloads';

const row = (
  cluster: string,
  target: RemediationSummary['target'],
  rcaTarget?: RemediationSummary['target'],
): RemediationSummary => ({
  cluster,
  name: `rr-${cluster}-${target.name}`,
  namespace: 'kubernaut-system',
  phase: 'Completed',
  severity: 'critical',
  signalName: 'KubePodCrashLooping',
  target,
  rcaTarget,
  createdAt: '2026-12-01T10:00:00.000Z',
});

describe('collectWorkloads', () => {
  const connections = [
    {
      name: 'prod',
      remediationRows: () => [
        row(
          'prod',
          { kind: 'Pod', name: 'checkout-7f9c', namespace: 'shop' },
          { kind: 'Deployment', name: 'checkout', namespace: 'shop' },
        ),
        row('prod', {
          kind: 'Deployment',
          name: 'checkout',
          namespace: 'shop',
        }),
        row('prod', { kind: 'Deployment', name: 'checkout', namespace: 'qa' }),
        row('prod', { kind: 'Node', name: 'node-1' }),
        row('prod', { kind: 'Unknown', name: 'unknown' }),
      ],
    },
    {
      name: 'staging',
      remediationRows: () => [
        row('staging', {
          kind: 'Deployment',
          name: 'checkout',
          namespace: 'shop',
        }),
      ],
    },
  ];

  it('lists each workload once per cluster, namespace and kind, RCA targets included', () => {
    expect(collectWorkloads(connections)).toEqual([
      {
        cluster: 'prod',
        name: 'checkout-7f9c',
        namespace: 'shop',
        kind: 'Pod',
      },
      {
        cluster: 'prod',
        name: 'checkout',
        namespace: 'shop',
        kind: 'Deployment',
      },
      {
        cluster: 'prod',
        name: 'checkout',
        namespace: 'qa',
        kind: 'Deployment',
      },
      { cluster: 'prod', name: 'node-1', kind: 'Node' },
      {
        cluster: 'staging',
        name: 'checkout',
        namespace: 'shop',
        kind: 'Deployment',
      },
    ]);
  });

  it('counts only the rows the caller may see', () => {
    expect(
      collectWorkloads(connections, r => r.cluster === 'staging').map(
        w => `${w.cluster}/${w.name}`,
      ),
    ).toEqual(['staging/checkout']);
  });
});
