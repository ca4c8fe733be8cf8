import type {
  ParsedQuery,
  QueryVocabulary,
} from '@kubernaut/plugin-kubernaut-common';
import { parseQuery } from '@kubernaut/plugin-kubernaut-common';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import { collectWorkloads } from './workloads';

const VOCABULARY_REFRESH_MS = 10_000;
const PARSE_MEMO_SIZE = 200;

/**
 * Reads plain-language queries against the names the fleet has. Names change rarely, so they
 * are recollected at most every ten seconds, and only when a cluster has changed since (a
 * collection reads every row: tens of milliseconds at 200,000); parsed queries are memoised per
 * vocabulary, text, scope and time zone, for the minute (relative times such as "last 2h" move
 * with the clock).
 */
export class QueryUnderstanding {
  private vocabulary?: QueryVocabulary;
  private collectedAt = 0;
  /** The clusters' change counters the vocabulary was collected at. */
  private collectedFrom = '';
  private generation = 0;
  private readonly memo = new Map<string, ParsedQuery>();

  constructor(private readonly registry: ClusterRegistry) {}

  interpret(
    q: string,
    scope: 'fleet' | 'workflows',
    timeZoneOffsetMinutes?: number,
  ): ParsedQuery {
    const vocabulary = this.currentVocabulary();
    const key = `${this.generation}|${Math.floor(
      Date.now() / 60_000,
    )}|${scope}|${timeZoneOffsetMinutes ?? 0}|${q}`;
    let parsed = this.memo.get(key);
    if (!parsed) {
      parsed = parseQuery(q, {
        now: new Date(),
        vocabulary,
        scope,
        timeZoneOffsetMinutes,
      });
      if (this.memo.size >= PARSE_MEMO_SIZE)
        this.memo.delete(this.memo.keys().next().value!);
      this.memo.set(key, parsed);
    }
    return parsed;
  }

  private currentVocabulary(): QueryVocabulary {
    if (
      this.vocabulary &&
      Date.now() - this.collectedAt < VOCABULARY_REFRESH_MS
    )
      return this.vocabulary;
    const from = this.registry
      .all()
      .map(c => `${c.name}:${c.version}`)
      .join(',');
    if (this.vocabulary && from === this.collectedFrom) {
      this.collectedAt = Date.now();
      return this.vocabulary;
    }
    const namespaces = new Set<string>();
    const targets = new Set<string>();
    const workflows = new Set<string>();
    const actionTypes = new Set<string>();
    for (const workload of collectWorkloads(this.registry.all())) {
      if (workload.namespace) namespaces.add(workload.namespace);
      targets.add(workload.name);
    }
    for (const connection of this.registry.all()) {
      for (const workflow of connection.workflows.items.values()) {
        workflows.add(workflow.name);
        actionTypes.add(workflow.actionType);
      }
    }
    this.vocabulary = {
      clusters: this.registry.names(),
      namespaces: [...namespaces],
      targets: [...targets],
      workflows: [...workflows],
      actionTypes: [...actionTypes],
    };
    this.collectedAt = Date.now();
    this.collectedFrom = from;
    this.generation++;
    this.memo.clear();
    return this.vocabulary;
  }
}
