import type { LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';
import type { InvestigationStore } from '../database/InvestigationStore';
import { HEARTBEAT_MS } from './liveness';

/** The relays and remediation watches running on this replica, so shutdown can stop and await them. */
export class ReplicaWork {
  /** Turns being relayed, by `investigation:turn`. */
  private readonly relays = new Map<string, AbortController>();
  /** Remediations followed on the status stream, by investigation (this replica's). */
  private readonly watches = new Map<string, AbortController>();
  /** Relays and watches running here, awaited at shutdown. */
  private readonly work = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly options: {
      store: InvestigationStore;
      logger: LoggerService;
    },
  ) {}

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Registers the relay of one turn; `done` unregisters it. */
  startRelay(id: string): { controller: AbortController; done: () => void } {
    const controller = new AbortController();
    const key = `${id}:${randomUUID()}`;
    this.relays.set(key, controller);
    return { controller, done: () => this.relays.delete(key) };
  }

  isRelaying(id: string): boolean {
    return [...this.relays.keys()].some(k => k.startsWith(`${id}:`));
  }

  get relayCount(): number {
    return this.relays.size;
  }

  /** Registers the watch of an investigation's remediation; undefined when one runs or after shutdown. */
  startWatch(id: string): AbortController | undefined {
    if (this.watches.has(id) || this.stopped) return undefined;
    const controller = new AbortController();
    this.watches.set(id, controller);
    return controller;
  }

  endWatch(id: string): void {
    this.watches.delete(id);
  }

  isWatching(id: string): boolean {
    return this.watches.has(id);
  }

  /** Runs background work, tracked so that shutdown can wait for it. */
  track(work: Promise<void>): void {
    this.work.add(work);
    work
      .catch(error =>
        this.options.logger.warn(`investigation work failed: ${error}`),
      )
      .finally(() => this.work.delete(work));
  }

  /**
   * Touches the investigation while this replica works on it (a silent one counts as
   * interrupted). Cleared at once on abort (and on shutdown), not only once the work has wound
   * down; a failed write is logged, never an unhandled rejection.
   */
  heartbeat(id: string, signal: AbortSignal) {
    const timer = setInterval(
      () =>
        this.options.store
          .update(id, {})
          .catch(error =>
            this.options.logger.warn(
              `investigation ${id}: heartbeat not recorded: ${error}`,
            ),
          ),
      HEARTBEAT_MS,
    );
    signal.addEventListener('abort', () => clearInterval(timer), {
      once: true,
    });
    return timer;
  }

  /**
   * Stops every relay and watch and refuses new watches. Returns the investigations that were
   * cut, or undefined when this replica had stopped already.
   */
  stopAll(): string[] | undefined {
    if (this.stopped) return undefined;
    this.stopped = true;
    const cut = new Set(
      [...this.relays.keys(), ...this.watches.keys()].map(key =>
        key.replace(/:.*$/, ''),
      ),
    );
    for (const controller of this.relays.values()) controller.abort();
    for (const controller of this.watches.values()) controller.abort();
    return [...cut];
  }

  /** Settles once the work running now has wound down. */
  wound(): Promise<unknown> {
    return Promise.allSettled(this.work);
  }
}
