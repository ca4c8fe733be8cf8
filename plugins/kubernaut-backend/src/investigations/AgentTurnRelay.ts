import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  StreamDroppedError,
  type ApiFrontendClient,
} from '../clients/ApiFrontendClient';
import type { InvestigationStore } from '../database/InvestigationStore';
import type { ApiFrontendConnections } from './ApiFrontendConnections';
import { A2AEventTranslator } from './events/a2aEvents';
import type { RemediationWatcher } from './RemediationWatcher';
import type { ReplicaWork } from './ReplicaWork';
import type { TranscriptHub } from './TranscriptHub';
import type { TurnLedger } from './TurnLedger';

/** A2A message metadata naming the Backstage user a service-credential message is sent for. */
export const ON_BEHALF_OF_METADATA = 'backstage.io/on-behalf-of';

const INTERRUPTED_MESSAGE =
  'The connection to API Frontend dropped before the agent finished. The question was not ' +
  'sent again, because that would race the investigation still running in Kubernaut; ' +
  'ask a follow-up to continue the conversation.';

function finalStatus(
  state: string | undefined,
): 'completed' | 'failed' | 'canceled' {
  if (state === 'failed') return 'failed';
  return state === 'canceled' ? 'canceled' : 'completed';
}

/** One question to the agent, in an investigation's conversation. */
export interface AgentTurn {
  id: string;
  cluster: string;
  client: ApiFrontendClient;
  /** A token API Frontend trusts for the asker, when Backstage has one; else the service credential. */
  userToken: string | undefined;
  text: string;
  contextId: string;
  remediation: string | undefined;
  /** Who asks: credited in the message when it goes with the service credential. */
  from: string;
}

/** Relays the agent's A2A answer to one turn into the investigation's transcript. */
export class AgentTurnRelay {
  constructor(
    private readonly options: {
      store: InvestigationStore;
      logger: LoggerService;
      connections: ApiFrontendConnections;
      transcripts: TranscriptHub;
      work: ReplicaWork;
      turns: TurnLedger;
      watcher: RemediationWatcher;
    },
  ) {}

  relay(turn: AgentTurn): void {
    const { id, cluster, client, userToken, text, contextId, from } = turn;
    const { store, logger, connections, transcripts, work, turns, watcher } =
      this.options;
    const { controller, done } = work.startRelay(id);
    turns.begin(id);
    const writer = transcripts.writer(id);
    const heartbeat = work.heartbeat(id, controller.signal);
    // A turn ends the investigation only when nothing else here follows the remediation;
    // otherwise the status stream carries on and ends it with the remediation.
    const finish = async (
      status: 'completed' | 'failed' | 'canceled' | 'interrupted' | undefined,
    ) => {
      clearInterval(heartbeat);
      done();
      const ending = turns.end(id, status);
      if (ending) await store.update(id, { status: ending });
      else await store.update(id, {});
      transcripts.notify(id);
    };

    work.track(
      (async () => {
        let linkedRemediation = turn.remediation;
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
            userToken ?? connections.serviceCredential(cluster),
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
              await store.update(id, { remediation: rr });
            }
            if (linkedRemediation)
              watcher.watch(id, cluster, linkedRemediation, userToken);
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
          if (work.isStopped || controller.signal.aborted) {
            await finish(undefined).catch(() => undefined);
            return;
          }
          const message =
            error instanceof Error ? error.message : String(error);
          if (error instanceof StreamDroppedError) {
            // Never re-sent: a2a dedupes on task id only, so a resend races the running agent (kubernaut#2096).
            logger.warn(`investigation ${id}: ${message}`);
            await writer
              .append('interrupted', {
                message: INTERRUPTED_MESSAGE,
                cause: message,
              })
              .catch(() => undefined);
            await finish('interrupted').catch(() => undefined);
            return;
          }
          logger.warn(`investigation ${id}: ${message}`);
          await writer.append('error', { message }).catch(() => undefined);
          await finish('failed').catch(() => undefined);
        } finally {
          controller.abort();
        }
      })(),
    );
  }
}
