import type { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { isResourcePermission } from '@backstage/plugin-permission-common';
import { kubernautPermissions } from '@kubernaut/plugin-kubernaut-common';

/**
 * One line of the Kubernaut policy: these people (users or groups) hold these permissions, on
 * remediations matching every scope given (none: everywhere).
 */
export interface KubernautGrant {
  who: string[];
  permissions: string[];
  clusters?: string[];
  environments?: string[];
  namespaces?: string[];
  severities?: string[];
}

const KEY = 'permission.kubernaut.grants';
const byName = new Map(kubernautPermissions.map(p => [p.name, p]));

/** `kubernaut.*` and `kubernaut.remediation.*` name several permissions at once. */
function expand(pattern: string, index: number): string[] {
  if (!pattern.endsWith('*')) {
    if (!byName.has(pattern))
      throw new Error(
        `${KEY}[${index}]: unknown permission "${pattern}" (known: ${[
          ...byName.keys(),
        ].join(', ')})`,
      );
    return [pattern];
  }
  const prefix = pattern.slice(0, -1);
  const names = [...byName.keys()].filter(name => name.startsWith(prefix));
  if (!names.length)
    throw new Error(`${KEY}[${index}]: "${pattern}" names no permission`);
  return names;
}

function userOrGroup(ref: string, index: number): string {
  let parsed;
  try {
    parsed = parseEntityRef(ref);
  } catch {
    parsed = undefined;
  }
  if (
    !parsed ||
    !['user', 'group'].includes(parsed.kind.toLocaleLowerCase('en-US'))
  )
    throw new Error(
      `${KEY}[${index}].who: "${ref}" is not a user or group entity ref (group:default/sre)`,
    );
  return stringifyEntityRef(parsed);
}

const scoped = (grant: KubernautGrant) =>
  [grant.clusters, grant.environments, grant.namespaces, grant.severities].some(
    list => list !== undefined,
  );

/**
 * Reads the grants and refuses what would not mean what it says: an unknown permission, a
 * reference that is not a user or group, or a scope on a permission that has no remediation to
 * judge (overriding a workflow, starting an investigation, reading the audit trail or catalog).
 */
export function readKubernautGrants(config: Config): KubernautGrant[] {
  return (config.getOptionalConfigArray(KEY) ?? []).map((entry, index) => {
    const grant: KubernautGrant = {
      who: entry.getStringArray('who').map(ref => userOrGroup(ref, index)),
      permissions: entry
        .getStringArray('permissions')
        .flatMap(pattern => expand(pattern, index)),
      clusters: entry.getOptionalStringArray('clusters'),
      environments: entry.getOptionalStringArray('environments'),
      namespaces: entry.getOptionalStringArray('namespaces'),
      severities: entry.getOptionalStringArray('severities'),
    };
    if (scoped(grant)) {
      const unscopable = grant.permissions.filter(
        name => !isResourcePermission(byName.get(name)!),
      );
      if (unscopable.length)
        throw new Error(
          `${KEY}[${index}]: ${unscopable.join(
            ', ',
          )} cannot be limited to clusters, environments, namespaces or severities; grant it in an entry of its own`,
        );
    }
    return grant;
  });
}

export { scoped as isScopedGrant };
