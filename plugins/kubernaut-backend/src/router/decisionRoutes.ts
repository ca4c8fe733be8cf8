import type {
  HttpAuthService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { Router } from 'express';
import { z } from 'zod';
import type { AuthorizedActs } from '../authorized/AuthorizedActs';
import { personOf } from './person';
import {
  clusterName,
  noQuery,
  objectName,
  parse,
  workflowParameters,
} from './validation';

const decisionBody = z
  .object({
    decision: z.enum(['Approved', 'Rejected']),
    reason: z.string().trim().max(2000).optional(),
    resourceVersion: z.string().min(1).max(64),
    override: z
      .object({
        workflowName: objectName.optional(),
        parameters: workflowParameters.optional(),
        rationale: z
          .string()
          .trim()
          .min(1, 'an override needs a rationale')
          .max(2000),
      })
      .strict()
      .refine(
        o => o.workflowName || o.parameters,
        'an override names a workflow, parameters, or both',
      )
      .optional(),
  })
  .strict()
  .refine(b => b.decision !== 'Rejected' || (b.reason && b.reason.length > 0), {
    message: 'a rejection needs a reason',
    path: ['reason'],
  });

export interface DecisionRouteOptions {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  acts: AuthorizedActs;
}

const target = z.object({ cluster: clusterName, name: objectName });

/** Deciding approval requests and cancelling remediations: parse, call, reply. */
export function addDecisionRoutes(
  router: Router,
  options: DecisionRouteOptions,
): void {
  const { acts } = options;
  const person = personOf(options.httpAuth, options.userInfo);

  router.post(
    '/clusters/:cluster/approvals/:name/decision',
    async (req, res) => {
      const params = parse(target, req.params);
      parse(noQuery, req.query);
      const body = parse(decisionBody, req.body ?? {});
      res.json(
        await acts.decide(await person(req), { ...params, ...body }, req),
      );
    },
  );

  router.post(
    '/clusters/:cluster/remediations/:name/cancel',
    async (req, res) => {
      const params = parse(target, req.params);
      parse(noQuery, req.query);
      parse(z.object({}).strict(), req.body ?? {});
      res.json(await acts.cancel(await person(req), params, req));
    },
  );
}
