import type { RemediationSummary } from '@kubernaut/plugin-kubernaut-common';

/** A remediation row for tests: a running, critical crash loop of shop/checkout in prod, as given. */
export function summaryRow(
  fields: Partial<RemediationSummary> & { name: string },
): RemediationSummary {
  return {
    cluster: 'prod',
    namespace: 'kubernaut-system',
    phase: 'Processing',
    severity: 'critical',
    signalName: 'KubePodCrashLooping',
    target: { kind: 'Deployment', name: 'checkout', namespace: 'shop' },
    createdAt: '2026-12-01T10:00:00.000Z',
    ...fields,
  };
}
