/** How long an active context lasts after it was set, and how long it may sit idle. */
const MAX_AGE_MS = 2 * 3600_000;
const MAX_IDLE_MS = 10 * 60_000;

/**
 * Each user's active investigation conversation, as API Frontend keeps it
 * (`pkg/apifrontend/launcher/active_context_registry.go`): set when the user's agent starts or
 * takes over an investigation, keyed by username. A message without a contextId is rerouted into
 * it (`launcher/session_interceptor.go`); it expires 2 h after it was set or after 10 min idle.
 */
export class ActiveContexts {
  private readonly byUser = new Map<
    string,
    { contextId: string; setAt: number; usedAt: number }
  >();

  constructor(private readonly now: () => number = Date.now) {}

  set(username: string, contextId: string): void {
    const at = this.now();
    this.byUser.set(username, { contextId, setAt: at, usedAt: at });
  }

  /** The user's live active context (touching it), if any. */
  get(username: string): string | undefined {
    const entry = this.byUser.get(username);
    if (!entry) return undefined;
    const at = this.now();
    if (at - entry.setAt > MAX_AGE_MS || at - entry.usedAt > MAX_IDLE_MS) {
      this.byUser.delete(username);
      return undefined;
    }
    entry.usedAt = at;
    return entry.contextId;
  }

  clear(username: string): void {
    this.byUser.delete(username);
  }
}
