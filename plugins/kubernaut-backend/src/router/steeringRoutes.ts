import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  kubernautInvestigationCreatePermission,
  kubernautRemediationSteerPermission,
  type SteeringAction,
} from '@kubernaut/plugin-kubernaut-common';
import type { Router } from 'express';
import { z } from 'zod';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import type { InvestigationService } from '../investigations/InvestigationService';
import {
  requireOnRemediation,
  requirePermission,
} from '../permissions/authorize';
import type { SteeringService } from '../steering/SteeringService';
import { credentialOf, forCluster, personOf } from './person';
import {
  agentMessage,
  investigationParams,
  parse,
  workflowParameters,
} from './validation';

const takeOverBody = z
  .object({
    /** The person's first message to the agent, sent with the takeover. */
    message: agentMessage.optional(),
  })
  .strict();

const reason = z
  .string()
  .trim()
  .max(2000, 'reason is longer than 2000 characters');

const steeringBody: z.ZodType<SteeringAction> = z.discriminatedUnion(
  'action',
  [
    z
      .object({
        action: z.literal('select-workflow'),
        workflowId: z
          .string()
          .trim()
          .min(1, 'workflowId is empty')
          .max(253)
          .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'not a workflow id'),
        parameters: workflowParameters
          .refine(p => Object.keys(p).length <= 50, 'at most 50 parameters')
          .optional(),
        rationale: reason.optional(),
      })
      .strict(),
    z
      .object({ action: z.literal('dismiss'), reason: reason.optional() })
      .strict(),
    z
      .object({
        action: z.literal('escalate'),
        reason: reason.min(1, 'an escalation needs a reason'),
      })
      .strict(),
  ],
  { error: 'action must be select-workflow, dismiss or escalate' },
);

export interface SteeringRouteOptions {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
  registry: ClusterRegistry;
  investigations: InvestigationService;
  steering: SteeringService;
}

/** Taking a remediation over and steering it from its investigation. */
export function addSteeringRoutes(
  router: Router,
  options: SteeringRouteOptions,
): void {
  const { httpAuth, userInfo, permissions, auditor, registry } = options;
  const person = personOf(httpAuth, userInfo);

  /** The person, allowed to steer the remediation the investigation follows. */
  const steerer = async (req: Parameters<typeof person>[0], id: string) => {
    const caller = await person(req);
    await requirePermission(
      permissions,
      caller.credentials,
      kubernautInvestigationCreatePermission,
    );
    const record = await options.investigations.get(id);
    const user = forCluster(caller, registry.get(record.cluster));
    const row = record.remediation
      ? registry.get(record.cluster).remediationRow(record.remediation)
      : undefined;
    if (!row)
      throw new NotFoundError(
        record.remediation
          ? `remediation ${record.remediation} not found in cluster ${record.cluster}`
          : 'this conversation has not found its remediation yet',
      );
    await requireOnRemediation(
      permissions,
      user.credentials,
      kubernautRemediationSteerPermission,
      row,
      'steer',
    );
    return { user, record };
  };

  router.post('/investigations/:id/take-over', async (req, res) => {
    const { id } = parse(investigationParams, req.params);
    const { message } = parse(takeOverBody, req.body ?? {});
    const event = await auditor.createEvent({
      eventId: 'remediation-take-over',
      severityLevel: 'medium',
      request: req,
      meta: { investigation: id },
    });
    try {
      const { user, record } = await steerer(req, id);
      const result = await options.steering.takeOver(id, user, message);
      await event.success({
        meta: {
          actor: user.userEntityRef,
          credential: credentialOf(user),
          cluster: record.cluster,
          remediation: record.remediation,
        },
      });
      res.json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.post('/investigations/:id/steer', async (req, res) => {
    const { id } = parse(investigationParams, req.params);
    const body = parse(steeringBody, req.body ?? {});
    const event = await auditor.createEvent({
      eventId: 'remediation-steer',
      severityLevel: 'medium',
      request: req,
      meta: {
        investigation: id,
        action: body.action,
        workflowId:
          body.action === 'select-workflow' ? body.workflowId : undefined,
        parameters:
          body.action === 'select-workflow' ? body.parameters : undefined,
        reason:
          body.action === 'select-workflow' ? body.rationale : body.reason,
      },
    });
    try {
      const { user, record } = await steerer(req, id);
      const outcome = await options.steering.steer(id, body, user);
      await event.success({
        meta: {
          actor: user.userEntityRef,
          credential: credentialOf(user),
          cluster: record.cluster,
          remediation: record.remediation,
          status: outcome.status,
        },
      });
      res.json(outcome);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });
}
