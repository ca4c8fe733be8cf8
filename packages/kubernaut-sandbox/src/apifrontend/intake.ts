import type { Scenario } from '../scenario/scenarios';

/** The text parts of an A2A message, joined. */
export function textOf(message: unknown): string {
  const parts = (message as { parts?: Array<{ kind?: string; text?: string }> })
    ?.parts;
  if (!Array.isArray(parts)) return '';
  return parts
    .filter(p => p.kind === 'text' && typeof p.text === 'string')
    .map(p => p.text)
    .join('\n')
    .trim();
}

/** Natural-language intake: which scenario the operator's words are about. */
export function matchScenario(
  scenarios: Scenario[],
  text: string,
): Scenario | undefined {
  const lower = text.toLowerCase();
  let best: { scenario: Scenario; score: number } | undefined;
  for (const scenario of scenarios) {
    const score = scenario.intake.keywords.filter(k =>
      lower.includes(k),
    ).length;
    if (score > 0 && (!best || score > best.score)) best = { scenario, score };
  }
  return best?.scenario;
}

/** The scenario whose alert names this workload (kind and name, namespace when given). */
export function scenarioForTarget(
  scenarios: Scenario[],
  target: { kind: string; name: string; namespace?: string },
): Scenario | undefined {
  const matches = (t: { kind: string; name: string; namespace: string }) =>
    t.kind.toLowerCase() === target.kind.toLowerCase() &&
    t.name === target.name &&
    (!target.namespace || t.namespace === target.namespace);
  return scenarios.find(
    s => matches(s.target) || (s.rcaTarget && matches(s.rcaTarget)),
  );
}
