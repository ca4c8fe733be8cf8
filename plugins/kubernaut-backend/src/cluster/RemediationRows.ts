import type { RemediationSummary } from '@kubernaut/plugin-kubernaut-common';

/** Newest first; ties (same creation second) by name. */
export function newestFirst(
  a: RemediationSummary,
  b: RemediationSummary,
): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  if (a.name === b.name) return 0;
  return a.name < b.name ? -1 : 1;
}

function insertSorted<T extends RemediationSummary>(list: T[], row: T) {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (newestFirst(list[mid], row) < 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, row);
}

/** The names a row is found by: its target's and, when the RCA named another, the RCA target's. */
function targetNames(row: RemediationSummary): string[] {
  const names = [row.target.name];
  const rca = row.rcaTarget?.name;
  if (rca !== undefined && rca !== row.target.name) names.push(rca);
  return names;
}

/**
 * One cluster's remediation rows, newest first, with lookups by name and by target name. A row's
 * position never changes once inserted (creation time is fixed), and each name's list keeps the
 * same order, so a target's rows can be paged like the whole list.
 */
export class RemediationRows<T extends RemediationSummary> {
  private readonly rows: T[] = [];
  private readonly byName = new Map<string, T>();
  private readonly byTarget = new Map<string, T[]>();
  private changes = 0;
  /**
   * The names changed at each version since `journalFrom` (versions ascending), so that what is
   * derived from the rows can follow a few changes instead of reading every row again.
   */
  private journalNames: string[] = [];
  private journalVersions: number[] = [];
  private journalFrom = 0;

  constructor(private readonly journalLimit = 4096) {}

  /**
   * Bumped whenever a row may have changed (put, remove, rebuild, or `touch` after a row was
   * changed in place), so that what is derived from the rows alone can be cached per version.
   */
  get version(): number {
    return this.changes;
  }

  /**
   * The names of the rows changed (put, removed or touched) after `version`, with repeats; or
   * undefined when that is not known any more (a rebuild since, or more changes than the journal
   * keeps): read every row then.
   */
  changedSince(version: number): readonly string[] | undefined {
    if (version < this.journalFrom || version > this.changes) return undefined;
    let lo = 0;
    let hi = this.journalVersions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.journalVersions[mid] <= version) lo = mid + 1;
      else hi = mid;
    }
    return this.journalNames.slice(lo);
  }

  /** Tells that the row of this name was changed in place. */
  touch(name: string): void {
    this.changed(name);
  }

  private changed(name: string): void {
    this.changes++;
    this.journalNames.push(name);
    this.journalVersions.push(this.changes);
    if (this.journalNames.length > this.journalLimit) {
      // Forget the older half: versions up to the last one forgotten are no longer followable.
      const drop = this.journalNames.length >>> 1;
      this.journalFrom = this.journalVersions[drop - 1];
      this.journalNames = this.journalNames.slice(drop);
      this.journalVersions = this.journalVersions.slice(drop);
    }
  }

  all(): readonly T[] {
    return this.rows;
  }

  get(name: string): T | undefined {
    return this.byName.get(name);
  }

  /**
   * Rows whose target or RCA target has one of these names, newest first. Namespace and kind
   * are not checked here: the caller's filter still judges each row returned.
   */
  byTargetNames(names: readonly string[]): readonly T[] {
    const unique = [...new Set(names)];
    if (unique.length === 1) return this.byTarget.get(unique[0]) ?? [];
    const found = new Set<T>();
    for (const name of unique)
      for (const row of this.byTarget.get(name) ?? []) found.add(row);
    return [...found].sort(newestFirst);
  }

  /** Adds a row, or replaces the one of the same name (re-indexing it if its targets changed). */
  put(row: T): void {
    this.changed(row.name);
    const existing = this.byName.get(row.name);
    if (existing === row) return;
    if (existing && existing.createdAt === row.createdAt) {
      this.rows[this.rows.indexOf(existing)] = row;
      this.reindex(existing, row);
    } else {
      if (existing) this.remove(row.name);
      insertSorted(this.rows, row);
      for (const name of targetNames(row)) this.indexUnder(name, row);
    }
    this.byName.set(row.name, row);
  }

  remove(name: string): T | undefined {
    const existing = this.byName.get(name);
    if (!existing) return undefined;
    this.changed(name);
    const index = this.rows.indexOf(existing);
    if (index >= 0) this.rows.splice(index, 1);
    this.byName.delete(name);
    for (const target of targetNames(existing))
      this.unindexUnder(target, existing);
    return existing;
  }

  /** Replaces every row; `rows` in any order. */
  rebuild(rows: Iterable<T>): void {
    this.changes++;
    this.journalNames = [];
    this.journalVersions = [];
    this.journalFrom = this.changes;
    this.rows.length = 0;
    this.byName.clear();
    this.byTarget.clear();
    for (const row of rows) {
      this.rows.push(row);
      this.byName.set(row.name, row);
    }
    this.rows.sort(newestFirst);
    for (const row of this.rows)
      for (const name of targetNames(row)) {
        const list = this.byTarget.get(name);
        if (list) list.push(row);
        else this.byTarget.set(name, [row]);
      }
  }

  private reindex(previous: T, next: T) {
    const before = targetNames(previous);
    const after = targetNames(next);
    for (const name of before) {
      if (!after.includes(name)) {
        this.unindexUnder(name, previous);
        continue;
      }
      // Same creation time and name: the row keeps its place in this target's list.
      const list = this.byTarget.get(name) ?? [];
      const index = list.indexOf(previous);
      if (index >= 0) list[index] = next;
      else this.indexUnder(name, next);
    }
    for (const name of after)
      if (!before.includes(name)) this.indexUnder(name, next);
  }

  private indexUnder(name: string, row: T) {
    const list = this.byTarget.get(name);
    if (list) insertSorted(list, row);
    else this.byTarget.set(name, [row]);
  }

  private unindexUnder(name: string, row: T) {
    const list = this.byTarget.get(name);
    if (!list) return;
    const index = list.indexOf(row);
    if (index >= 0) list.splice(index, 1);
    if (list.length === 0) this.byTarget.delete(name);
  }
}
