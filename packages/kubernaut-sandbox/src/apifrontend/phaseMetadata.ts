import type { KubeObject } from '../kube/ObjectStore';

export const TERMINAL_PHASES = [
  'Completed',
  'Failed',
  'TimedOut',
  'Skipped',
  'Cancelled',
];

export function isTerminalPhase(phase: string): boolean {
  return TERMINAL_PHASES.includes(phase);
}

type Status = Record<string, unknown>;

function statusOf(object: KubeObject | undefined): Status {
  return (object?.status ?? {}) as Status;
}

/** Reads a leaf from either status layout (main/v1.6 nests it in a sub-object, v1.5 keeps it flat). */
export function leaf(status: Status, group: string, key: string): unknown {
  const nested = status[group] as Status | undefined;
  return nested?.[key] ?? status[key];
}

export function phaseOf(rr: KubeObject): string {
  const phase = statusOf(rr).overallPhase;
  return typeof phase === 'string' ? phase : '';
}

/** Sets `key` only for a non-empty value, as Go's builder skips empty fields. */
function put(meta: Record<string, unknown>, key: string, value: unknown) {
  if (value !== undefined && value !== null && value !== '') meta[key] = value;
}

/** `<Kind>/<name>`, Kubernaut's `FormatResourceDisplay`. */
function display(kind?: string, name?: string): string {
  if (!kind && !name) return '';
  if (!kind) return name ?? '';
  return name ? `${kind}/${name}` : kind;
}

/**
 * The `metadata` of a `status/update` frame (upstream `handler/status_types.go`
 * `BuildPhaseMetadata`): the RR's identity in every phase, then what the current phase adds.
 * `ea` is the EffectivenessAssessment, read only while Verifying.
 */
export function buildPhaseMetadata(
  rr: KubeObject,
  ea: KubeObject | undefined,
): Record<string, unknown> {
  const status = statusOf(rr);
  const spec = (rr.spec ?? {}) as {
    targetResource?: { kind?: string; name?: string; namespace?: string };
    signalName?: string;
  };
  const target = spec.targetResource ?? {};
  const meta: Record<string, unknown> = {};
  put(meta, 'namespace', target.namespace);
  put(meta, 'target', display(target.kind, target.name));
  put(meta, 'kind', target.kind);
  put(meta, 'alert_name', spec.signalName);
  switch (phaseOf(rr)) {
    case 'Executing': {
      const workflow = leaf(
        status,
        'workflowSelection',
        'selectedWorkflowRef',
      ) as { workflowId?: string } | undefined;
      if (workflow) meta.workflow_id = workflow.workflowId ?? '';
      put(
        meta,
        'started_at',
        leaf(status, 'phaseProgress', 'executingStartTime'),
      );
      break;
    }
    case 'Verifying': {
      put(
        meta,
        'verification_deadline',
        leaf(status, 'phaseProgress', 'verificationDeadline'),
      );
      put(
        meta,
        'started_at',
        leaf(status, 'phaseProgress', 'executingStartTime'),
      );
      if (ea) {
        const eaStatus = statusOf(ea);
        meta.ea_phase = eaStatus.phase ?? '';
        put(meta, 'stabilization_deadline', stabilizationDeadline(ea));
      }
      break;
    }
    case 'Blocked':
      put(meta, 'blocked_until', leaf(status, 'routingStatus', 'blockedUntil'));
      put(meta, 'block_reason', leaf(status, 'routingStatus', 'blockReason'));
      put(meta, 'block_message', leaf(status, 'routingStatus', 'blockMessage'));
      break;
    case 'AwaitingApproval':
      meta.approval_request_name = `rar-${rr.metadata.name}`;
      break;
    case 'Completed':
      put(meta, 'outcome', leaf(status, 'completionStatus', 'outcome'));
      break;
    case 'Failed':
      put(
        meta,
        'failure_reason',
        leaf(status, 'completionStatus', 'failureReason'),
      );
      put(
        meta,
        'failure_phase',
        leaf(status, 'completionStatus', 'failurePhase'),
      );
      break;
    case 'TimedOut':
      put(
        meta,
        'failure_phase',
        leaf(status, 'completionStatus', 'timeoutPhase'),
      );
      break;
    case 'Skipped':
      put(meta, 'skip_reason', leaf(status, 'routingStatus', 'skipReason'));
      break;
    default:
      break;
  }
  return meta;
}

/**
 * The EA's `status.prometheusCheckAfter`, which the EffectivenessMonitor sets to the creation
 * time plus the stabilization window. The sandbox's scenario engine does not write it, so it
 * is derived the same way from `spec.config.stabilizationWindow` when absent.
 */
function stabilizationDeadline(ea: KubeObject): string | undefined {
  const written = statusOf(ea).prometheusCheckAfter;
  if (typeof written === 'string' && written) return written;
  const window = (ea.spec as { config?: { stabilizationWindow?: string } })
    ?.config?.stabilizationWindow;
  const created = Date.parse(ea.metadata.creationTimestamp);
  const seconds = window ? goDurationSeconds(window) : undefined;
  if (seconds === undefined || Number.isNaN(created)) return undefined;
  return new Date(created + seconds * 1000)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z');
}

/** Seconds of a Go duration such as `120s`, `5m0s` or `1h30m`. */
export function goDurationSeconds(text: string): number | undefined {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|m|s)/g)];
  if (parts.length === 0 || parts.map(p => p[0]).join('') !== text)
    return undefined;
  const unit = { h: 3600, m: 60, s: 1 } as const;
  return parts.reduce(
    (sum, [, value, u]) => sum + Number(value) * unit[u as 'h' | 'm' | 's'],
    0,
  );
}
