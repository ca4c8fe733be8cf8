import { randomUUID } from 'node:crypto';
import { resourceKey, type ResourceType } from './resources';
import { kubeErrors } from './status';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{
    apiVersion: string;
    kind: string;
    name: string;
    uid: string;
    controller?: boolean;
    blockOwnerDeletion?: boolean;
  }>;
  generateName?: string;
  [key: string]: unknown;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

/** What a caller hands to create: metadata bookkeeping is the store's job. */
export interface NewObject {
  apiVersion: string;
  kind: string;
  metadata: Partial<ObjectMeta>;
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface StoredObject {
  object: KubeObject;
  /** The object serialised once, so lists and watches only concatenate strings. */
  json: string;
  rv: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: WatchEventType;
  rv: number;
  namespace: string;
  entry: StoredObject;
}

export interface ListOptions {
  namespace?: string;
  filter?: (object: KubeObject) => boolean;
  limit?: number;
  continueToken?: string;
}

export interface ListResult {
  items: StoredObject[];
  resourceVersion: number;
  continueToken?: string;
  remainingItemCount?: number;
}

export interface WatchOptions {
  namespace?: string;
  filter?: (object: KubeObject) => boolean;
  /** Resume after this resourceVersion; absent means "send the current state first". */
  resourceVersion?: number;
}

type Listener = (event: StoreEvent) => void;

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

class ResourceTable {
  readonly entries = new Map<string, StoredObject>();
  private sorted: string[] | null = null;
  readonly history: StoreEvent[] = [];
  /** Events at or before this resourceVersion are gone; resuming from one earlier answers 410. */
  compactedRv = 0;
  readonly listeners = new Set<{ options: WatchOptions; listener: Listener }>();

  constructor(
    readonly type: ResourceType,
    private readonly historyLimit: number,
  ) {}

  sortedKeys(): string[] {
    if (!this.sorted) this.sorted = [...this.entries.keys()].sort();
    return this.sorted;
  }

  invalidateOrder() {
    this.sorted = null;
  }

  record(event: StoreEvent) {
    this.history.push(event);
    if (this.history.length > this.historyLimit) {
      const dropped = this.history.splice(
        0,
        this.history.length - this.historyLimit,
      );
      this.compactedRv = dropped[dropped.length - 1].rv;
    }
    for (const { options, listener } of this.listeners) {
      if (matches(options, event.entry.object)) listener(event);
    }
  }
}

function matches(
  options: { namespace?: string; filter?: (o: KubeObject) => boolean },
  object: KubeObject,
) {
  if (options.namespace && object.metadata.namespace !== options.namespace)
    return false;
  return !options.filter || options.filter(object);
}

function keyOf(namespace: string | undefined, name: string) {
  return `${namespace ?? ''}/${name}`;
}

interface ContinueToken {
  rv: number;
  start: string;
}

function encodeContinue(token: ContinueToken) {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeContinue(token: string): ContinueToken {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed?.rv === 'number' && typeof parsed?.start === 'string')
      return parsed;
  } catch {
    // fall through
  }
  throw kubeErrors.badRequest(
    'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
  );
}

/**
 * The objects of one simulated cluster, with etcd-like resourceVersions: one counter for the
 * whole cluster, a bounded event history per resource type for watch resume, and compaction.
 */
export class ObjectStore {
  private rv = 1000;
  private readonly tables = new Map<string, ResourceTable>();
  private readonly ownerIndex = new Map<
    string,
    Set<{ table: ResourceTable; key: string }>
  >();

  constructor(
    types: ResourceType[],
    private readonly options: { historyLimit?: number; now?: () => Date } = {},
  ) {
    for (const type of types) {
      this.tables.set(
        resourceKey(type),
        new ResourceTable(type, options.historyLimit ?? 100_000),
      );
    }
  }

  get resourceVersion(): number {
    return this.rv;
  }

  private now(): string {
    return (this.options.now?.() ?? new Date())
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  private table(type: ResourceType): ResourceTable {
    const table = this.tables.get(resourceKey(type));
    if (!table) throw kubeErrors.pageNotFound(type.plural);
    return table;
  }

  serves(type: ResourceType): boolean {
    return this.tables.has(resourceKey(type));
  }

  get(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): StoredObject | undefined {
    return this.table(type).entries.get(
      keyOf(type.namespaced ? namespace : undefined, name),
    );
  }

  mustGet(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): StoredObject {
    const entry = this.get(type, namespace, name);
    if (!entry)
      throw kubeErrors.notFound({
        group: type.group,
        plural: type.plural,
        name,
      });
    return entry;
  }

  count(type: ResourceType): number {
    return this.table(type).entries.size;
  }

  list(type: ResourceType, options: ListOptions = {}): ListResult {
    const table = this.table(type);
    let start = '';
    let listRv = this.rv;
    if (options.continueToken) {
      const token = decodeContinue(options.continueToken);
      if (token.rv < table.compactedRv) {
        throw kubeErrors.gone(
          'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
        );
      }
      start = token.start;
      listRv = token.rv;
    }
    const keys = table.sortedKeys();
    let index = start ? upperBound(keys, start) : 0;
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    const items: StoredObject[] = [];
    let lastKey = '';
    for (; index < keys.length && items.length < limit; index++) {
      const entry = table.entries.get(keys[index])!;
      if (matches(options, entry.object)) {
        items.push(entry);
        lastKey = keys[index];
      }
    }
    let hasMore = false;
    for (let i = index; i < keys.length; i++) {
      if (matches(options, table.entries.get(keys[i])!.object)) {
        hasMore = true;
        break;
      }
    }
    return {
      items,
      resourceVersion: listRv,
      continueToken: hasMore
        ? encodeContinue({ rv: listRv, start: lastKey })
        : undefined,
      remainingItemCount:
        hasMore && !options.filter ? keys.length - index : undefined,
    };
  }

  create(type: ResourceType, input: NewObject): StoredObject {
    const table = this.table(type);
    const metadata = { ...input.metadata };
    if (!metadata.name && metadata.generateName) {
      metadata.name = `${metadata.generateName}${randomUUID().slice(0, 5)}`;
    }
    const name = metadata.name;
    if (!name) {
      throw kubeErrors.invalid(
        { group: type.group, plural: type.plural },
        type.kind,
        [
          {
            field: 'metadata.name',
            message: 'Required value: name or generateName is required',
          },
        ],
      );
    }
    if (name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
      throw kubeErrors.invalid(
        { group: type.group, plural: type.plural, name },
        type.kind,
        [
          {
            field: 'metadata.name',
            message: `Invalid value: "${name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
          },
        ],
      );
    }
    const namespace = type.namespaced ? metadata.namespace : undefined;
    const key = keyOf(namespace, name);
    if (table.entries.has(key)) {
      throw kubeErrors.alreadyExists({
        group: type.group,
        plural: type.plural,
        name,
      });
    }
    const rv = ++this.rv;
    const object: KubeObject = {
      ...input,
      apiVersion: input.apiVersion,
      kind: type.kind,
      metadata: {
        ...metadata,
        name,
        ...(namespace ? { namespace } : {}),
        uid: metadata.uid ?? randomUUID(),
        resourceVersion: String(rv),
        creationTimestamp: metadata.creationTimestamp ?? this.now(),
        ...(type.group ? { generation: 1 } : {}),
      },
    };
    delete object.metadata.namespace;
    if (namespace) object.metadata.namespace = namespace;
    const entry = { object, json: JSON.stringify(object), rv };
    table.entries.set(key, entry);
    table.invalidateOrder();
    for (const owner of object.metadata.ownerReferences ?? []) {
      let owned = this.ownerIndex.get(owner.uid);
      if (!owned) this.ownerIndex.set(owner.uid, (owned = new Set()));
      owned.add({ table, key });
    }
    table.record({ type: 'ADDED', rv, namespace: namespace ?? '', entry });
    return entry;
  }

  /**
   * Replaces an object with `next(current)`. The caller decides what may change; the store keeps
   * identity fields, bumps resourceVersion, and bumps generation when the spec changed.
   */
  update(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    next: (current: KubeObject) => KubeObject,
    options: { expectedResourceVersion?: string } = {},
  ): StoredObject {
    const table = this.table(type);
    const key = keyOf(type.namespaced ? namespace : undefined, name);
    const current = table.entries.get(key);
    if (!current)
      throw kubeErrors.notFound({
        group: type.group,
        plural: type.plural,
        name,
      });
    if (
      options.expectedResourceVersion &&
      options.expectedResourceVersion !==
        current.object.metadata.resourceVersion
    ) {
      throw kubeErrors.conflict(
        { group: type.group, plural: type.plural, name },
        'the object has been modified; please apply your changes to the latest version and try again',
      );
    }
    const proposed = next(structuredClone(current.object));
    const rv = ++this.rv;
    const specChanged =
      JSON.stringify(proposed.spec) !== JSON.stringify(current.object.spec);
    const object: KubeObject = {
      ...proposed,
      apiVersion: current.object.apiVersion,
      kind: current.object.kind,
      metadata: {
        ...proposed.metadata,
        name: current.object.metadata.name,
        uid: current.object.metadata.uid,
        creationTimestamp: current.object.metadata.creationTimestamp,
        resourceVersion: String(rv),
        ...(current.object.metadata.namespace
          ? { namespace: current.object.metadata.namespace }
          : {}),
        ...(current.object.metadata.generation !== undefined
          ? {
              generation:
                current.object.metadata.generation + (specChanged ? 1 : 0),
            }
          : {}),
      },
    };
    const entry = { object, json: JSON.stringify(object), rv };
    table.entries.set(key, entry);
    table.record({
      type: 'MODIFIED',
      rv,
      namespace: object.metadata.namespace ?? '',
      entry,
    });
    return entry;
  }

  /** Deletes an object and, like Kubernetes' garbage collector, everything it owns. */
  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): StoredObject {
    const table = this.table(type);
    const key = keyOf(type.namespaced ? namespace : undefined, name);
    const current = table.entries.get(key);
    if (!current)
      throw kubeErrors.notFound({
        group: type.group,
        plural: type.plural,
        name,
      });
    return this.deleteEntry(table, key, current);
  }

  private deleteEntry(
    table: ResourceTable,
    key: string,
    current: StoredObject,
  ): StoredObject {
    table.entries.delete(key);
    table.invalidateOrder();
    const rv = ++this.rv;
    const object = {
      ...current.object,
      metadata: { ...current.object.metadata, resourceVersion: String(rv) },
    };
    const entry = { object, json: JSON.stringify(object), rv };
    table.record({
      type: 'DELETED',
      rv,
      namespace: object.metadata.namespace ?? '',
      entry,
    });
    const owned = this.ownerIndex.get(object.metadata.uid);
    this.ownerIndex.delete(object.metadata.uid);
    for (const child of owned ?? []) {
      const childEntry = child.table.entries.get(child.key);
      if (childEntry) this.deleteEntry(child.table, child.key, childEntry);
    }
    return entry;
  }

  /**
   * Subscribes to changes. Without a resourceVersion the current objects come first as ADDED;
   * with one, the history after it is replayed (410 Gone if it was compacted away).
   */
  watch(
    type: ResourceType,
    options: WatchOptions,
    listener: Listener,
  ): () => void {
    const table = this.table(type);
    if (options.resourceVersion !== undefined && options.resourceVersion > 0) {
      if (options.resourceVersion < table.compactedRv) {
        throw kubeErrors.gone(
          `too old resource version: ${options.resourceVersion} (${table.compactedRv})`,
        );
      }
      const from = lowerBoundRv(table.history, options.resourceVersion);
      for (let i = from; i < table.history.length; i++) {
        const event = table.history[i];
        if (matches(options, event.entry.object)) listener(event);
      }
    } else {
      for (const key of table.sortedKeys()) {
        const entry = table.entries.get(key)!;
        if (matches(options, entry.object)) {
          listener({
            type: 'ADDED',
            rv: entry.rv,
            namespace: entry.object.metadata.namespace ?? '',
            entry,
          });
        }
      }
    }
    const subscription = { options, listener };
    table.listeners.add(subscription);
    return () => table.listeners.delete(subscription);
  }

  /**
   * Forgets all history, including the latest resourceVersion: resuming any watch or continue
   * token handed out so far answers 410 Gone (the "force 410 on resume" fault switch). The
   * cluster's revision moves past the compaction, as etcd's does with writes elsewhere in the
   * cluster, so a fresh list hands out a resourceVersion that can be watched from: a real API
   * server never answers 410 to a watch from the list it just served.
   */
  compact(): void {
    this.rv++;
    for (const table of this.tables.values()) {
      table.history.length = 0;
      table.compactedRv = this.rv;
    }
  }

  types(): ResourceType[] {
    return [...this.tables.values()].map(t => t.type);
  }
}

function upperBound(keys: string[], value: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBoundRv(history: StoreEvent[], rv: number): number {
  let lo = 0;
  let hi = history.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (history[mid].rv <= rv) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
