import type { WorkflowRow } from '@kubernaut/plugin-kubernaut-common';

/** One bar of the comparison: a workflow with a measured effectiveness. */
export interface ComparedWorkflow {
  /** The workflow's name, with its cluster when another cluster has a workflow of that name. */
  label: string;
  cluster: string;
  name: string;
  /** Effectiveness in whole percent, 0..100. */
  effectiveness: number;
  /** Assessments the effectiveness is the mean of. */
  assessments: number;
  /** RemediationRequests that selected the workflow. */
  matches: number;
}

/** Bars past this many no longer fit a card; the catalog's filter narrows what is compared. */
export const MAX_COMPARED = 10;

/**
 * The workflows to compare, most effective first (ties: more assessments, then more matches),
 * and how many are left out: not yet assessed, or past `limit`.
 */
export function compareWorkflows(
  items: WorkflowRow[],
  limit = MAX_COMPARED,
): { bars: ComparedWorkflow[]; unassessed: number; beyondLimit: number } {
  const assessed = items.filter(
    w => w.effectiveness && w.effectiveness.samples > 0,
  );
  const clustersByName = new Map<string, Set<string>>();
  for (const w of assessed)
    clustersByName.set(
      w.name,
      (clustersByName.get(w.name) ?? new Set()).add(w.cluster),
    );
  const bars = assessed
    .map(w => ({
      label:
        clustersByName.get(w.name)!.size > 1
          ? `${w.name} · ${w.cluster}`
          : w.name,
      cluster: w.cluster,
      name: w.name,
      effectiveness: Math.round(w.effectiveness!.score * 100),
      assessments: w.effectiveness!.samples,
      matches: w.matchCount,
    }))
    .sort(
      (a, b) =>
        b.effectiveness - a.effectiveness ||
        b.assessments - a.assessments ||
        b.matches - a.matches ||
        a.label.localeCompare(b.label),
    );
  return {
    bars: bars.slice(0, limit),
    unassessed: items.length - assessed.length,
    beyondLimit: Math.max(0, bars.length - limit),
  };
}

const plural = (n: number, one: string, many: string) =>
  `${n} ${n === 1 ? one : many}`;

/** The comparison in a sentence: the accessible name of its chart. */
export function comparisonSummary(
  comparison: ReturnType<typeof compareWorkflows>,
): string {
  const { bars, unassessed, beyondLimit } = comparison;
  if (bars.length === 0)
    return `Workflow effectiveness: none of the ${plural(
      unassessed,
      'workflow shown is',
      'workflows shown are',
    )} assessed yet.`;
  const listed = bars
    .map(
      b =>
        `${b.label} ${b.effectiveness}% over ${plural(
          b.assessments,
          'assessment',
          'assessments',
        )}, ${plural(b.matches, 'match', 'matches')}`,
    )
    .join('; ');
  const left = [
    beyondLimit ? `${beyondLimit} more assessed not shown` : '',
    unassessed ? `${unassessed} not yet assessed` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `Workflow effectiveness, highest first: ${listed}.${
    left ? ` ${left[0].toUpperCase()}${left.slice(1)}.` : ''
  }`;
}
