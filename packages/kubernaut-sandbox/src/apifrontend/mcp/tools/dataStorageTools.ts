import type { AuditEvent } from '../../../datastorage/AuditLog';
import { rfc3339 } from '../../responses';
import { str, type McpToolDefinition } from '../McpTool';
import { optional, string, struct } from '../schema';

/** The lifecycle order of audit phases (upstream `tools/audit_phase_mapping.go`). */
const PHASE_ORDER = [
  'Signal Processing',
  'Triage',
  'RR Creation',
  'Investigation',
  'Workflow Discovery',
  'Approval',
  'Execution',
  'Effectiveness',
  'Other',
];

/** Exact event types first, then dot-ended prefixes, longest first. */
const EXACT: Record<string, string> = {
  'orchestrator.lifecycle.started': 'RR Creation',
  'orchestrator.lifecycle.created': 'RR Creation',
  'orchestrator.lifecycle.completed': 'Execution',
  'orchestrator.lifecycle.failed': 'Execution',
  'apifrontend.user.decision': 'Approval',
};
const PREFIXES: Record<string, string> = {
  'gateway.signal.': 'Signal Processing',
  'signalprocessing.': 'Signal Processing',
  'apifrontend.triage.': 'Triage',
  'apifrontend.severity_triage.': 'Triage',
  'gateway.crd.': 'RR Creation',
  'apifrontend.rr.': 'RR Creation',
  'aiagent.session.': 'Investigation',
  'aiagent.rca.': 'Investigation',
  'aiagent.llm.': 'Investigation',
  'aiagent.response.': 'Investigation',
  'aianalysis.': 'Investigation',
  'workflow.catalog.': 'Workflow Discovery',
  'workflowexecution.selection.': 'Workflow Discovery',
  'aiagent.workflow.': 'Workflow Discovery',
  'orchestrator.approval.': 'Approval',
  'workflowexecution.workflow.': 'Execution',
  'workflowexecution.execution.': 'Execution',
  'effectiveness.': 'Effectiveness',
};

export function auditPhase(eventType: string): string {
  if (EXACT[eventType]) return EXACT[eventType];
  for (let i = eventType.length - 1; i >= 0; i--) {
    if (eventType[i] === '.' && PREFIXES[eventType.slice(0, i + 1)])
      return PREFIXES[eventType.slice(0, i + 1)];
  }
  return 'Other';
}

const MAX_KEY_ACTIONS = 1024;

function keyActions(actions: string[]): string {
  const joined = actions.join('; ');
  if (joined.length <= MAX_KEY_ACTIONS) return joined;
  let size = 0;
  let included = 0;
  for (const [i, action] of actions.entries()) {
    const need = action.length + (i > 0 ? 2 : 0);
    if (size + need > MAX_KEY_ACTIONS) break;
    size += need;
    included++;
  }
  included = Math.max(1, included);
  const rest = actions.length - included;
  return `${actions.slice(0, included).join('; ')}${
    rest > 0 ? `... and ${rest} more actions` : ''
  }`;
}

/** Upstream `aggregateByPhase` (`tools/ds_tools.go`): Data Storage events grouped by lifecycle phase. */
export function aggregateByPhase(events: AuditEvent[]) {
  if (events.length === 0)
    return { lifecycle: '', phases: null, total_events: 0 };
  const groups = new Map<
    string,
    {
      start: string;
      end: string;
      count: number;
      actors: Set<string>;
      actions: string[];
    }
  >();
  for (const event of events) {
    const phase = auditPhase(event.event_type);
    const at = rfc3339(new Date(event.event_timestamp));
    let group = groups.get(phase);
    if (!group)
      groups.set(
        phase,
        (group = {
          start: at,
          end: at,
          count: 0,
          actors: new Set(),
          actions: [],
        }),
      );
    group.count++;
    if (at < group.start) group.start = at;
    if (at > group.end) group.end = at;
    if (event.actor_id) group.actors.add(event.actor_id);
    group.actions.push(event.event_action || event.event_type);
  }
  const phases = PHASE_ORDER.filter(name => groups.has(name)).map(name => {
    const group = groups.get(name)!;
    const actor = [...group.actors].sort().join(', ');
    return {
      phase: name,
      start_time: group.start,
      end_time: group.end,
      event_count: group.count,
      key_actions: keyActions(group.actions),
      ...(actor ? { actor } : {}),
    };
  });
  return {
    lifecycle: phases.map(p => p.phase).join(' -> '),
    phases,
    total_events: events.length,
  };
}

export const getAuditTrail: McpToolDefinition = {
  name: 'kubernaut_get_audit_trail',
  description: 'Get audit trail for remediations',
  inputSchema: struct({ rr_id: string(), event_type: optional(string()) }),
  handler(args, ctx) {
    return aggregateByPhase(
      ctx.port.auditEvents(
        (args.rr_id as string) ?? '',
        str(args, 'event_type'),
      ),
    );
  },
};

/** A Go `time.Duration` string: `7m30s`, `1h2m0s`, `45s`. */
function goDuration(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h) return `${h}h${m}m${s}s`;
  if (m) return `${m}m${s}s`;
  return `${s}s`;
}

/**
 * `kubernaut_get_effectiveness`: how well a workflow's remediations held (the weighted
 * effectiveness score Data Storage computes per remediation, averaged). Upstream passes the
 * workflow id to Data Storage's per-remediation endpoint; the sandbox answers the question the
 * tool's description asks. `namespace` is accepted and, as upstream, not used.
 */
export const getEffectiveness: McpToolDefinition = {
  name: 'kubernaut_get_effectiveness',
  description: 'Get remediation effectiveness metrics',
  inputSchema: struct({
    workflow_id: optional(string()),
    namespace: optional(string()),
  }),
  handler(args, ctx) {
    const workflowId = str(args, 'workflow_id');
    const report = ctx.port.workflowEffectiveness(workflowId);
    return {
      ...(workflowId ? { workflow_id: workflowId } : {}),
      success_rate: report.successRate,
      ...(report.avgDurationMs !== undefined
        ? { avg_duration: goDuration(report.avgDurationMs) }
        : {}),
      sample_size: report.sampleSize,
    };
  },
};
