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
import { serviceAgent } from '../clients/serviceHttp';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import type {
  InvestigationRecord,
  InvestigationStatus,
  InvestigationStore,
  StoredEvent,
} from '../database/InvestigationStore';
import type {
  HistoryEntry,
  InvestigationEvent,
  TranscriptEventPayloads,
  TranscriptEventType,
} from '@kubernaut/plugin-kubernaut-common';
import { personName } from '@kubernaut/plugin-kubernaut-common';
import { TranscriptWriter, type TranscriptNotice } from './TranscriptWriter';
import { A2AEventTranslator } from './events/a2aEvents';
import { phaseEvent } from './events/phaseEvents';
import { analysisFromRemediation } from './events/rootCause';
import { toInvestigationEvent } from './events/storedEvents';

const TERMINAL_STATES = ['completed', 'failed', 'canceled', 'interrupted'];
const TERMINAL_PHASES = new Set([
  'Completed',
  'Failed',
  'TimedOut',
  'Skipped',
  'Cancelled',
]);

/** How an investigation ends when the remediation it follows reaches a final phase. */
function statusOfPhase(phase: string): InvestigationStatus {
  if (phase === 'Failed' || phase === 'TimedOut') return 'failed';
  if (phase === 'Cancelled') return 'canceled';
  return 'completed';
}

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

const SHUTDOWN_MESSAGE =
  'The Backstage backend stopped (a restart or an upgrade) while it relayed this ' +
  'investigation. Everything received until then is kept; the question was not sent again; ' +
  'ask a follow-up to continue the conversation.';

const WATCH_SHUTDOWN_MESSAGE =
  'The Backstage backend stopped (a restart or an upgrade) while it followed this ' +
  'remediation. Everything received until then is kept; open the remediation again to ' +
  'follow it on.';

function delay(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms).unref());
}

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

/** A2A message metadata naming the Backstage user a service-credential message is sent for. */
export const ON_BEHALF_OF_METADATA = 'backstage.io/on-behalf-of';

export interface StartRequest {
  cluster: string;
  remediation?: string;
  /** Required to start a conversation; a watch of a running remediation sends nothing. */
  message?: string;
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
  /** Remediations followed on the status stream, by investigation (this replica's). */
  private readonly watches = new Map<string, AbortController>();
  /** How each followed remediation ended, for a turn that outlives its watch. */
  private readonly watchEndings = new Map<string, InvestigationStatus>();
  /** Turns of each conversation being relayed here. */
  private readonly turns = new Map<string, number>();
  private stopped = false;
  /** Relays and watches running here, awaited at shutdown. */
  private readonly work = new Set<Promise<void>>();

  constructor(
    private readonly options: {
      store: InvestigationStore;
      registry: ClusterRegistry;
      logger: LoggerService;
    },
  ) {
    this.bus.setMaxListeners(0);
  }

  /**
   * Shuts down: stops every relay and watch, lets each store what it had read, then ends the
   * investigations this replica was working on as interrupted, with a transcript event saying
   * why. Viewers (on any replica, after a restart too) then see the end at once, not after the
   * 45 s a silent relay takes to count as interrupted; a follow-up question continues the
   * conversation. Waits at most `graceMs` for the work to wind down.
   */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const cut = new Set(
      [...this.relays.keys(), ...this.watches.keys()].map(key =>
        key.replace(/:.*$/, ''),
      ),
    );
    for (const controller of this.relays.values()) controller.abort();
    for (const controller of this.watches.values()) controller.abort();
    const wound = Promise.allSettled(this.work);
    await Promise.race([wound, delay(graceMs)]);
    await Promise.race([
      Promise.allSettled([...cut].map(id => this.endCut(id))),
      delay(graceMs),
    ]);
  }

  /** Ends an investigation this replica's shutdown cut, unless it ended meanwhile. */
  private async endCut(id: string): Promise<void> {
    try {
      const record = await this.options.store.get(id);
      if (!record || TERMINAL_STATES.includes(record.status)) return;
      await this.writer(id).append('interrupted', {
        // A watch has no conversation to go on with: it is opened again.
        message: record.contextId ? SHUTDOWN_MESSAGE : WATCH_SHUTDOWN_MESSAGE,
        cause: 'backend stopped',
      });
      await this.options.store.update(id, { status: 'interrupted' });
      this.bus.emit(id);
    } catch (error) {
      this.options.logger.warn(
        `investigation ${id}: not marked interrupted at shutdown: ${error}`,
      );
    }
  }

  /** Runs background work, tracked so that shutdown can wait for it. */
  private track(work: Promise<void>): void {
    this.work.add(work);
    work
      .catch(error =>
        this.options.logger.warn(`investigation work failed: ${error}`),
      )
      .finally(() => this.work.delete(work));
  }

  /** The API Frontend of a cluster (one client per cluster). */
  apiFrontend(cluster: string): ApiFrontendClient {
    const connection = this.options.registry.get(cluster);
    const endpoint = connection.config.apiFrontend;
    if (!endpoint)
      throw new InputError(
        `cluster ${cluster} has no apiFrontend configured; investigations need it`,
      );
    let client = this.clients.get(cluster);
    if (!client)
      this.clients.set(
        cluster,
        (client = new ApiFrontendClient(endpoint.url, serviceAgent(endpoint))),
      );
    return client;
  }

  /** The backend's own credential for a cluster's API Frontend, read afresh each time. */
  serviceCredential(cluster: string): string {
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

  /**
   * Starts a conversation, or joins a remediation to watch it. Joining never talks to the agent:
   * upstream's `kubernaut_investigate {rr_id}` would take the remediation over from the
   * autonomous run (`pkg/apifrontend/tools/ka_investigate_mcp.go`). A watch starts with what
   * Kubernaut recorded (the remediation's state and its audit trail) and follows the status
   * stream live. An ended remediation is asked about in a conversation of its own.
   */
  async start(request: StartRequest): Promise<{ id: string; joined: boolean }> {
    const client = this.apiFrontend(request.cluster);
    const row = request.remediation
      ? this.options.registry
          .get(request.cluster)
          .remediationRow(request.remediation)
      : undefined;
    if (request.remediation && !row)
      throw new NotFoundError(
        `remediation ${request.remediation} not found in cluster ${request.cluster}`,
      );
    if (request.remediation) {
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
    const watching = !!row && !TERMINAL_PHASES.has(row.phase);
    if (!watching && !request.message)
      throw new InputError('message is required to start a conversation');
    const id = randomUUID();
    // Every conversation has a context of its own: without one, API Frontend would reroute the
    // message into the caller's active conversation (launcher/session_interceptor.go), which
    // under the service credential is every Backstage user's.
    const contextId = watching ? undefined : randomUUID();
    await this.options.store.create({
      id,
      cluster: request.cluster,
      remediation: request.remediation,
      createdBy: request.user,
      contextId,
      // Whoever starts a conversation drives it (upstream: joinMode start); a watch has no driver.
      driver: watching ? undefined : request.user,
    });
    const writer = this.writer(id);
    // Fails now, not in the background, when the cluster has no credential for API Frontend.
    if (!request.userToken) this.serviceCredential(request.cluster);
    if (watching) {
      await writer.append('watching', {
        user: request.user,
        remediation: request.remediation,
        at: new Date().toISOString(),
      });
      await writer.append(
        'history',
        await this.history(request.cluster, request.remediation!),
      );
      this.watch(id, request.cluster, request.remediation!, request.userToken);
      return { id, joined: false };
    }
    await writer.append('user-message', {
      user: request.user,
      text: request.message!,
    });
    const text = request.remediation
      ? `${request.message} (remediation ${request.remediation})`
      : request.message!;
    this.relay(
      id,
      request.cluster,
      client,
      request.userToken,
      text,
      contextId!,
      request.remediation,
      request.user,
    );
    return { id, joined: false };
  }

  /** What Kubernaut recorded of a remediation before the watch began: its state and audit trail. */
  private async history(
    cluster: string,
    remediation: string,
  ): Promise<TranscriptEventPayloads['history']> {
    const connection = this.options.registry.get(cluster);
    const row = connection.remediationRow(remediation);
    const { analysis, approvalRequest } = connection.children(remediation);
    let events: HistoryEntry[] = [];
    let unavailable = false;
    const client = this.options.registry.dataStorageFor(cluster);
    if (client) {
      try {
        events = (await client.allEvents({ correlation_id: remediation }, 500))
          .reverse()
          .map(e => ({
            type: e.event_type,
            action: e.event_action,
            outcome: e.event_outcome,
            at: e.event_timestamp,
            actor: e.actor_id,
          }));
      } catch {
        unavailable = true;
      }
    } else unavailable = true;
    return {
      remediation,
      phase: row?.phase,
      events,
      unavailable,
      analysis: analysis ? analysisFromRemediation({ ...analysis }) : undefined,
      pendingApproval:
        approvalRequest && !approvalRequest.decision
          ? {
              name: approvalRequest.name,
              remediation,
              requiredBy: approvalRequest.requiredBy,
            }
          : undefined,
    };
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
        'you are watching this remediation: asking the agent takes it over from the autonomous run; take it over first',
      );
    if (record.driver && record.driver !== user)
      throw new ConflictError(
        `${personName(
          record.driver,
        )} drives this conversation; only they can ask in it`,
      );
    const seq = await this.writer(id).append('user-message', { user, text });
    if (record.status !== 'running')
      await this.options.store.update(id, { status: 'running' });
    this.relay(
      id,
      record.cluster,
      this.apiFrontend(record.cluster),
      userToken,
      text,
      record.contextId,
      record.remediation,
      user,
    );
    return { seq };
  }

  /**
   * Upstream's takeover (`pkg/apifrontend/tools/ka_investigate_mcp.go`, joinMode takeover): the
   * agent is asked, in a context of the driver's own, to take the remediation over; the
   * autonomous run stops and the driver steers it from this conversation. The status stream the
   * watch follows carries on.
   */
  async takeOver(
    id: string,
    driver: string,
    userToken?: string,
    message?: string,
  ): Promise<InvestigationRecord> {
    const record = await this.get(id);
    const remediation = record.remediation;
    if (!remediation)
      throw new ConflictError('this investigation follows no remediation');
    if (
      !(await this.options.store.claimDriver(
        id,
        driver,
        record.contextId ?? randomUUID(),
      ))
    )
      throw new ConflictError(
        `someone else took remediation ${remediation} over first`,
      );
    const { contextId } = await this.get(id);
    await this.writer(id).append('taken-over', { user: driver, remediation });
    if (message)
      await this.writer(id).append('user-message', {
        user: driver,
        text: message,
      });
    if (!userToken) this.serviceCredential(record.cluster);
    this.watch(id, record.cluster, remediation, userToken);
    this.relay(
      id,
      record.cluster,
      this.apiFrontend(record.cluster),
      userToken,
      `Take over remediation ${remediation}: stop the autonomous run, I will decide what happens next.${
        message ? `\n\n${message}` : ''
      }`,
      contextId!,
      remediation,
      driver,
    );
    return this.get(id);
  }

  /**
   * Runs an act on the remediation (a steering call) as part of the investigation: a remediation
   * that ends meanwhile ends the investigation only once the act is done and recorded, so its
   * record is never written after viewers were told the investigation ended.
   */
  async act<T>(id: string, work: () => Promise<T>): Promise<T> {
    this.turns.set(id, (this.turns.get(id) ?? 0) + 1);
    try {
      return await work();
    } finally {
      const ending = this.endTurn(id);
      if (ending) {
        await this.options.store.update(id, { status: ending });
        this.bus.emit(id);
      }
    }
  }

  /**
   * Ends one turn (or act) of an investigation. Returns how the investigation ends when nothing
   * else here still works on it: with the remediation its watch followed to the end, else
   * `status` (a turn's own ending); undefined while another turn runs or the watch goes on.
   */
  private endTurn(
    id: string,
    status?: InvestigationStatus,
  ): InvestigationStatus | undefined {
    const others = (this.turns.get(id) ?? 1) - 1;
    if (others > 0) this.turns.set(id, others);
    else this.turns.delete(id);
    if (others > 0 || this.watches.has(id)) return undefined;
    return this.watchEndings.get(id) ?? status;
  }

  /** Adds an event to an investigation's transcript (an act recorded by another service). */
  async record<T extends TranscriptEventType>(
    id: string,
    type: T,
    payload: TranscriptEventPayloads[T],
  ): Promise<number> {
    return this.writer(id).append(type, payload);
  }

  /**
   * Touches the investigation while this replica works on it (a silent one counts as
   * interrupted). Cleared at once on abort (and on shutdown), not only once the work has wound
   * down; a failed write is logged, never an unhandled rejection.
   */
  private heartbeat(id: string, signal: AbortSignal) {
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
   * Follows a remediation on the status stream until it ends; the investigation ends with it,
   * with the remediation's outcome, unless a turn of the conversation is still running here.
   */
  private watch(
    id: string,
    cluster: string,
    remediation: string,
    userToken: string | undefined,
  ) {
    if (this.watches.has(id) || this.stopped) return;
    const controller = new AbortController();
    this.watches.set(id, controller);
    const heartbeat = this.heartbeat(id, controller.signal);
    this.track(
      (async () => {
        try {
          const ending = await this.relayPhases(
            id,
            cluster,
            this.apiFrontend(cluster),
            userToken ? () => userToken : () => this.serviceCredential(cluster),
            remediation,
            controller.signal,
          );
          if (controller.signal.aborted) return;
          const status = ending ? statusOfPhase(ending) : 'failed';
          if (!ending)
            await this.writer(id)
              .append('error', {
                message: `API Frontend does not know remediation ${remediation}; its progress cannot be followed`,
              })
              .catch(() => undefined);
          this.watchEndings.set(id, status);
          if (!this.turns.get(id)) {
            await this.options.store.update(id, { status });
            this.bus.emit(id);
          }
        } catch (error) {
          this.options.logger.warn(
            `investigation ${id}: watch failed: ${error}`,
          );
        } finally {
          clearInterval(heartbeat);
          this.watches.delete(id);
        }
      })(),
    );
  }

  private relay(
    id: string,
    cluster: string,
    client: ApiFrontendClient,
    userToken: string | undefined,
    text: string,
    contextId: string,
    remediation: string | undefined,
    /** Who asks: credited in the message when it goes with the service credential. */
    from: string,
  ) {
    const controller = new AbortController();
    const key = `${id}:${randomUUID()}`;
    this.relays.set(key, controller);
    this.turns.set(id, (this.turns.get(id) ?? 0) + 1);
    const writer = this.writer(id);
    const heartbeat = this.heartbeat(id, controller.signal);
    // A turn ends the investigation only when nothing else here follows the remediation;
    // otherwise the status stream carries on and ends it with the remediation.
    const finish = async (
      status: 'completed' | 'failed' | 'canceled' | 'interrupted' | undefined,
    ) => {
      clearInterval(heartbeat);
      this.relays.delete(key);
      const ending = this.endTurn(id, status);
      if (ending) await this.options.store.update(id, { status: ending });
      else await this.options.store.update(id, {});
      this.bus.emit(id);
    };

    this.track(
      (async () => {
        let linkedRemediation = remediation;
        const translator = new A2AEventTranslator();
        // Events are queued without waiting for the database, so the next one is read from
        // upstream while the last is written, and a burst goes to the database as one insert.
        let lastWrite: Promise<number> = Promise.resolve(0);
        let writeFailure: unknown;
        const noteWriteFailure = (error: unknown) => {
          writeFailure ??= error;
        };
        try {
          for await (const result of client.messageStream(
            userToken ?? this.serviceCredential(cluster),
            text,
            contextId,
            controller.signal,
            userToken ? undefined : { [ON_BEHALF_OF_METADATA]: from },
          )) {
            if (writeFailure) throw writeFailure;
            const rr = (result.metadata as { rr_id?: unknown } | undefined)
              ?.rr_id;
            if (!linkedRemediation && typeof rr === 'string') {
              linkedRemediation = rr;
              await this.options.store.update(id, { remediation: rr });
            }
            if (linkedRemediation)
              this.watch(id, cluster, linkedRemediation, userToken);
            for (const event of translator.translate(result)) {
              lastWrite = writer.append(event.type, event.payload);
              lastWrite.catch(noteWriteFailure);
            }
            if (result.final === true) {
              await lastWrite;
              const state = (result.status as { state?: string } | undefined)
                ?.state;
              await finish(finalStatus(state));
              controller.abort();
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
          const message =
            error instanceof Error ? error.message : String(error);
          if (error instanceof StreamDroppedError) {
            // Never re-sent: a2a dedupes on task id only, so a resend races the running agent (kubernaut#2096).
            this.options.logger.warn(`investigation ${id}: ${message}`);
            await writer
              .append('interrupted', {
                message: INTERRUPTED_MESSAGE,
                cause: message,
              })
              .catch(() => undefined);
            await finish('interrupted').catch(() => undefined);
            return;
          }
          this.options.logger.warn(`investigation ${id}: ${message}`);
          await writer.append('error', { message }).catch(() => undefined);
          await finish('failed').catch(() => undefined);
        } finally {
          controller.abort();
        }
      })(),
    );
  }

  /**
   * Phase changes from the status stream, so a remediation started by an alert is never silent.
   * Each update is stored as API Frontend sent it (per-phase metadata included). Reconnects
   * with backoff after a drop; at once, with a fresh credential, when API Frontend announces
   * `status/closing` (its token is about to expire); never for a remediation it does not know.
   * `credential` gives the token for each connection: the user's, or the service credential
   * read again from the cluster's configuration.
   */
  private async relayPhases(
    id: string,
    cluster: string,
    client: ApiFrontendClient,
    credential: () => string,
    remediation: string,
    signal: AbortSignal,
  ): Promise<string | undefined> {
    let lastPhase: unknown;
    let lastClosing = 0;
    for (let attempt = 0; !signal.aborted; attempt++) {
      try {
        for await (const update of client.statusStream(
          credential(),
          remediation,
          signal,
        )) {
          attempt = 0;
          // A reconnect starts with the current phase again: keep each phase change once, and a
          // same-phase update only when it brings new verification steps (Verifying).
          const steps = (
            update.metadata as { verification_steps?: unknown } | undefined
          )?.verification_steps;
          const news = Array.isArray(steps) && steps.length > 0;
          if (update.phase === lastPhase && !news) continue;
          lastPhase = update.phase;
          await this.writer(id).append('phase', phaseEvent(update));
          if (update.final === true) return String(update.phase);
        }
      } catch (error) {
        if (signal.aborted) return undefined;
        // 400: a remediation API Frontend does not know (rr_not_found) or a request it will
        // never take; 404: the same from older API Frontends. Retrying cannot help.
        if (
          error instanceof ApiFrontendError &&
          (error.status === 400 || error.status === 404)
        )
          return undefined;
        if (
          error instanceof ApiFrontendError &&
          error.name === 'StatusStreamClosingError' &&
          (error as { reconnect?: boolean }).reconnect !== false &&
          Date.now() - lastClosing > 1_000
        ) {
          // The old credential is about to expire: reconnect now with a fresh one.
          lastClosing = Date.now();
          attempt = -1;
          continue;
        }
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
    return undefined;
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
    onEvent: (event: InvestigationEvent) => void,
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
    const deliver = (event: StoredEvent) => {
      const typed = toInvestigationEvent(event);
      if (typed) onEvent(typed);
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
          deliver(event);
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
            deliver(event);
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
