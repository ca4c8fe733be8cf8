import { type Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { durationToMilliseconds } from '@backstage/types';
import type { RemediationSummary } from '@kubernaut/plugin-kubernaut-common';

/**
 * Who hears of a remediation in a scope. The permission framework answers "may this person
 * decide?", never "who may decide?", so the people are configured here, next to the policy
 * that lets them decide; the decision panel the link opens still checks the policy.
 */
export interface RecipientRule {
  clusters?: string[];
  namespaces?: string[];
  environments?: string[];
  /** User or group entity refs. */
  recipients: string[];
}

export interface NotificationOptions {
  enabled: boolean;
  /** Where the app mounts the Kubernaut page; the start of every link. */
  linkBase: string;
  /** How long before an approval request expires its approvers are warned. */
  expiryWarningMs: number;
  /** Failures and manual reviews that ended longer ago than this when first seen are not announced. */
  recentOutcomeMs: number;
  rules: RecipientRule[];
}

const KEY = 'kubernaut.notifications';

function readDuration(
  config: Config | undefined,
  key: string,
  fallback: number,
) {
  if (!config?.has(key)) return fallback;
  const ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
  if (!(ms > 0))
    throw new InputError(`${KEY}.${key} must be a positive duration`);
  return ms;
}

function readRule(config: Config, index: number): RecipientRule {
  const recipients = config.getStringArray('recipients').map(ref => {
    try {
      const parsed = parseEntityRef(ref);
      if (!['user', 'group'].includes(parsed.kind.toLocaleLowerCase('en-US')))
        throw new Error('not a user or group');
      return stringifyEntityRef(parsed);
    } catch {
      throw new InputError(
        `${KEY}.approvers[${index}].recipients: "${ref}" is not a user or group entity ref (user:default/alice, group:default/sre)`,
      );
    }
  });
  return {
    clusters: config.getOptionalStringArray('clusters'),
    namespaces: config.getOptionalStringArray('namespaces'),
    environments: config.getOptionalStringArray('environments'),
    recipients,
  };
}

export function readNotificationOptions(config: Config): NotificationOptions {
  const section = config.getOptionalConfig(KEY);
  return {
    enabled: section?.getOptionalBoolean('enabled') ?? true,
    linkBase: section?.getOptionalString('linkBase') ?? '/kubernaut',
    expiryWarningMs: readDuration(section, 'expiryWarning', 5 * 60_000),
    recentOutcomeMs: readDuration(section, 'recentOutcomes', 60 * 60_000),
    rules: (section?.getOptionalConfigArray('approvers') ?? []).map(readRule),
  };
}

const matches = (allowed: string[] | undefined, value: string | undefined) =>
  !allowed || (value !== undefined && allowed.includes(value));

/** Everyone every matching rule names, once. */
export function recipientsFor(
  rules: RecipientRule[],
  row: Pick<RemediationSummary, 'cluster' | 'namespace' | 'environment'>,
): string[] {
  const refs = new Set<string>();
  for (const rule of rules) {
    if (
      matches(rule.clusters, row.cluster) &&
      matches(rule.namespaces, row.namespace) &&
      matches(rule.environments, row.environment)
    )
      rule.recipients.forEach(ref => refs.add(ref));
  }
  return [...refs];
}
