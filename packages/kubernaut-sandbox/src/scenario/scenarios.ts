import { CONVERSATION_SCENARIOS } from './conversationScenarios';
import { DEMO_SCENARIOS } from './demoScenarios';
import { HOSTILE_MARKUP_SCENARIO } from './hostileMarkup';
import { LIFECYCLE_EDGE_SCENARIOS } from './lifecycleEdgeScenarios';
import type { Scenario } from './scenarioTypes';

export * from './scenarioTypes';
export { HOSTILE_MARKUP } from './hostileMarkup';

/** Every scenario the sandbox plays, in the order its seeded choices rely on. */
export const SCENARIOS: Scenario[] = [
  ...CONVERSATION_SCENARIOS,
  ...DEMO_SCENARIOS,
  ...LIFECYCLE_EDGE_SCENARIOS,
  HOSTILE_MARKUP_SCENARIO,
];

export function findScenario(id: string): Scenario {
  const scenario = SCENARIOS.find(s => s.id === id);
  if (!scenario) throw new Error(`no scenario ${id}`);
  return scenario;
}
