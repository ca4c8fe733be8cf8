import type {
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { SteeringAction } from '@kubernaut/plugin-kubernaut-common';
import type { Router } from 'express';
import { z } from 'zod';
import type { AuthorizedActs } from '../authorized/AuthorizedActs';
import { personOf } from './person';
import {
  agentMessage,
  investigationParams,
  noQuery,
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
  acts: AuthorizedActs;
}

/** Taking a remediation over and steering it from its investigation: parse, call, reply. */
export function addSteeringRoutes(
  router: Router,
  options: SteeringRouteOptions,
): void {
  const { acts } = options;
  const person = personOf(options.httpAuth, options.userInfo);

  router.post('/investigations/:id/take-over', async (req, res) => {
    const { id } = parse(investigationParams, req.params);
    parse(noQuery, req.query);
    const { message } = parse(takeOverBody, req.body ?? {});
    res.json(await acts.takeOver(await person(req), id, message, req));
  });

  router.post('/investigations/:id/steer', async (req, res) => {
    const { id } = parse(investigationParams, req.params);
    parse(noQuery, req.query);
    const action = parse(steeringBody, req.body ?? {});
    res.json(await acts.steer(await person(req), id, action, req));
  });
}
