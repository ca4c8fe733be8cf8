import type { InvestigationStatus } from '../database/InvestigationStore';

/**
 * The turns (and steering acts) running on each investigation here, and how its remediation's
 * watch ended: together they decide which of them ends the investigation.
 */
export class TurnLedger {
  /** Turns of each conversation being relayed here. */
  private readonly turns = new Map<string, number>();
  /** How each followed remediation ended, for a turn that outlives its watch. */
  private readonly watchEndings = new Map<string, InvestigationStatus>();

  constructor(private readonly isWatching: (id: string) => boolean) {}

  begin(id: string): void {
    this.turns.set(id, (this.turns.get(id) ?? 0) + 1);
  }

  inTurn(id: string): boolean {
    return !!this.turns.get(id);
  }

  watchEnded(id: string, status: InvestigationStatus): void {
    this.watchEndings.set(id, status);
  }

  /**
   * Ends one turn (or act) of an investigation. Returns how the investigation ends when nothing
   * else here still works on it: with the remediation its watch followed to the end, else
   * `status` (a turn's own ending); undefined while another turn runs or the watch goes on.
   */
  end(
    id: string,
    status?: InvestigationStatus,
  ): InvestigationStatus | undefined {
    const others = (this.turns.get(id) ?? 1) - 1;
    if (others > 0) this.turns.set(id, others);
    else this.turns.delete(id);
    if (others > 0 || this.isWatching(id)) return undefined;
    return this.watchEndings.get(id) ?? status;
  }
}
