import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

/** One thing a hardening suite tried, and whether it held. */
export interface HardeningCase {
  tried: string;
  held: boolean;
  /** What was observed, e.g. `409 ConflictError` or `p95 4.1 ms`. */
  observed?: string;
}

/**
 * Where the suites' reports go: `KUBERNAUT_HARDENING_REPORT_DIR`, else `.test-results/hardening`
 * at the repository root. `./test.sh` prints every file there after the runners finish.
 */
export function hardeningReportDir(): string {
  return (
    process.env.KUBERNAUT_HARDENING_REPORT_DIR ??
    resolvePackagePath(
      '@kubernaut/plugin-kubernaut-backend',
      '../../.test-results/hardening',
    )
  );
}

/**
 * Records what a hardening suite tried and what held, one line per case, appended to
 * `<suite>.txt` so a suite's tests can each add theirs.
 */
export function recordHardening(suite: string, cases: HardeningCase[]): void {
  const dir = hardeningReportDir();
  mkdirSync(dir, { recursive: true });
  const lines = cases.map(
    c =>
      `${c.held ? 'held  ' : 'BROKE '} ${c.tried}${
        c.observed ? ` -> ${c.observed}` : ''
      }`,
  );
  appendFileSync(join(dir, `${suite}.txt`), `${lines.join('\n')}\n`);
}
