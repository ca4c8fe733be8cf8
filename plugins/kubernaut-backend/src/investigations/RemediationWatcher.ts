import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ApiFrontendClient } from '../clients/ApiFrontendClient';
import type {
  InvestigationStatus,
  InvestigationStore,
} from '../database/InvestigationStore';
import type { ApiFrontendConnections } from './ApiFrontendConnections';
import type { ReplicaWork } from './ReplicaWork';
import type { TranscriptHub } from './TranscriptHub';
import type { TurnLedger } from './TurnLedger';

/** How an investigation ends when the remediation it follows reaches a final phase. */
function statusOfPhase(phase: string): InvestigationStatus {
  if (phase === 'Failed' || phase === 'TimedOut') return 'failed';
  if (phase === 'Cancelled') return 'canceled';
  return 'completed';
}

/** Follows the phases of a remediation into the transcript; returns the final phase (see `relayPhases`). */
export type PhaseFollower = (
  id: string,
  cluster: string,
  client: ApiFrontendClient,
  credential: () => string,
  remediation: string,
  signal: AbortSignal,
) => Promise<string | undefined>;

/** Follows the remediation of an investigation until it ends, and ends the investigation with it. */
export class RemediationWatcher {
  constructor(
    private readonly options: {
      store: InvestigationStore;
      logger: LoggerService;
      connections: ApiFrontendConnections;
      transcripts: TranscriptHub;
      work: ReplicaWork;
      turns: TurnLedger;
      followPhases: PhaseFollower;
    },
  ) {}

  /**
   * Follows a remediation on the status stream until it ends; the investigation ends with it,
   * with the remediation's outcome, unless a turn of the conversation is still running here.
   */
  watch(
    id: string,
    cluster: string,
    remediation: string,
    userToken: string | undefined,
  ): void {
    const { store, logger, connections, transcripts, work, turns } =
      this.options;
    const controller = work.startWatch(id);
    if (!controller) return;
    const heartbeat = work.heartbeat(id, controller.signal);
    work.track(
      (async () => {
        try {
          const ending = await this.options.followPhases(
            id,
            cluster,
            connections.client(cluster),
            userToken
              ? () => userToken
              : () => connections.serviceCredential(cluster),
            remediation,
            controller.signal,
          );
          if (controller.signal.aborted) return;
          const status = ending ? statusOfPhase(ending) : 'failed';
          if (!ending)
            await transcripts
              .writer(id)
              .append('error', {
                message: `API Frontend does not know remediation ${remediation}; its progress cannot be followed`,
              })
              .catch(() => undefined);
          turns.watchEnded(id, status);
          if (!turns.inTurn(id)) {
            await store.update(id, { status });
            transcripts.notify(id);
          }
        } catch (error) {
          logger.warn(`investigation ${id}: watch failed: ${error}`);
        } finally {
          clearInterval(heartbeat);
          work.endWatch(id);
        }
      })(),
    );
  }
}
