import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import type { ApiFrontendClient } from '../clients/ApiFrontendClient';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import type {
  InvestigationRecord,
  InvestigationStore,
} from '../database/InvestigationStore';
import type {
  InvestigationEvent,
  TranscriptEventPayloads,
  TranscriptEventType,
} from '@kubernaut/plugin-kubernaut-common';
import { personName } from '@kubernaut/plugin-kubernaut-common';
import { AgentTurnRelay } from './AgentTurnRelay';
import { ApiFrontendConnections } from './ApiFrontendConnections';
import { followTranscript } from './followTranscript';
import { STALE_MS } from './liveness';
import { relayPhases } from './relayPhases';
import { remediationHistory } from './remediationHistory';
import { RemediationWatcher } from './RemediationWatcher';
import { ReplicaWork } from './ReplicaWork';
import { ShutdownRecorder } from './ShutdownRecorder';
import { SteeringHandOff } from './SteeringHandOff';
import { TranscriptHub } from './TranscriptHub';
import type { TranscriptWriter } from './TranscriptWriter';
import { TurnLedger } from './TurnLedger';

export { ON_BEHALF_OF_METADATA } from './AgentTurnRelay';

const TERMINAL_PHASES = new Set([
  'Completed',
  'Failed',
  'TimedOut',
  'Skipped',
  'Cancelled',
]);

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
  private readonly connections: ApiFrontendConnections;
  private readonly transcripts: TranscriptHub;
  private readonly work: ReplicaWork;
  private readonly turns: TurnLedger;
  private readonly watcher: RemediationWatcher;
  private readonly agent: AgentTurnRelay;
  private readonly handOff: SteeringHandOff;
  private readonly shutdown: ShutdownRecorder;

  constructor(
    private readonly options: {
      store: InvestigationStore;
      registry: ClusterRegistry;
      logger: LoggerService;
    },
  ) {
    const { store, registry, logger } = options;
    this.connections = new ApiFrontendConnections(registry);
    this.transcripts = new TranscriptHub(store);
    this.work = new ReplicaWork({ store, logger });
    this.turns = new TurnLedger(id => this.work.isWatching(id));
    const shared = {
      store,
      logger,
      connections: this.connections,
      transcripts: this.transcripts,
      work: this.work,
      turns: this.turns,
    };
    this.watcher = new RemediationWatcher({
      ...shared,
      followPhases: (...args) => this.relayPhases(...args),
    });
    this.agent = new AgentTurnRelay({ ...shared, watcher: this.watcher });
    this.handOff = new SteeringHandOff({
      ...shared,
      watcher: this.watcher,
      agent: this.agent,
      get: id => this.get(id),
    });
    this.shutdown = new ShutdownRecorder({
      store,
      logger,
      work: this.work,
      transcripts: this.transcripts,
    });
  }

  /** Stops this replica's relays and watches and ends what they cut: see `ShutdownRecorder.stop`. */
  async stop(graceMs = 5_000): Promise<void> {
    await this.shutdown.stop(graceMs);
  }

  /** The API Frontend of a cluster (one client per cluster). */
  apiFrontend(cluster: string): ApiFrontendClient {
    return this.connections.client(cluster);
  }

  /** The backend's own credential for a cluster's API Frontend, read afresh each time. */
  serviceCredential(cluster: string): string {
    return this.connections.serviceCredential(cluster);
  }

  private writer(id: string): TranscriptWriter {
    return this.transcripts.writer(id);
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
        await remediationHistory(
          this.options.registry,
          request.cluster,
          request.remediation!,
        ),
      );
      this.watcher.watch(
        id,
        request.cluster,
        request.remediation!,
        request.userToken,
      );
      return { id, joined: false };
    }
    await writer.append('user-message', {
      user: request.user,
      text: request.message!,
    });
    const text = request.remediation
      ? `${request.message} (remediation ${request.remediation})`
      : request.message!;
    this.agent.relay({
      id,
      cluster: request.cluster,
      client,
      userToken: request.userToken,
      text,
      contextId: contextId!,
      remediation: request.remediation,
      from: request.user,
    });
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
    this.agent.relay({
      id,
      cluster: record.cluster,
      client: this.apiFrontend(record.cluster),
      userToken,
      text,
      contextId: record.contextId,
      remediation: record.remediation,
      from: user,
    });
    return { seq };
  }

  /** A person takes a watched remediation over: see `SteeringHandOff.takeOver`. */
  takeOver(
    id: string,
    driver: string,
    userToken?: string,
    message?: string,
  ): Promise<InvestigationRecord> {
    return this.handOff.takeOver(id, driver, userToken, message);
  }

  /** Runs a steering act as part of the investigation: see `SteeringHandOff.act`. */
  act<T>(id: string, work: () => Promise<T>): Promise<T> {
    return this.handOff.act(id, work);
  }

  /** Adds an event to an investigation's transcript (an act recorded by another service). */
  async record<T extends TranscriptEventType>(
    id: string,
    type: T,
    payload: TranscriptEventPayloads[T],
  ): Promise<number> {
    return this.writer(id).append(type, payload);
  }

  /** The phases of a remediation into the investigation's transcript: see `relayPhases`. */
  private relayPhases(
    id: string,
    cluster: string,
    client: ApiFrontendClient,
    credential: () => string,
    remediation: string,
    signal: AbortSignal,
  ): Promise<string | undefined> {
    return relayPhases(
      client,
      credential,
      remediation,
      signal,
      phase => this.writer(id).append('phase', phase),
      error =>
        this.options.logger.debug?.(
          `investigation ${id}: status stream for ${cluster}/${remediation} dropped: ${String(
            error,
          )}`,
        ),
    );
  }

  /** Follows an investigation's transcript for a viewer: see `followTranscript`. */
  subscribe(
    id: string,
    after: number,
    signal: AbortSignal,
    onEvent: (event: InvestigationEvent) => void,
    onRewind: (after: number) => void,
  ): Promise<'ended' | 'interrupted' | 'closed'> {
    return followTranscript(
      {
        store: this.options.store,
        transcripts: this.transcripts,
        isRelaying: relayed => this.work.isRelaying(relayed),
      },
      id,
      after,
      signal,
      onEvent,
      onRewind,
    );
  }

  /** Investigations relayed by this replica right now (for health and tests). */
  get activeRelays(): number {
    return this.work.relayCount;
  }
}
