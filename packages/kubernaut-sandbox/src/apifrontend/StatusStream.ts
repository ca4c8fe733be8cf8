import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../kube/ObjectStore';
import type { KubernautPort } from './KubernautPort';
import {
  buildPhaseMetadata,
  isTerminalPhase,
  leaf,
  phaseOf,
} from './phaseMetadata';
import type { RequestContext } from './RequestContext';
import { rfc3339, sendRpcError } from './responses';
import type { StreamRegistry } from './StreamRegistry';
import { diffVerificationSteps } from './verificationSteps';

export interface StatusStreamOptions {
  port: KubernautPort;
  streams: StreamRegistry;
  /** SSE comment interval (upstream 15 s). */
  heartbeatMs?: number;
  /** How long before the request deadline `status/closing` goes out (upstream 5 s). */
  closingLeadMs?: number;
  now?: () => number;
}

/** The JSON-RPC error codes of the status endpoint (DD-AF-008). */
const INVALID_REQUEST = -32600;
const METHOD_NOT_FOUND = -32601;
const INVALID_PARAMS = -32602;
const RR_NOT_FOUND = -32001;

/** Which EffectivenessAssessment a RemediationRequest verifies with (upstream `ResolveEAName`). */
function effectivenessAssessmentName(rr: KubeObject): string {
  const ref = leaf(
    (rr.status ?? {}) as Record<string, unknown>,
    'phaseProgress',
    'effectivenessAssessmentRef',
  ) as { name?: string } | undefined;
  return ref?.name || `ea-${rr.metadata.name}`;
}

/**
 * `POST /a2a/status` `status/subscribe` (upstream `handler/status_handler.go`): the phase of one
 * RemediationRequest as SSE `status/update` notifications, the first at once, then each phase
 * change; in Verifying, the same phase again whenever the EffectivenessAssessment reports new
 * verification steps. A heartbeat comment every 15 s; `status/closing` shortly before the
 * caller's token expires, then the stream ends.
 */
export class StatusStream {
  constructor(private readonly options: StatusStreamOptions) {}

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  handle(
    req: IncomingMessage,
    res: ServerResponse,
    ctx: RequestContext,
    bodyText: string,
  ) {
    let request: { id?: unknown; method?: unknown; params?: unknown };
    try {
      request = JSON.parse(bodyText);
      if (!request || typeof request !== 'object' || Array.isArray(request))
        throw new Error('not an object');
    } catch {
      sendRpcError(res, 400, null, INVALID_REQUEST, 'invalid_request');
      return;
    }
    const params = request.params as { rr_id?: unknown } | null | undefined;
    if (
      (params !== undefined && params !== null && typeof params !== 'object') ||
      (params?.rr_id !== undefined && typeof params.rr_id !== 'string')
    ) {
      sendRpcError(res, 400, null, INVALID_REQUEST, 'invalid_request');
      return;
    }
    if (request.method !== 'status/subscribe') {
      sendRpcError(res, 400, null, METHOD_NOT_FOUND, 'method_not_found');
      return;
    }
    const rrId = params?.rr_id as string | undefined;
    if (!rrId) {
      sendRpcError(res, 400, null, INVALID_PARAMS, 'invalid_params');
      return;
    }
    const rr = this.options.port.getRemediation(rrId);
    if (!rr) {
      sendRpcError(res, 400, request.id, RR_NOT_FOUND, 'rr_not_found');
      return;
    }
    this.stream(req, res, ctx, rrId, rr);
  }

  private stream(
    req: IncomingMessage,
    res: ServerResponse,
    ctx: RequestContext,
    rrId: string,
    rr: KubeObject,
  ) {
    const { port } = this.options;
    const cleanups: Array<() => void> = [];
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      while (cleanups.length) cleanups.pop()!();
      if (!res.writableEnded) res.end();
    };
    this.options.streams.start(req, res, end);

    const write = (frame: string) => {
      if (!ended && !res.writableEnded && !res.destroyed) res.write(frame);
    };
    const update = (
      phase: string,
      final: boolean,
      metadata: Record<string, unknown>,
    ) => {
      const params = {
        rr_id: rrId,
        phase,
        timestamp: rfc3339(new Date(this.now())),
        final,
        ...(Object.keys(metadata).length ? { metadata } : {}),
      };
      write(
        `event: status/update\ndata: ${JSON.stringify({
          jsonrpc: '2.0',
          method: 'status/update',
          params,
        })}\n\n`,
      );
    };

    let lastPhase = phaseOf(rr);
    let ea: KubeObject | undefined;
    let previousEa: KubeObject | undefined;
    let watchingEa = false;
    const watchEffectiveness = (current: KubeObject) => {
      if (watchingEa) return;
      watchingEa = true;
      const name = effectivenessAssessmentName(current);
      ea = port.getEffectivenessAssessment(name);
      previousEa = ea;
      cleanups.push(
        port.watchEffectivenessAssessment(name, next => {
          const steps = diffVerificationSteps(previousEa, next);
          previousEa = next;
          ea = next;
          if (steps.length === 0 || ended) return;
          const latest = port.getRemediation(rrId);
          if (!latest) return;
          update(phaseOf(latest), false, {
            ...buildPhaseMetadata(latest, ea),
            verification_steps: steps,
          });
        }),
      );
    };

    if (lastPhase === 'Verifying') {
      ea = port.getEffectivenessAssessment(effectivenessAssessmentName(rr));
    }
    const first = isTerminalPhase(lastPhase);
    update(lastPhase, first, buildPhaseMetadata(rr, ea));
    if (first) {
      end();
      return;
    }

    const heartbeat = setInterval(
      () => write(': heartbeat\n\n'),
      this.options.heartbeatMs ?? 15_000,
    );
    cleanups.push(() => clearInterval(heartbeat));

    cleanups.push(
      port.watchRemediation(rrId, current => {
        const phase = phaseOf(current);
        if (phase === lastPhase || ended) return;
        lastPhase = phase;
        if (phase === 'Verifying') watchEffectiveness(current);
        const final = isTerminalPhase(phase);
        update(phase, final, buildPhaseMetadata(current, ea));
        if (final) end();
      }),
    );
    if (ended) return;
    if (lastPhase === 'Verifying') watchEffectiveness(rr);

    if (ctx.deadline !== undefined) {
      const untilDeadline = ctx.deadline - this.now();
      const untilClosing =
        untilDeadline - (this.options.closingLeadMs ?? 5_000);
      if (untilClosing > 0) {
        const closing = setTimeout(
          () =>
            write(
              `event: status/closing\ndata: ${JSON.stringify({
                jsonrpc: '2.0',
                method: 'status/closing',
                params: { reason: 'token_expiry', reconnect: true },
              })}\n\n`,
            ),
          untilClosing,
        );
        cleanups.push(() => clearTimeout(closing));
      }
      const deadline = setTimeout(end, Math.max(0, untilDeadline));
      cleanups.push(() => clearTimeout(deadline));
    }
  }
}
