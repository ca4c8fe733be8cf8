import type { LoggerService } from '@backstage/backend-plugin-api';
import pLimit from 'p-limit';
import {
  CustomObjectsApi,
  type KubeConfig,
  Watch,
} from '@kubernetes/client-node';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface ReflectorOptions<T> {
  kubeConfig: KubeConfig;
  group: string;
  version: string;
  plural: string;
  namespace: string;
  /** Trims an object to what the plugin shows; undefined drops it. */
  project: (object: any) => T | undefined;
  onChange: (type: ChangeType, name: string, item: T | undefined) => void;
  /** Called after every (re)list: the whole set was replaced. */
  onSync?: () => void;
  /** Called when the watch is established or a list or watch fails: `state` changed. */
  onStateChange?: () => void;
  logger: LoggerService;
  pageSize?: number;
  /**
   * Runs each list page, the request and the projection of its items: a gate shared by every
   * reflector of the backend bounds how many pages are in memory at once during a first sync.
   */
  listGate?: ListGate;
  watchTimeoutSeconds?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export type ListGate = <R>(page: () => Promise<R>) => Promise<R>;

/**
 * A gate that runs `concurrency` pages at once; a page that takes longer than `holdMs` (an
 * unresponsive cluster) gives its place up and goes on outside the gate, so one cluster cannot
 * hold every other's first sync.
 */
export function boundedListGate(
  concurrency: number,
  holdMs = 15_000,
): ListGate {
  const limit = pLimit(concurrency);
  return <R>(page: () => Promise<R>) => {
    let result: Promise<R> | undefined;
    return limit(async () => {
      result = page();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        result.catch(() => undefined),
        new Promise(resolve => {
          timer = setTimeout(resolve, holdMs);
        }),
      ]);
      clearTimeout(timer);
    }).then(() => result!);
  };
}

export interface ReflectorState {
  synced: boolean;
  watching: boolean;
  lastSync?: Date;
  lastError?: string;
  lastErrorAt?: Date;
  resourceVersion?: string;
}

function statusCode(error: unknown): number | undefined {
  const e = error as { code?: unknown; statusCode?: unknown };
  if (typeof e?.code === 'number') return e.code;
  if (typeof e?.statusCode === 'number') return e.statusCode;
  return undefined;
}

function describe(error: unknown): string {
  const code = statusCode(error);
  const body = (error as { body?: unknown })?.body;
  if (typeof body === 'string') {
    try {
      const message = JSON.parse(body)?.message;
      if (message) return `${code ?? ''} ${message}`.trim();
    } catch {
      // not JSON
    }
  }
  const cause = (error as { cause?: { code?: string; message?: string } })
    ?.cause;
  const base = error instanceof Error ? error.message : String(error);
  return cause?.code ? `${base} (${cause.code})` : base;
}

/**
 * List+watch of one kind in one namespace, in the manner of a Kubernetes informer: a paged list,
 * then a watch from the list's resourceVersion with bookmarks; on 410 Gone a fresh list; on other
 * errors a retry with exponential backoff. It keeps only `project(object)` for each name, so the
 * cache holds trimmed projections, never whole objects.
 */
export class Reflector<T> {
  readonly items = new Map<string, T>();
  readonly state: ReflectorState = { synced: false, watching: false };
  private stopped = false;
  /** Whether the current round's watch was established (its loss is no reason to back off). */
  private established = false;
  /** Whether the current round's watch delivered an object (its 410 is then no loop). */
  private delivered = false;
  private abort?: AbortController;
  private wake?: () => void;
  private readonly api: CustomObjectsApi;

  constructor(private readonly options: ReflectorOptions<T>) {
    this.api = options.kubeConfig.makeApiClient(CustomObjectsApi);
  }

  start(): void {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
    this.wake?.();
  }

  /** Skips the current backoff wait (used when a cluster is known to be back). */
  retryNow(): void {
    this.wake?.();
  }

  private async sleep(ms: number) {
    await new Promise<void>(resolve => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }

  private async run() {
    const minBackoff = this.options.minBackoffMs ?? 500;
    const maxBackoff = this.options.maxBackoffMs ?? 30_000;
    let backoff = minBackoff;
    let goneInARow = 0;
    while (!this.stopped) {
      this.established = false;
      this.delivered = false;
      try {
        if (!this.state.resourceVersion) await this.relist();
        await this.watchOnce();
        backoff = minBackoff;
        goneInARow = 0;
      } catch (error) {
        if (this.stopped) return;
        this.state.watching = false;
        this.state.lastError = describe(error);
        this.state.lastErrorAt = new Date();
        this.options.onStateChange?.();
        if (statusCode(error) === 410) {
          this.state.resourceVersion = undefined;
          // One 410 means a relist; a watch from a fresh list refused again (a server that
          // keeps compacting) waits like any other failure instead of relisting in a hot loop.
          if (!this.delivered && goneInARow++ > 0) {
            await this.sleep(backoff * (0.8 + Math.random() * 0.4));
            backoff = Math.min(backoff * 2, maxBackoff);
          }
          continue;
        }
        goneInARow = 0;
        // A watch that was up and then broke (a dropped connection, an API server restart) is
        // retried soon, as after a clean end; only failures to get a watch at all back off.
        if (this.established) backoff = minBackoff;
        this.options.logger.warn(
          `${this.options.plural}: ${this.state.lastError}; retrying in ${backoff} ms`,
        );
        await this.sleep(backoff * (0.8 + Math.random() * 0.4));
        backoff = Math.min(backoff * 2, maxBackoff);
      }
    }
  }

  private async relist() {
    const { group, version, namespace, plural } = this.options;
    const fresh = new Map<string, T>();
    let token: string | undefined;
    let resourceVersion = '';
    const gate: ListGate = this.options.listGate ?? (page => page());
    const readPage = (continueToken: string | undefined) =>
      gate(async () => {
        const page = await this.api.listNamespacedCustomObject({
          group,
          version,
          namespace,
          plural,
          limit: this.options.pageSize ?? 500,
          _continue: continueToken,
        });
        for (const object of page.items ?? []) {
          const name = object?.metadata?.name;
          const item = this.options.project(object);
          if (name && item !== undefined) fresh.set(name, item);
        }
        return page.metadata;
      });
    do {
      const metadata = await readPage(token);
      token = metadata?.continue || undefined;
      resourceVersion = metadata?.resourceVersion ?? resourceVersion;
    } while (token && !this.stopped);

    for (const name of [...this.items.keys()]) {
      if (!fresh.has(name)) {
        this.items.delete(name);
        this.options.onChange('DELETED', name, undefined);
      }
    }
    for (const [name, item] of fresh) this.items.set(name, item);
    this.state.resourceVersion = resourceVersion;
    this.state.synced = true;
    this.state.lastSync = new Date();
    this.state.lastError = undefined;
    this.options.onSync?.();
  }

  private watchOnce(): Promise<void> {
    const { group, version, namespace, plural } = this.options;
    const timeoutSeconds = this.options.watchTimeoutSeconds ?? 300;
    const watch = new Watch(this.options.kubeConfig);
    // Watch aborts a request after 30 s by default; a watch lives as long as the server keeps it.
    (watch as unknown as { requestTimeoutMs: number }).requestTimeoutMs =
      (timeoutSeconds + 30) * 1000;
    return new Promise<void>((resolve, reject) => {
      let gone = false;
      let finished = false;
      const done = (error: unknown) => {
        finished = true;
        this.state.watching = false;
        this.abort = undefined;
        if (gone)
          reject(
            Object.assign(new Error('resourceVersion too old (410 Gone)'), {
              code: 410,
            }),
          );
        else if (
          error &&
          !(error instanceof Error && error.name === 'AbortError') &&
          (error as { name?: string })?.name !== 'TimeoutError'
        )
          reject(error);
        else resolve();
      };
      watch
        .watch(
          `/apis/${group}/${version}/namespaces/${namespace}/${plural}`,
          {
            resourceVersion: this.state.resourceVersion,
            allowWatchBookmarks: true,
            timeoutSeconds,
          },
          (type: string, object: any) => {
            if (type === 'ERROR') {
              if (object?.code === 410) gone = true;
              else this.state.lastError = object?.message ?? 'watch error';
              return;
            }
            const rv = object?.metadata?.resourceVersion;
            if (rv) this.state.resourceVersion = rv;
            this.delivered = true;
            if (type === 'BOOKMARK') return;
            const name = object?.metadata?.name;
            if (!name) return;
            if (type === 'DELETED') {
              this.items.delete(name);
              this.options.onChange('DELETED', name, undefined);
              return;
            }
            const item = this.options.project(object);
            const existed = this.items.has(name);
            if (item === undefined) {
              // No longer something the plugin shows: as good as deleted.
              if (existed) {
                this.items.delete(name);
                this.options.onChange('DELETED', name, undefined);
              }
              return;
            }
            this.items.set(name, item);
            this.options.onChange(existed ? 'MODIFIED' : 'ADDED', name, item);
          },
          done,
        )
        .then(controller => {
          if (finished) return;
          this.abort = controller;
          this.established = true;
          this.state.watching = true;
          this.state.lastError = undefined;
          if (this.stopped) controller.abort();
          else this.options.onStateChange?.();
        })
        .catch(done);
    });
  }
}
