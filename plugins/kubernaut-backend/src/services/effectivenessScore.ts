import type { DataStorageEvent } from '../clients/DataStorageClient';

/** Data Storage's component weights for the overall effectiveness score. */
const WEIGHTS = { health: 0.4, alert: 0.35, metrics: 0.25 } as const;

type Component = keyof typeof WEIGHTS;

/** The overall score of the components assessed with a score; undefined when there is none. */
export function weighedScore(
  scores: Partial<Record<Component, number>>,
): number | undefined {
  let weight = 0;
  let sum = 0;
  for (const component of Object.keys(WEIGHTS) as Component[]) {
    const score = scores[component];
    if (score === undefined) continue;
    weight += WEIGHTS[component];
    sum += WEIGHTS[component] * score;
  }
  return weight ? sum / weight : undefined;
}

const COMPONENT_EVENT = /^effectiveness\.(health|alert|metrics)\.assessed$/;

export interface EffectivenessOutcome {
  /** 0-1; undefined when no component was assessed with a score. */
  score?: number;
  /** The completed event's reason (Full, Partial, SpecDrift…), else in_progress / no_data. */
  status: string;
  /** When the assessment completed, else its last component event. */
  at: string;
}

/**
 * One remediation's effectiveness from its `effectiveness.*` audit events, weighed as Data
 * Storage's `GET /api/v1/effectiveness/{rr}` does (`pkg/datastorage/server/effectiveness_handler.go`):
 * the last event per component wins; components count when assessed and scored; SpecDrift
 * scores 0. `effectiveness.assessment.completed` itself carries no score
 * (`pkg/effectivenessmonitor/audit/manager.go`).
 */
export function effectivenessOf(
  events: DataStorageEvent[],
): EffectivenessOutcome | undefined {
  if (events.length === 0) return undefined;
  const ordered = [...events].sort((a, b) =>
    a.event_timestamp.localeCompare(b.event_timestamp),
  );
  const scores = new Map<Component, number | undefined>();
  const assessed = new Set<Component>();
  let reason: string | undefined;
  let at = ordered[ordered.length - 1].event_timestamp;
  for (const event of ordered) {
    const data = event.event_data ?? {};
    const component = COMPONENT_EVENT.exec(event.event_type)?.[1] as
      | Component
      | undefined;
    if (component) {
      if (data.assessed === true) assessed.add(component);
      scores.set(
        component,
        typeof data.score === 'number' ? data.score : undefined,
      );
    } else if (event.event_type === 'effectiveness.assessment.completed') {
      if (typeof data.reason === 'string') reason = data.reason;
      at = event.event_timestamp;
    }
  }
  let score = weighedScore(
    Object.fromEntries(
      [...assessed].map(component => [component, scores.get(component)]),
    ),
  );
  if (reason === 'SpecDrift') score = 0;
  return {
    score,
    status: reason ?? (assessed.size ? 'in_progress' : 'no_data'),
    at,
  };
}
