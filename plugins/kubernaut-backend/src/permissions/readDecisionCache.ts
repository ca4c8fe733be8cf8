import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  kubernautAuditReadPermission,
  kubernautRemediationReadPermission,
  kubernautWorkflowReadPermission,
} from '@kubernaut/plugin-kubernaut-common';

/** Permissions whose decision only decides what a person may read. */
const READ_PERMISSIONS = new Set([
  kubernautRemediationReadPermission.name,
  kubernautAuditReadPermission.name,
  kubernautWorkflowReadPermission.name,
]);

export interface ReadDecisionCacheOptions {
  /** How long a decision is reused; a policy change reaches reads this much later at most. */
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/**
 * Reuses the permission policy's answer to "what may this person read" for a few seconds, per
 * person and sign-in: every list, count, stream and detail asks it, and its round trip is most of
 * a read's cost. Only the read permissions listed above are cached, only without a resource, and
 * never past the credentials' expiry; deciding, overriding, cancelling, steering and starting
 * investigations always ask the policy.
 */
export function cacheReadDecisions(
  permissions: PermissionsService,
  options: ReadDecisionCacheOptions = {},
): PermissionsService {
  const ttlMs = options.ttlMs ?? 10_000;
  const maxEntries = options.maxEntries ?? 5_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { until: number; answer: Promise<any> }>();

  const personKey = (credentials: BackstageCredentials) => {
    const principal = credentials.principal as {
      type?: string;
      userEntityRef?: string;
      subject?: string;
    };
    if (principal.type === 'user')
      return `user|${principal.userEntityRef}|${
        credentials.expiresAt?.getTime() ?? ''
      }`;
    if (principal.type === 'service') return `service|${principal.subject}`;
    return undefined;
  };

  const cached = <R>(
    method: 'authorize' | 'authorizeConditional',
    requests: Array<{ permission: { name: string }; resourceRef?: unknown }>,
    credentials: BackstageCredentials,
    ask: () => Promise<R[]>,
  ): Promise<R[]> => {
    const person = personKey(credentials);
    const cacheable =
      person !== undefined &&
      requests.every(
        r => READ_PERMISSIONS.has(r.permission.name) && !r.resourceRef,
      );
    if (!cacheable) return ask();
    const key = `${method}|${person}|${requests
      .map(r => r.permission.name)
      .join(',')}`;
    const at = now();
    const hit = cache.get(key);
    if (hit && hit.until > at) return hit.answer;
    const expiry = credentials.expiresAt?.getTime() ?? Infinity;
    const answer = ask();
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!);
    cache.set(key, { until: Math.min(at + ttlMs, expiry), answer });
    // A failed answer is not kept: the next read asks again.
    answer.catch(() => {
      if (cache.get(key)?.answer === answer) cache.delete(key);
    });
    return answer;
  };

  return {
    authorize: (requests, opts) =>
      cached('authorize', requests, opts.credentials, () =>
        permissions.authorize(requests, opts),
      ),
    authorizeConditional: (requests, opts) =>
      cached('authorizeConditional', requests, opts.credentials, () =>
        permissions.authorizeConditional(requests, opts),
      ),
  };
}
