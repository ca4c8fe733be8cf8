/** What the parser has understood so far: the filter, its chips, a negation awaiting its value. */
import type { QueryChip, QueryFilter } from './parseQuery';
import type { TimeMatch } from './time';

export type ListField =
  | 'clusters'
  | 'environments'
  | 'namespaces'
  | 'targets'
  | 'kinds'
  | 'severities'
  | 'phases'
  | 'outcomes'
  | 'decisions'
  | 'workflows'
  | 'actionTypes'
  | 'text'
  | 'excludedClusters'
  | 'excludedEnvironments'
  | 'excludedNamespaces'
  | 'excludedTargets'
  | 'excludedKinds'
  | 'excludedSeverities'
  | 'excludedPhases'
  | 'excludedOutcomes'
  | 'excludedWorkflows';

/** The field that excludes what a field includes; fields without one cannot be negated. */
export const EXCLUDED: Partial<Record<ListField, ListField>> = {
  clusters: 'excludedClusters',
  environments: 'excludedEnvironments',
  namespaces: 'excludedNamespaces',
  targets: 'excludedTargets',
  kinds: 'excludedKinds',
  severities: 'excludedSeverities',
  phases: 'excludedPhases',
  outcomes: 'excludedOutcomes',
  workflows: 'excludedWorkflows',
};

export interface Value {
  field: ListField;
  value: string;
  label: string;
}

export class ParseState {
  readonly filter: QueryFilter = {};
  readonly chips: QueryChip[] = [];
  /** The words being interpreted, recorded on the chips they produce. */
  source = '';
  /** A negation waiting for its value ("except ..."), and the kind of value it took. */
  negation?: {
    words: string;
    field?: ListField;
    inline?: boolean;
    /** "except staging and perf-lab": after "and"/"or", any kind of value is negated too. */
    joined?: boolean;
  };
  /** The query speaks of decided approvals: "approvals" and "timed out" are about decisions. */
  decisionContext = false;
  private readonly timeChips: Partial<
    Record<
      'since' | 'until',
      { chip: QueryChip; covers: Array<'since' | 'until'> }
    >
  > = {};

  /** Adds a value, or its exclusion when a negation is waiting for one. */
  add(field: ListField, value: string, label: string, source = this.source) {
    const negation = this.negation;
    if (
      negation &&
      (!negation.field || negation.field === field || negation.joined)
    ) {
      negation.field = field;
      negation.joined = false;
      const excluded = EXCLUDED[field];
      // Negated but not negatable ("not rejected"): leave it out rather than include it.
      if (!excluded) return;
      this.push(
        excluded,
        value,
        `not ${label}`,
        negation.inline ? source : `${negation.words} ${source}`,
      );
      return;
    }
    this.negation = undefined;
    this.push(field, value, label, source);
  }

  private push(field: ListField, value: string, label: string, source: string) {
    const list = (this.filter[field] as string[] | undefined) ?? [];
    if (list.includes(value)) return;
    (this.filter[field] as string[]) = [...list, value];
    this.chips.push({ field, value, label, source });
  }

  set(
    field: 'awaitingApproval' | 'active' | 'decidableByMe',
    value: true,
    label: string,
  ) {
    const negated = this.negation && !this.negation.field;
    this.negation = undefined;
    if (negated) return;
    if (field === 'decidableByMe') {
      this.filter.awaitingApproval = true;
      if (this.filter.decidableByMe) return;
      this.filter.decidableByMe = true;
      this.chips.push({ field, value: 'true', label, source: this.source });
      return;
    }
    if (this.filter[field]) return;
    this.filter[field] = value;
    this.chips.push({ field, value: 'true', label, source: this.source });
  }

  time(match: TimeMatch) {
    const negated = this.negation && !this.negation.field;
    this.negation = undefined;
    if (negated) return;
    const covers = (['since', 'until'] as const).filter(f => match[f]);
    for (const field of covers) {
      const old = this.timeChips[field];
      if (!old) continue;
      this.chips.splice(this.chips.indexOf(old.chip), 1);
      for (const other of old.covers) {
        delete this.filter[other];
        delete this.timeChips[other];
      }
    }
    const chip: QueryChip = {
      field: covers[0],
      value: (match.since ?? match.until)!.toISOString(),
      label: match.label,
      source: this.source,
    };
    for (const field of covers) {
      this.filter[field] = match[field]!.toISOString();
      this.timeChips[field] = { chip, covers };
    }
    this.chips.push(chip);
  }

  text(word: string) {
    this.negation = undefined;
    this.push('text', word, `"${word}"`, this.source);
  }
}
