import { expect } from '@playwright/test';

/** The sandbox's admin endpoint that ./run.sh starts. */
export const sandboxAdminUrl =
  process.env.KUBERNAUT_SANDBOX_ADMIN_URL ?? 'http://127.0.0.1:6550';

/** Where the decision journeys run: production, where Kubernaut's policy asks a person. */
export const decisionCluster = 'prod-us-east';

/**
 * Starts a remediation of the journey's own that waits for a person (no scripted decision), so a
 * journey never depends on what earlier ones left pending. Its approval request arrives about
 * 20 s later and expires after a few minutes.
 */
export async function startRemediationNeedingApproval(
  cluster = decisionCluster,
  /** Outside production Kubernaut's policy asks a person only for sensitive kinds (payment-latency's StatefulSet). */
  scenario = 'checkout-oom',
): Promise<string> {
  const response = await fetch(
    `${sandboxAdminUrl}/clusters/${cluster}/scenarios`,
    {
      method: 'POST',
      body: JSON.stringify({
        scenario,
        scriptedDecisions: false,
      }),
    },
  );
  expect(response.ok).toBe(true);
  return ((await response.json()) as { rrName: string }).rrName;
}
