import { ConflictError } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import type {
  InvestigationRecord,
  InvestigationStore,
} from '../database/InvestigationStore';
import type { AgentTurnRelay } from './AgentTurnRelay';
import type { ApiFrontendConnections } from './ApiFrontendConnections';
import type { RemediationWatcher } from './RemediationWatcher';
import type { TranscriptHub } from './TranscriptHub';
import type { TurnLedger } from './TurnLedger';

/** Hands a watched remediation over to the person who steers it, and runs their acts on it. */
export class SteeringHandOff {
  constructor(
    private readonly options: {
      store: InvestigationStore;
      connections: ApiFrontendConnections;
      transcripts: TranscriptHub;
      turns: TurnLedger;
      watcher: RemediationWatcher;
      agent: AgentTurnRelay;
      /** The investigation, or a NotFoundError. */
      get: (id: string) => Promise<InvestigationRecord>;
    },
  ) {}

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
    const { store, connections, transcripts, watcher, agent, get } =
      this.options;
    const record = await get(id);
    const remediation = record.remediation;
    if (!remediation)
      throw new ConflictError('this investigation follows no remediation');
    if (
      !(await store.claimDriver(id, driver, record.contextId ?? randomUUID()))
    )
      throw new ConflictError(
        `someone else took remediation ${remediation} over first`,
      );
    const { contextId } = await get(id);
    await transcripts
      .writer(id)
      .append('taken-over', { user: driver, remediation });
    if (message)
      await transcripts.writer(id).append('user-message', {
        user: driver,
        text: message,
      });
    if (!userToken) connections.serviceCredential(record.cluster);
    watcher.watch(id, record.cluster, remediation, userToken);
    agent.relay({
      id,
      cluster: record.cluster,
      client: connections.client(record.cluster),
      userToken,
      text: `Take over remediation ${remediation}: stop the autonomous run, I will decide what happens next.${
        message ? `\n\n${message}` : ''
      }`,
      contextId: contextId!,
      remediation,
      from: driver,
    });
    return get(id);
  }

  /**
   * Runs an act on the remediation (a steering call) as part of the investigation: a remediation
   * that ends meanwhile ends the investigation only once the act is done and recorded, so its
   * record is never written after viewers were told the investigation ended.
   */
  async act<T>(id: string, work: () => Promise<T>): Promise<T> {
    const { store, transcripts, turns } = this.options;
    turns.begin(id);
    try {
      return await work();
    } finally {
      const ending = turns.end(id);
      if (ending) {
        await store.update(id, { status: ending });
        transcripts.notify(id);
      }
    }
  }
}
