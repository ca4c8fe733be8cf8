import type { KubeObject } from '../../../kube/ObjectStore';
import { isTerminalPhase, leaf, phaseOf } from '../../phaseMetadata';
import { rfc3339 } from '../../responses';
import {
  nameFrom,
  resourceNameError,
  str,
  toolErrors,
  userFriendly,
  type McpToolDefinition,
  type ToolContext,
} from '../McpTool';
import { optional, string, struct } from '../schema';

function target(rr: KubeObject): { kind?: string; name?: string } {
  return (
    (rr.spec as { targetResource?: { kind?: string; name?: string } })
      ?.targetResource ?? {}
  );
}

/** Upstream `RemediationSummary` / `GetRemediationResult` (`tools/crd_tools.go`). */
function summary(rr: KubeObject, namespace: string) {
  const { kind, name } = target(rr);
  return {
    id: rr.metadata.name,
    namespace,
    name: rr.metadata.name,
    phase: phaseOf(rr),
    ...(kind ? { kind } : {}),
    ...(name ? { target: name } : {}),
  };
}

function remediation(ctx: ToolContext, name: string): KubeObject {
  const rr = ctx.port.getRemediation(name);
  if (!rr) throw toolErrors.notFound();
  return rr;
}

export const listRemediations: McpToolDefinition = {
  name: 'kubernaut_list_remediations',
  description: 'List active and recent remediations',
  inputSchema: struct({
    phase: optional(string()),
    kind: optional(string()),
    name: optional(string()),
  }),
  handler(args, ctx) {
    const phase = str(args, 'phase');
    const kind = str(args, 'kind');
    const name = str(args, 'name');
    const items = ctx.port
      .listRemediations()
      .filter(rr => !phase || phaseOf(rr) === phase)
      .filter(rr => !kind || target(rr).kind === kind)
      .filter(rr => !name || target(rr).name === name)
      .map(rr => summary(rr, ctx.port.namespace));
    // A Go nil slice: `null` when nothing matches.
    return { remediations: items.length ? items : null, count: items.length };
  },
};

export const getRemediation: McpToolDefinition = {
  name: 'kubernaut_get_remediation',
  description: 'Get details of a specific remediation',
  inputSchema: struct({
    name: optional(string()),
    rr_id: optional(string()),
  }),
  handler(args, ctx) {
    const name = nameFrom(str(args, 'rr_id'), str(args, 'name'), 'rr_id');
    return summary(remediation(ctx, name), ctx.port.namespace);
  },
};

export const cancelRemediation: McpToolDefinition = {
  name: 'kubernaut_cancel_remediation',
  description: 'Cancel an active remediation',
  inputSchema: struct({
    name: optional(string()),
    rr_id: optional(string()),
  }),
  handler(args, ctx) {
    const { namespace } = ctx.port;
    const name = nameFrom(str(args, 'rr_id'), str(args, 'name'), 'rr_id');
    const phase = phaseOf(remediation(ctx, name));
    if (isTerminalPhase(phase))
      throw toolErrors.alreadyTerminal(
        `remediation ${namespace}/${name} is in terminal state ${JSON.stringify(
          phase,
        )}`,
      );
    try {
      ctx.port.cancelRemediation(
        name,
        'Cancelled by user via kubernaut_cancel_remediation',
      );
    } catch (error) {
      throw userFriendly(error);
    }
    return {
      status: 'Cancelled',
      message: `Remediation ${namespace}/${name} cancelled`,
    };
  },
};

/**
 * `kubernaut_watch` (upstream `tools/crd_tools_watch.go`): blocks until the remediation ends or
 * waits for approval, one event per phase change, starting with the current phase. When the tool
 * timeout hits first, the call still succeeds, with `status: "cancelled"`.
 */
export const watchRemediation: McpToolDefinition = {
  name: 'kubernaut_watch',
  description: 'Watch for remediation state changes',
  inputSchema: struct({
    rr_id: optional(string()),
    name: optional(string()),
  }),
  handler(args, ctx) {
    let name: string;
    try {
      name = nameFrom(str(args, 'rr_id'), str(args, 'name'), 'rr_id');
    } catch (error) {
      throw toolErrors.invalidInput((error as Error).message);
    }
    const invalid = resourceNameError(name);
    if (invalid) throw toolErrors.invalidInput(invalid);
    remediation(ctx, name);
    const events: Array<{
      timestamp: string;
      resource: string;
      phase: string;
      message?: string;
    }> = [];
    return new Promise(resolve => {
      let lastPhase: string | undefined;
      let done = false;
      let unsubscribe: () => void = () => undefined;
      // The tool timeout (or the caller leaving) ends the watch; the call still succeeds.
      const timeout = new AbortController();
      const finish = (result: Record<string, unknown>) => {
        if (done) return;
        done = true;
        timeout.abort();
        queueMicrotask(() => unsubscribe());
        resolve({ events, ...result });
      };
      ctx.signal.addEventListener(
        'abort',
        () => finish({ status: 'cancelled' }),
        {
          once: true,
          signal: timeout.signal,
        },
      );
      unsubscribe = ctx.port.watchRemediation(name, rr => {
        const phase = phaseOf(rr);
        if (done || phase === lastPhase) return;
        lastPhase = phase;
        events.push({
          timestamp: rfc3339(new Date()),
          resource: 'RemediationRequest',
          phase,
          message: `Phase changed to ${phase}`,
        });
        if (isTerminalPhase(phase)) {
          const status = (rr.status ?? {}) as Record<string, unknown>;
          const outcome = leaf(status, 'completionStatus', 'outcome');
          finish({
            status: 'completed',
            ...(outcome ? { outcome } : {}),
            ...(status.message ? { message: status.message } : {}),
          });
        } else if (phase === 'AwaitingApproval') {
          finish({ status: 'awaiting_approval' });
        }
      });
      if (done) unsubscribe();
      if (ctx.signal.aborted) finish({ status: 'cancelled' });
    });
  },
};
