import { appendFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** One thing a hardening journey tried, and whether it held. */
export interface HardeningCase {
  tried: string;
  held: boolean;
  observed?: string;
}

/**
 * Appends a journey's cases to `.test-results/hardening/<suite>.txt` at the repository root (or
 * `KUBERNAUT_HARDENING_REPORT_DIR`), one line each, in the format of the backend's Jest suites
 * (plugins/kubernaut-backend/src/hardening/hardeningReport.ts), so `./test.sh` prints them alike.
 */
export function recordHardening(suite: string, cases: HardeningCase[]): void {
  if (cases.length === 0) return;
  const dir =
    process.env.KUBERNAUT_HARDENING_REPORT_DIR ??
    resolve(__dirname, '../.test-results/hardening');
  mkdirSync(dir, { recursive: true });
  const lines = cases.map(
    c =>
      `${c.held ? 'held  ' : 'BROKE '} ${c.tried}${
        c.observed ? ` -> ${c.observed}` : ''
      }`,
  );
  appendFileSync(join(dir, `${suite}.txt`), `${lines.join('\n')}\n`);
}
