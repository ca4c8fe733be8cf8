import type { ResourceRef } from './api';

/**
 * One resource pattern a catalog entity claims; missing parts match anything.
 *
 * @public
 */
export interface TargetPattern {
  namespace?: string;
  kind?: string;
  name: string;
}

const KUBERNETES_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

/**
 * Parses one `[namespace/][Kind/]name` reference; undefined when it is not a valid Kubernetes
 * reference (nothing is guessed).
 *
 * @public
 */
export function parseTargetPattern(value: string): TargetPattern | undefined {
  const parts = value.trim().split('/');
  if (parts.some(p => p === '') || parts.length > 3) return undefined;
  const name = parts[parts.length - 1];
  if (!KUBERNETES_NAME.test(name)) return undefined;
  if (parts.length === 1) return { name };
  if (parts.length === 3) {
    const [namespace, kind] = parts;
    return KUBERNETES_NAME.test(namespace) && KIND.test(kind)
      ? { namespace, kind, name }
      : undefined;
  }
  const first = parts[0];
  if (KIND.test(first)) return { kind: first, name };
  return KUBERNETES_NAME.test(first) ? { namespace: first, name } : undefined;
}

/**
 * Parses a comma-separated list of patterns, dropping invalid entries.
 *
 * @public
 */
export function parseTargetPatterns(value: string): TargetPattern[] {
  return value
    .split(',')
    .map(parseTargetPattern)
    .filter((p): p is TargetPattern => p !== undefined);
}

/**
 * Writes a pattern back in the `[namespace/][Kind/]name` form.
 *
 * @public
 */
export function formatTargetPattern(pattern: TargetPattern): string {
  return [pattern.namespace, pattern.kind, pattern.name]
    .filter(Boolean)
    .join('/');
}

/**
 * True when a Kubernetes object is the one a target pattern names.
 *
 * @public
 */
export function matchesTarget(
  pattern: TargetPattern,
  ref: ResourceRef | undefined,
): boolean {
  if (!ref || ref.name !== pattern.name) return false;
  if (pattern.kind && ref.kind !== pattern.kind) return false;
  return !pattern.namespace || ref.namespace === pattern.namespace;
}
