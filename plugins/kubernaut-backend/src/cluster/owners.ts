import { asObject, asString } from './readers';

/**
 * The RemediationRequest an object belongs to, as Kubernaut links it: the controller
 * ownerReference the Remediation Orchestrator sets on every child
 * (`controllerutil.SetControllerReference(rr, child)` in `pkg/remediationorchestrator/creator/*`),
 * else `spec.remediationRequestRef` (SignalProcessing, AIAnalysis, RemediationApprovalRequest,
 * WorkflowExecution, NotificationRequest), else an EffectivenessAssessment's
 * `spec.correlationID` (the RR's name, `creator/effectivenessassessment.go`). Never the name.
 */
export function owningRemediation(object: unknown): string | undefined {
  const metadata = asObject(asObject(object).metadata);
  const references = Array.isArray(metadata.ownerReferences)
    ? metadata.ownerReferences.map(asObject)
    : [];
  const owner =
    references.find(
      r => r.kind === 'RemediationRequest' && r.controller === true,
    ) ?? references.find(r => r.kind === 'RemediationRequest');
  const spec = asObject(asObject(object).spec);
  return (
    asString(owner?.name) ??
    asString(asObject(spec.remediationRequestRef).name) ??
    asString(spec.correlationID)
  );
}

/**
 * Which remediation each cached child belongs to, per kind, so that a change to a child is shown
 * only to whoever may see its remediation. An entry outlives its object's deletion until the
 * deletion has been announced, so the DELETED event can be judged too.
 */
export class OwnerIndex {
  private readonly byKind = new Map<string, Map<string, string>>();

  /**
   * @param shared - the copy of a remediation name the cache already holds, so that the index
   *   adds no string of its own for remediations that are cached
   */
  constructor(private readonly shared: (name: string) => string = n => n) {}

  /** Wraps a reflector's projection so that every object it keeps is indexed. */
  indexing<T>(
    kind: string,
    project: (object: any) => T | undefined,
  ): (object: any) => T | undefined {
    const owners = new Map<string, string>();
    this.byKind.set(kind, owners);
    return object => {
      const item = project(object);
      const name = asString(asObject(asObject(object).metadata).name);
      if (item === undefined || !name) return item;
      const owner = owningRemediation(object);
      if (owner) owners.set(name, this.shared(owner));
      else owners.delete(name);
      return item;
    };
  }

  /** The remediation of a child, or undefined when the kind is not indexed or has no owner. */
  ownerOf(kind: string, name: string): string | undefined {
    return this.byKind.get(kind)?.get(name);
  }

  forget(kind: string, name: string): void {
    this.byKind.get(kind)?.delete(name);
  }
}
