import type { ClusterHealth } from '@kubernaut/plugin-kubernaut-common';

/**
 * Whole answers kept by question while what they were computed from is unchanged: the page every
 * open browser asks again after one change elsewhere, a dashboard's poll of a quiet fleet. The
 * caller names the question (`key`: everything the answer is a function of besides the data) and
 * the data's state (`version`: rows versions, cluster health); a kept answer is returned only for
 * the same version, so it is never older than a fresh one would be.
 *
 * Answers are frozen when kept: `sendJson` then serialises and tags each answer once, and whoever
 * reads it cannot change what the next caller receives.
 */
export class AnswerMemo<T extends object> {
  private readonly answers = new Map<string, { version: string; answer: T }>();

  constructor(private readonly maxAnswers = 64) {}

  find(key: string, version: string): T | undefined {
    const kept = this.answers.get(key);
    if (!kept) return undefined;
    if (kept.version !== version) {
      this.answers.delete(key);
      return undefined;
    }
    // Most recently used last, so the oldest is the first to go.
    this.answers.delete(key);
    this.answers.set(key, kept);
    return kept.answer;
  }

  keep(key: string, version: string, answer: T): T {
    const frozen = Object.freeze(answer);
    this.answers.delete(key);
    this.answers.set(key, { version, answer: frozen });
    if (this.answers.size > this.maxAnswers) {
      const oldest = this.answers.keys().next().value;
      if (oldest !== undefined) this.answers.delete(oldest);
    }
    return frozen;
  }

  get size(): number {
    return this.answers.size;
  }
}

/**
 * The state of the data an answer over these clusters was computed from: their rows versions and
 * their health as reported (an answer carries it), for `AnswerMemo`'s `version`.
 */
export function fleetState(
  connections: ReadonlyArray<{ rowsVersion: number }>,
  health: readonly ClusterHealth[],
): string {
  return `${connections.map(c => c.rowsVersion).join(',')} ${JSON.stringify(
    health,
  )}`;
}
