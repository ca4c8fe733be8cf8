import type { Config } from '@backstage/config';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';

/**
 * How a Backstage user becomes a Kubernetes username by default: the entity's namespace is part
 * of it (`user:a/alice` and `user:b/alice` are two people) and the `backstage:` prefix keeps every
 * mapped user out of the cluster's own names (`kubernetes-admin`, `system:…`).
 */
export const DEFAULT_USERNAME_TEMPLATE = 'backstage:{{namespace}}:{{name}}';

/** Names a cluster gives its own identities; nobody is impersonated as them. */
const RESERVED_USERNAMES = new Set([
  'admin',
  'kubernetes-admin',
  'cluster-admin',
  'root',
]);
const RESERVED_PREFIXES = ['system:', 'kube-', 'oidc:'];

export function readUsernameTemplate(config: Config): string {
  const template =
    config.getOptionalString('kubernaut.userMapping.usernameTemplate') ??
    DEFAULT_USERNAME_TEMPLATE;
  if (!/\{\{\s*(name|entityRef)\s*\}\}/.test(template))
    throw new InputError(
      'kubernaut.userMapping.usernameTemplate must contain {{name}} or {{entityRef}}; otherwise every user would be one Kubernetes user',
    );
  return template;
}

function refuse(userEntityRef: string, why: string): never {
  throw new NotAllowedError(
    `${userEntityRef} cannot act in a cluster by impersonation: ${why}`,
  );
}

/**
 * The Kubernetes username a Backstage user is impersonated as. Refuses (403) a user whose name
 * parts would change the template's shape (a `:` in them) and any result that is, or looks like,
 * one of the cluster's own identities, whatever template is configured.
 */
export function kubernetesUsername(
  userEntityRef: string,
  template: string = DEFAULT_USERNAME_TEMPLATE,
): string {
  const ref = parseEntityRef(userEntityRef);
  if ([ref.kind, ref.namespace, ref.name].some(part => part.includes(':')))
    refuse(userEntityRef, 'its reference contains ":"');
  const username = template
    .replace(/\{\{\s*name\s*\}\}/g, ref.name)
    .replace(/\{\{\s*namespace\s*\}\}/g, ref.namespace)
    .replace(/\{\{\s*kind\s*\}\}/g, ref.kind)
    .replace(/\{\{\s*entityRef\s*\}\}/g, userEntityRef)
    .trim();
  const lower = username.toLowerCase();
  if (!username) refuse(userEntityRef, 'the username template gives nothing');
  if (
    RESERVED_USERNAMES.has(lower) ||
    RESERVED_PREFIXES.some(prefix => lower.startsWith(prefix))
  )
    refuse(userEntityRef, `"${username}" is a name the cluster reserves`);
  return username;
}
