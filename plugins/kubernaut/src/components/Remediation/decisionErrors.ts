/** What a person should read when a decision is refused. */
export function explainDecisionError(error: unknown): string {
  const status = (error as { statusCode?: number }).statusCode;
  const message =
    (error as { body?: { error?: { message?: string } } }).body?.error
      ?.message ??
    (error as Error)?.message ??
    String(error);
  switch (status) {
    case 400:
      return `The decision was not valid: ${message}`;
    case 403:
      return `Not allowed: ${message}. Your Backstage permissions or the cluster's RBAC refuse this decision.`;
    case 409:
      return `Not recorded: ${message}. Someone else may have decided first, the request changed, or it expired; the view has been refreshed.`;
    case 503:
      return `The cluster could not be reached, so nothing was written: ${message}. Try again when it is back.`;
    default:
      return `The decision failed: ${message}`;
  }
}
