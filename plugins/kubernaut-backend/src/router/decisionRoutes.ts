import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  kubernautApprovalDecidePermission,
  kubernautApprovalOverridePermission,
  kubernautRemediationCancelPermission,
  type RemediationSummary,
} from '@kubernaut/plugin-kubernaut-common';
import type { Router } from 'express';
import { z } from 'zod';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import type { DecisionService } from '../decisions/DecisionService';
import { requirePermission } from '../permissions/authorize';
import { approvalRules, remediationRules } from '../permissions/rules';
import { forCluster, personOf } from './person';
import {
  clusterName,
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
  permissions: PermissionsService;
  auditor: AuditorService;
  registry: ClusterRegistry;
  decisions: DecisionService;
}

const decideOnApproval = createConditionAuthorizer(
  Object.values(approvalRules),
);
const cancelRemediation = createConditionAuthorizer(
  Object.values(remediationRules),
);

export function addDecisionRoutes(
  router: Router,
  options: DecisionRouteOptions,
): void {
  const { httpAuth, userInfo, permissions, auditor, registry } = options;

  const person = personOf(httpAuth, userInfo);

  const authorizeOn = async (
    credentials: BackstageCredentials,
    permission:
      | typeof kubernautApprovalDecidePermission
      | typeof kubernautRemediationCancelPermission,
    row: RemediationSummary,
  ) => {
    const [decision] = await permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    const check =
      permission === kubernautApprovalDecidePermission
        ? decideOnApproval
        : cancelRemediation;
    if (decision.result === AuthorizeResult.ALLOW) return;
    if (decision.result === AuthorizeResult.CONDITIONAL && check(decision, row))
      return;
    throw new NotAllowedError(
      `you may not ${
        permission === kubernautApprovalDecidePermission ? 'decide' : 'cancel'
      } remediations like ${row.name} in ${row.cluster}`,
    );
  };

  router.post(
    '/clusters/:cluster/approvals/:name/decision',
    async (req, res) => {
      const params = parse(
        z.object({ cluster: clusterName, name: objectName }),
        req.params,
      );
      const body = parse(decisionBody, req.body ?? {});
      const event = await auditor.createEvent({
        eventId: 'approval-decision',
        severityLevel: 'medium',
        request: req,
        meta: {
          cluster: params.cluster,
          approval: params.name,
          decision: body.decision,
          override:
            body.override?.workflowName ??
            (body.override ? 'parameters' : undefined),
        },
      });
      try {
        const user = forCluster(
          await person(req),
          registry.get(params.cluster),
        );
        const approval = registry
          .get(params.cluster)
          .approvals.items.get(params.name);
        if (!approval)
          throw new NotFoundError(
            `approval request ${params.name} not found in cluster ${params.cluster}`,
          );
        const row = registry
          .get(params.cluster)
          .remediationRow(approval.remediation);
        if (!row)
          throw new NotFoundError(
            `remediation ${approval.remediation} of ${params.name} not found`,
          );
        await authorizeOn(
          user.credentials,
          kubernautApprovalDecidePermission,
          row,
        );
        if (body.override)
          await requirePermission(
            permissions,
            user.credentials,
            kubernautApprovalOverridePermission,
          );
        const result = await options.decisions.decide(
          { ...params, ...body } as Parameters<DecisionService['decide']>[0],
          user,
        );
        await event.success({
          meta: {
            decidedBy: result.decidedBy,
            decidedVia: result.decidedVia,
            actor: user.userEntityRef,
          },
        });
        res.json(result);
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  );

  router.post(
    '/clusters/:cluster/remediations/:name/cancel',
    async (req, res) => {
      const params = parse(
        z.object({ cluster: clusterName, name: objectName }),
        req.params,
      );
      parse(z.object({}).strict(), req.body ?? {});
      const event = await auditor.createEvent({
        eventId: 'remediation-cancel',
        severityLevel: 'medium',
        request: req,
        meta: { cluster: params.cluster, remediation: params.name },
      });
      try {
        const user = forCluster(
          await person(req),
          registry.get(params.cluster),
        );
        const row = registry.get(params.cluster).remediationRow(params.name);
        if (!row)
          throw new NotFoundError(
            `remediation ${params.name} not found in cluster ${params.cluster}`,
          );
        await authorizeOn(
          user.credentials,
          kubernautRemediationCancelPermission,
          row,
        );
        const result = await options.decisions.cancel(
          params.cluster,
          params.name,
          user,
        );
        await event.success({ meta: { actor: user.userEntityRef } });
        res.json(result);
      } catch (error) {
        await event.fail({ error: error as Error });
        throw error;
      }
    },
  );
}
