import type { Entity } from '@backstage/catalog-model';
import {
  formatTargetPattern,
  parseTargetPatterns,
  type TargetPattern,
} from '@kubernaut/plugin-kubernaut-common';

/**
 * Annotation naming the Kubernetes resources an entity's remediations target.
 *
 * @public
 */
export const KUBERNAUT_TARGET_ANNOTATION = 'kubernaut.ai/target';
/**
 * Annotation pinning an entity to one cluster; without it, an investigation's description decides.
 *
 * @public
 */
export const KUBERNAUT_CLUSTER_ANNOTATION = 'kubernaut.ai/cluster';
/**
 * The Kubernetes plugin's convention: workloads carry this label with the entity's id.
 *
 * @public
 */
export const KUBERNETES_ID_ANNOTATION = 'backstage.io/kubernetes-id';

/**
 * One `[namespace/][Kind/]name` pattern of the `kubernaut.ai/target` annotation.
 *
 * @public
 */
export type KubernautTargetPattern = TargetPattern;

/**
 * The Kubernetes resources a catalog entity claims as its own.
 *
 * @public
 */
export interface KubernautEntityTargets {
  /** Value of `backstage.io/kubernetes-id`, matched against workload names. */
  kubernetesId?: string;
  /** Patterns from `kubernaut.ai/target`. */
  targets: KubernautTargetPattern[];
}

/**
 * Parses `kubernaut.ai/target`: a comma-separated list of `[namespace/][Kind/]name`.
 * Entries that are not valid Kubernetes references are ignored rather than guessed at.
 *
 * @public
 */
export const parseTargetAnnotation = parseTargetPatterns;

/**
 * What an entity declares about its Kubernaut targets.
 *
 * @public
 */
export function getKubernautEntityTargets(
  entity: Entity,
): KubernautEntityTargets {
  const annotations = entity.metadata.annotations ?? {};
  const kubernetesId = annotations[KUBERNETES_ID_ANNOTATION]?.trim();
  const targetAnnotation = annotations[KUBERNAUT_TARGET_ANNOTATION];
  return {
    kubernetesId: kubernetesId || undefined,
    targets: targetAnnotation ? parseTargetAnnotation(targetAnnotation) : [],
  };
}

/** The `target=` patterns of the remediations that belong to an entity. */
export function entityTargetQuery(targets: KubernautEntityTargets): string[] {
  return [
    ...(targets.kubernetesId ? [targets.kubernetesId] : []),
    ...targets.targets.map(formatTargetPattern),
  ];
}

/**
 * True when the entity says which Kubernetes resources are its own.
 *
 * @public
 */
export function isKubernautAvailable(entity: Entity): boolean {
  const { kubernetesId, targets } = getKubernautEntityTargets(entity);
  return Boolean(kubernetesId) || targets.length > 0;
}
