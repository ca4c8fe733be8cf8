import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  ApiFrontendClient,
  ApiFrontendError,
  StreamDroppedError,
} from '../clients/ApiFrontendClient';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import type {
  InvestigationRecord,
  InvestigationStore,
  StoredEvent,
} from '../database/InvestigationStore';
import { TranscriptWriter, type TranscriptNotice } from './TranscriptWriter';

const TERMINAL_STATES = ['completed', 'failed', 'canceled', 'interrupted'];

function finalStatus(
  state: string | undefined,
): 'completed' | 'failed' | 'canceled' {
  if (state === 'failed') return 'failed';
  return state === 'canceled' ? 'canceled' : 'completed';
}
/** A relay touches its investigation this often; a silent one is treated as interrupted. */
const HEARTBEAT_MS = 10_000;
const STALE_MS = 45_000;
const POLL_MS = 400;
/** Status stream reconnect backoff: 1 s doubling up to 8 s, as Kubernaut's console does. */
const STATUS_BACKOFF_MS = [1000, 2000, 4000, 8000];

const INTERRUPTED_MESSAGE =
  'The connection to API Frontend dropped before the agent finished. The question was not ' +
  'sent again, because that would race the investigation still running in Kubernaut; ' +
  'ask a follow-up to continue the conversation.';

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * Takes the queued live events if they continue exactly after `cursor`; undefined when there are
 * none or there is a gap (the caller then reads the database).
 */
function takeContiguous(
  live: StoredEvent[],
  cursor: number,
): StoredEvent[] | undefined {
  while (live.length && live[0].seq <= cursor) live.shift();
  if (!live.length) return undefined;
  const taken = live.splice(0);
  const contiguous = taken.every((event, i) => event.seq === cursor + 1 + i);
  return contiguous ? taken : undefined;
}

export interface InvestigationEventView {
  seq: number;
  type: string;
  payload: unknown;
  createdAt: string;
}

export interface StartRequest {
  cluster: string;
  remediation?: string;
  message: string;
  user: string;
  /** A token API Frontend trusts for this user, when Backstage has one; else the service credential. */
  userToken?: string;
}

/**
 * Investigations relayed from each cluster's API Frontend. A relay writes every upstream event to
 * the database with a sequence number; viewers read the database (history, then live), so a
 * reconnecting browser, a second operator or another backend replica sees the same transcript,
 * and a dropped browser never re-sends the upstream request.
 */
export class InvestigationService {
  private readonly bus = new EventEmitter();
  private readonly writers = new Map<string, TranscriptWriter>();
  private readonly relays = new Map<string, AbortController>();
  private readonly clients = new Map<string, ApiFrontendClient>();
  private stopped = false;

  constructor(
    private readonly options: {
      store: InvestigationStore;
      registry: ClusterRegistry;
      logger: LoggerService;
    },
  ) {
    this.bus.setMaxListeners(0);
  }

  stop(): void {
    this.stopped = true;
    for (const controller of this.relays.values()) controller.abort();
  }

  private client(cluster: string): ApiFrontendClient {
    const connection = this.options.registry.get(cluster);
    const endpoint = connection.config.apiFrontend;
    if (!endpoint)
      throw new InputError(
        `cluster ${cluster} has no apiFrontend configured; investigations need it`,
      );
    let client = this.clients.get(cluster);
    if (!client)
      this.clients.set(cluster, (client = new ApiFrontendClient(endpoint.url)));
    return client;
  }

  private serviceToken(cluster: string): string {
    const connection = this.options.registry.get(cluster);
    const token =
      connection.config.apiFrontend?.token ?? connection.serviceToken();
    if (!token)
      throw new ServiceUnavailableError(
        `no credential for API Frontend of cluster ${cluster}`,
      );
    return token;
  }

  private writer(id: string): TranscriptWriter {
    let writer = this.writers.get(id);
    if (!writer)
      this.writers.set(
        id,
        (writer = new TranscriptWriter(id, this.options.store, notice =>
          this.bus.emit(id, notice),
        )),
      );
    return writer;
  }

  async get(id: string): Promise<InvestigationRecord> {
    const record = await this.options.store.get(id);
    if (!record) throw new NotFoundError(`investigation ${id} not found`);
    return record;
  }

  /** Starts an investigation, or joins the running one of the same remediation. */
  async start(request: StartRequest): Promise<{ id: string; joined: boolean }> {
    const client = this.client(request.cluster);
    if (request.remediation) {
      if (
        !this.options.registry
          .get(request.cluster)
          .remediations.items.has(request.remediation)
      ) {
        throw new NotFoundError(
          `remediation ${request.remediation} not found in cluster ${request.cluster}`,
        );
      }
      const running = await this.options.store.findRunning(
        request.cluster,
        request.remediation,
      );
      if (running && Date.now() - Date.parse(running.updatedAt) < STALE_MS) {
        await this.writer(running.id).append('joined', {
          user: request.user,
          at: new Date().toISOString(),
        });
        return { id: running.id, joined: true };
      }
    }
    const id = randomUUID();
    await this.options.store.create({
      id,
      cluster: request.cluster,
      remediation: request.remediation,
      createdBy: request.user,
    });
    const writer = this.writer(id);
    await writer.append('user-message', {
      user: request.user,
      text: request.message,
    });
    const token = request.userToken ?? this.serviceToken(request.cluster);
    // Joining names the remediation so API Frontend replays its investigation from the start.
    const text = request.remediation
      ? `${request.message}\n\n(remediation ${request.remediation})`
      : request.message;
    this.relay(
      id,
      request.cluster,
      client,
      token,
      text,
      undefined,
      request.remediation,
    );
    return { id, joined: false };
  }

  /** A follow-up question in the same conversation (A2A contextId). */
  async message(
    id: string,
    text: string,
    user: string,
    userToken?: string,
  ): Promise<{ seq: number }> {
    const record = await this.get(id);
    if (!record.contextId)
      throw new ConflictError(
        'the investigation has not started its conversation yet; try again in a moment',
      );
    const seq = await this.writer(id).append('user-message', { user, text });
    this.relay(
      id,
      record.cluster,
      this.client(record.cluster),
      userToken ?? this.serviceToken(record.cluster),
      text,
      record.contextId,
      undefined,
      true,
    );
    return { seq };
  }

  private relay(
    id: string,
    cluster: string,
    client: ApiFrontendClient,
    token: string,
    text: string,
    contextId: string | undefined,
    remediation: string | undefined,
    followUp = false,
  ) {
    const controller = new AbortController();
    const key = `${id}:${randomUUID()}`;
    this.relays.set(key, controller);
    const writer = this.writer(id);
    const heartbeat = setInterval(
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
    // Cleared at once on abort (and on shutdown), not only once the relay has wound down.
    controller.signal.addEventListener(
      'abort',
      () => clearInterval(heartbeat),
      {
        once: true,
      },
    );
    const finish = async (
      status: 'completed' | 'failed' | 'canceled' | 'interrupted' | undefined,
    ) => {
      clearInterval(heartbeat);
      this.relays.delete(key);
      if (status && !followUp) await this.options.store.update(id, { status });
      else await this.options.store.update(id, {});
      this.bus.emit(id);
    };

    void (async () => {
      let knownContext = contextId;
      let linkedRemediation = remediation;
      let phases: Promise<void> | undefined;
      // Events are queued without waiting for the database, so the next one is read from
      // upstream while the last is written, and a burst goes to the database as one insert.
      let lastWrite: Promise<number> = Promise.resolve(0);
      let writeFailure: unknown;
      const noteWriteFailure = (error: unknown) => {
        writeFailure ??= error;
      };
      try {
        for await (const result of client.messageStream(
          token,
          text,
          contextId,
          controller.signal,
        )) {
          if (writeFailure) throw writeFailure;
          const resultContext =
            typeof result.contextId === 'string' ? result.contextId : undefined;
          if (resultContext && !knownContext) {
            knownContext = resultContext;
            await this.options.store.update(id, { contextId: resultContext });
          }
          const rr = (result.metadata as { rr_id?: unknown } | undefined)
            ?.rr_id;
          if (!linkedRemediation && typeof rr === 'string') {
            linkedRemediation = rr;
            await this.options.store.update(id, { remediation: rr });
          }
          if (linkedRemediation && !phases && !followUp)
            phases = this.relayPhases(
              id,
              cluster,
              client,
              token,
              linkedRemediation,
              controller.signal,
            );
          lastWrite = writer.append('a2a', result);
          lastWrite.catch(noteWriteFailure);
          if (result.final === true) {
            await lastWrite;
            const state = (result.status as { state?: string } | undefined)
              ?.state;
            await finish(finalStatus(state));
            controller.abort();
            await phases?.catch(() => undefined);
            return;
          }
        }
        await lastWrite;
        throw new StreamDroppedError(
          'API Frontend ended the stream before the agent finished',
        );
      } catch (error) {
        // Whatever was read before the failure is in the transcript before the failure is.
        await lastWrite.catch(() => undefined);
        if (this.stopped || controller.signal.aborted) {
          await finish(undefined).catch(() => undefined);
          return;
        }
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof StreamDroppedError) {
          // Never re-sent: a2a dedupes on task id only, so a resend races the running agent (kubernaut#2096).
          this.options.logger.warn(`investigation ${id}: ${message}`);
          await writer
            .append('interrupted', {
              message: INTERRUPTED_MESSAGE,
              cause: message,
            })
            .catch(() => undefined);
          await finish(followUp ? undefined : 'interrupted').catch(
            () => undefined,
          );
          return;
        }
        this.options.logger.warn(`investigation ${id}: ${message}`);
        await writer.append('error', { message }).catch(() => undefined);
        await finish(followUp ? undefined : 'failed').catch(() => undefined);
      } finally {
        controller.abort();
      }
    })();
  }

  /** Phase changes from the status stream, so a remediation started by an alert is never silent. */
  private async relayPhases(
    id: string,
    cluster: string,
    client: ApiFrontendClient,
    token: string,
    remediation: string,
    signal: AbortSignal,
  ) {
    let lastPhase: unknown;
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        for await (const update of client.statusStream(
          token,
          remediation,
          signal,
        )) {
          attempt = 0;
          // A reconnect starts with the current phase again; keep each change once.
          if (update.phase === lastPhase) continue;
          lastPhase = update.phase;
          await this.writer(id).append('phase', update);
          if (update.final === true) return;
        }
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof ApiFrontendError && error.status === 404) return;
        this.options.logger.debug?.(
          `investigation ${id}: status stream for ${cluster}/${remediation} dropped: ${String(
            error,
          )}`,
        );
      }
      await sleep(
        STATUS_BACKOFF_MS[Math.min(attempt, STATUS_BACKOFF_MS.length - 1)],
        signal,
      );
    }
  }

  /**
   * Delivers events after `after` in order, then new ones as they come, until the investigation
   * ends or `signal` aborts. Works across replicas: the database is the source. Events this
   * replica relays arrive before they are stored; if their numbers turn out to be taken,
   * `onRewind(n)` says that everything delivered above `n` is void and comes again.
   */
  async subscribe(
    id: string,
    after: number,
    signal: AbortSignal,
    onEvent: (event: InvestigationEventView) => void,
    onRewind: (after: number) => void,
  ): Promise<'ended' | 'interrupted' | 'closed'> {
    let cursor = after;
    let wake: () => void = () => undefined;
    const setWake = (next: () => void) => {
      wake = next;
    };
    // Set by notices that land while the loop is reading, so it never sleeps past one.
    let notified = false;
    // Events this replica relays come with the notice: no database read per event and viewer.
    const live: StoredEvent[] = [];
    let rewindTo: number | undefined;
    const onNotice = (notice?: TranscriptNotice) => {
      if (notice?.kind === 'events') live.push(...notice.events);
      else if (notice?.kind === 'stored' && cursor >= notice.through) return;
      else if (notice?.kind === 'rewind') {
        live.length = 0;
        rewindTo = Math.min(rewindTo ?? Infinity, notice.after);
      }
      notified = true;
      wake();
    };
    const applyRewind = () => {
      if (rewindTo === undefined) return;
      if (cursor > rewindTo) {
        cursor = rewindTo;
        onRewind(cursor);
      }
      rewindTo = undefined;
    };
    const readStored = async (): Promise<StoredEvent[] | undefined> => {
      const stored = await this.options.store.eventsAfter(id, cursor);
      // A rewind while reading: what was read may continue a numbering that is void now.
      return rewindTo === undefined ? stored : undefined;
    };
    this.bus.on(id, onNotice);
    signal.addEventListener('abort', () => onNotice(), { once: true });
    try {
      while (!signal.aborted) {
        notified = false;
        applyRewind();
        const events = takeContiguous(live, cursor) ?? (await readStored());
        if (!events) continue;
        for (const event of events) {
          onEvent(event);
          cursor = event.seq;
        }
        if (events.length === 500) continue;
        const relayingHere = [...this.relays.keys()].some(k =>
          k.startsWith(`${id}:`),
        );
        if (relayingHere) {
          if (notified) continue;
          await this.sleep(POLL_MS, setWake);
          continue;
        }
        const record = await this.options.store.get(id);
        if (!record) return 'ended';
        if (TERMINAL_STATES.includes(record.status)) {
          applyRewind();
          for (const event of await this.options.store.eventsAfter(id, cursor))
            onEvent(event);
          return 'ended';
        }
        if (Date.now() - Date.parse(record.updatedAt) > STALE_MS)
          return 'interrupted';
        if (notified) continue;
        await this.sleep(POLL_MS, setWake);
      }
      return 'closed';
    } finally {
      this.bus.off(id, onNotice);
    }
  }

  private sleep(ms: number, setWake: (wake: () => void) => void) {
    return new Promise<void>(resolve => {
      const timer = setTimeout(resolve, ms);
      setWake(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Investigations relayed by this replica right now (for health and tests). */
  get activeRelays(): number {
    return this.relays.size;
  }
}
