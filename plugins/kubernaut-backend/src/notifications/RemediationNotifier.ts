import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { NotificationPayload } from '@backstage/plugin-notifications-common';
import type {
  ApprovalView,
  FleetChangeEvent,
  RemediationSummary,
} from '@kubernaut/plugin-kubernaut-common';
import type { LedgerKey, NotificationLedger } from './NotificationLedger';
import {
  approvalClosed,
  approvalExpiring,
  approvalRequested,
  manualReview,
  remediationFailed,
  type MessageContext,
  type NotificationEvent,
} from './messages';
import { recipientsFor, type NotificationOptions } from './notificationConfig';

/** What the notifier reads of the fleet: the watch caches, through the cluster registry. */
export interface RemediationSource {
  names(): string[];
  rows(cluster: string): readonly RemediationSummary[];
  row(cluster: string, name: string): RemediationSummary | undefined;
  approval(cluster: string, remediation: string): ApprovalView | undefined;
  remediationOfChange(event: FleetChangeEvent): RemediationSummary | undefined;
  onChange(listener: (event: FleetChangeEvent) => void): () => void;
}

const WATCHED_KINDS = new Set([
  'RemediationRequest',
  'RemediationApprovalRequest',
]);
const keyOf = (row: RemediationSummary) => `${row.cluster}/${row.name}`;
/** The claimed-keys cache is only a shortcut past the database; it is emptied at this size. */
const MAX_REMEMBERED_CLAIMS = 50_000;

/**
 * Tells approvers of new approval requests, warns them before one expires, updates the same
 * notification when it is decided or expires (saying by whom), and tells them of remediations
 * that failed or need manual review. It follows the watch caches, so it sees what the pages see.
 */
export class RemediationNotifier {
  private readonly pending = new Map<
    string,
    { cluster: string; name: string }
  >();
  /** Ledger keys this replica knows were claimed (by it or another), to spare the database. */
  private readonly claimed = new Set<string>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly unwarned = new Set<string>();
  private unsubscribe?: () => void;
  private sweep?: NodeJS.Timeout;
  private lastSendFailureLog = 0;

  constructor(
    private readonly deps: {
      source: RemediationSource;
      notifications: NotificationService;
      ledger: NotificationLedger;
      options: NotificationOptions;
      logger: LoggerService;
      now?: () => number;
      sweepIntervalMs?: number;
    },
  ) {}

  private get now() {
    return (this.deps.now ?? Date.now)();
  }

  start(): void {
    if (!this.deps.options.enabled || this.unsubscribe) return;
    this.unsubscribe = this.deps.source.onChange(event => this.changed(event));
    for (const cluster of this.deps.source.names()) this.scan(cluster);
    this.sweep = setInterval(
      () => this.warnBeforeExpiry(),
      this.deps.sweepIntervalMs ?? 30_000,
    );
    this.sweep.unref?.();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.sweep) clearInterval(this.sweep);
  }

  /** Resolves when every notification started so far has been sent or given up. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.all(this.inFlight.values());
  }

  private changed(event: FleetChangeEvent) {
    if (event.type === 'HEALTH') {
      this.scan(event.cluster);
      return;
    }
    if (!WATCHED_KINDS.has(event.kind)) return;
    const row = this.deps.source.remediationOfChange(event);
    if (row) this.consider(row);
  }

  private scan(cluster: string) {
    for (const row of this.deps.source.rows(cluster)) {
      if (this.isNews(row)) this.consider(row);
    }
  }

  /** Cheap test before any work: rows with nothing to tell are most of a fleet. */
  private isNews(row: RemediationSummary) {
    return (
      row.approval !== undefined ||
      this.pending.has(keyOf(row)) ||
      this.recent(row.completedAt) ||
      (row.approvalDecision !== undefined && this.recentlyDecided(row))
    );
  }

  private recent(time: string | undefined) {
    if (!time) return false;
    const at = Date.parse(time);
    return this.now - at <= this.deps.options.recentOutcomeMs;
  }

  private recentlyDecided(row: RemediationSummary) {
    const approval = this.deps.source.approval(row.cluster, row.name);
    return this.recent(approval?.decidedAt ?? approval?.requiredBy);
  }

  /** One evaluation per remediation at a time; a change during it is looked at afterwards. */
  private consider(row: RemediationSummary) {
    const key = keyOf(row);
    const running = this.inFlight.get(key);
    const next = (running ?? Promise.resolve())
      .then(() => this.evaluate(row.cluster, row.name))
      .catch(error =>
        this.deps.logger.warn(
          `Kubernaut notifications for ${key} failed: ${String(error)}`,
        ),
      )
      .finally(() => {
        if (this.inFlight.get(key) === next) this.inFlight.delete(key);
      });
    this.inFlight.set(key, next);
  }

  private async evaluate(cluster: string, name: string) {
    const row = this.deps.source.row(cluster, name);
    const key = `${cluster}/${name}`;
    if (!row) {
      this.pending.delete(key);
      return;
    }
    const approval = this.deps.source.approval(cluster, name);
    const context = this.context();
    if (row.approval) {
      this.pending.set(key, { cluster, name });
      this.unwarned.add(key);
      await this.tell(row, 'approval-requested', () =>
        approvalRequested(row, approval, context),
      );
      await this.warnIfDue(row, approval);
    } else {
      this.pending.delete(key);
      this.unwarned.delete(key);
      if (
        row.approvalDecision &&
        (await this.wasTold(row, 'approval-requested'))
      )
        await this.tell(row, 'approval-closed', () =>
          approvalClosed(row, approval, context),
        );
    }
    if (!this.recent(row.completedAt)) return;
    if (row.phase === 'Failed' || row.phase === 'TimedOut')
      await this.tell(row, 'remediation-failed', () =>
        remediationFailed(row, context),
      );
    else if (row.outcome === 'ManualReviewRequired' || row.requiresManualReview)
      await this.tell(row, 'manual-review', () => manualReview(row, context));
  }

  private async warnIfDue(row: RemediationSummary, approval?: ApprovalView) {
    const requiredBy = Date.parse(
      approval?.requiredBy ?? row.approval?.requiredBy ?? '',
    );
    if (Number.isNaN(requiredBy)) return;
    const left = requiredBy - this.now;
    if (left <= 0 || left > this.deps.options.expiryWarningMs) return;
    this.unwarned.delete(keyOf(row));
    const context = this.context();
    await this.tell(row, 'approval-expiring', () =>
      approvalExpiring(row, approval, context),
    );
  }

  private warnBeforeExpiry() {
    for (const key of this.unwarned) {
      const { cluster, name } = this.pending.get(key) ?? {};
      if (!cluster || !name) {
        this.unwarned.delete(key);
        continue;
      }
      const row = this.deps.source.row(cluster, name);
      if (row?.approval) this.consider(row);
    }
  }

  private context(): MessageContext {
    return { linkBase: this.deps.options.linkBase, now: this.now };
  }

  private ledgerKey(
    row: RemediationSummary,
    event: NotificationEvent,
  ): LedgerKey {
    return {
      cluster: row.cluster,
      remediation: row.name,
      remediationCreated: row.createdAt,
      event,
    };
  }

  private remember(id: string) {
    if (this.claimed.size >= MAX_REMEMBERED_CLAIMS) this.claimed.clear();
    this.claimed.add(id);
  }

  private async wasTold(row: RemediationSummary, event: NotificationEvent) {
    const key = this.ledgerKey(row, event);
    const id = JSON.stringify(key);
    if (this.claimed.has(id)) return true;
    const told = await this.deps.ledger.has(key);
    if (told) this.remember(id);
    return told;
  }

  private async tell(
    row: RemediationSummary,
    event: NotificationEvent,
    payload: () => NotificationPayload,
  ) {
    const key = this.ledgerKey(row, event);
    const id = JSON.stringify(key);
    if (this.claimed.has(id)) return;
    const recipients = recipientsFor(this.deps.options.rules, row);
    if (recipients.length === 0) return;
    const claimed = await this.deps.ledger.claim(key);
    this.remember(id);
    if (!claimed) return;
    try {
      await this.deps.notifications.send({
        recipients: { type: 'entity', entityRef: recipients },
        payload: payload(),
      });
    } catch (error) {
      this.claimed.delete(id);
      await this.deps.ledger.release(key);
      if (this.now - this.lastSendFailureLog > 60_000) {
        this.lastSendFailureLog = this.now;
        this.deps.logger.warn(
          `Kubernaut could not send a notification (is the notifications backend installed?): ${String(
            error,
          )}`,
        );
      }
    }
  }
}
