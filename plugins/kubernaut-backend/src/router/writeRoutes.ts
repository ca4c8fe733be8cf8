import type {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  kubernautApprovalDecidePermission,
  kubernautApprovalOverridePermission,
  kubernautInvestigationCreatePermission,
  kubernautRemediationCancelPermission,
  type RemediationSummary,
} from '@kubernaut/plugin-kubernaut-common';
import type { Request, Router } from 'express';
import { z } from 'zod';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import type { DecisionService } from '../decisions/DecisionService';
import type { InvestigationService } from '../investigations/InvestigationService';
import {
  remediationVisibility,
  requirePermission,
} from '../permissions/authorize';
import { approvalRules, remediationRules } from '../permissions/rules';
import { openEventStream } from './sse';
import { clusterName, objectName, parse } from './validation';

/** Header the app may use to pass a token API Frontend trusts for the user (same OIDC provider). */
export const USER_TOKEN_HEADER = 'x-kubernaut-user-token';

const decisionBody = z
  .object({
    decision: z.enum(['Approved', 'Rejected']),
    reason: z.string().trim().max(2000).optional(),
    resourceVersion: z.string().min(1).max(64),
    override: z
      .object({
        workflowName: objectName.optional(),
        parameters: z
          .record(
            z
              .string()
              .regex(
                /^[A-Za-z_][A-Za-z0-9_]*$/,
                'parameter names are identifiers',
              )
              .max(100),
            z.string().max(1000),
          )
          .optional(),
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

const startBody = z
  .object({
    cluster: clusterName,
    remediation: objectName.optional(),
    message: z
      .string()
      .trim()
      .min(1, 'message is empty')
      .max(8000, 'message is longer than 8000 characters')
      .optional(),
  })
  .strict()
  .refine(body => body.message || body.remediation, {
    message: 'a message, or a remediation to watch, is required',
    path: ['message'],
  });

const messageBody = z
  .object({
    message: z
      .string()
      .trim()
      .min(1, 'message is empty')
      .max(8000, 'message is longer than 8000 characters'),
  })
  .strict();
const investigationParams = z.object({
  id: z.string().uuid('not an investigation id'),
});
const afterQuery = z
  .object({ after: z.coerce.number().int().min(0).optional() })
  .strict();

export interface WriteRouteOptions {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
  registry: ClusterRegistry;
  decisions: DecisionService;
  investigations: InvestigationService;
}

const decideOnApproval = createConditionAuthorizer(
  Object.values(approvalRules),
);
const cancelRemediation = createConditionAuthorizer(
  Object.values(remediationRules),
);

export function addWriteRoutes(
  router: Router,
  options: WriteRouteOptions,
): void {
  const { httpAuth, userInfo, permissions, auditor, registry } = options;

  /** Decisions and investigations are a person's acts: services and anonymous callers are refused. */
  const person = async (req: Request) => {
    const credentials = (await httpAuth.credentials(req, {
      allow: ['user'],
    })) as BackstageCredentials<BackstageUserPrincipal>;
    const info = await userInfo.getUserInfo(credentials);
    const token = req.header(USER_TOKEN_HEADER);
    return {
      credentials,
      userEntityRef: info.userEntityRef,
      ownershipEntityRefs: info.ownershipEntityRefs,
      apiFrontendToken: token || undefined,
    };
  };

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
        const user = await person(req);
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
        const user = await person(req);
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

  /** Who may watch an investigation: whoever may see its remediation, or its creator. */
  const mayWatch = async (
    credentials: BackstageCredentials,
    userEntityRef: string | undefined,
    record: { cluster: string; remediation?: string; createdBy: string },
  ) => {
    if (record.remediation) {
      const row = registry
        .get(record.cluster)
        .remediationRow(record.remediation);
      if (row)
        return (await remediationVisibility(permissions, credentials))(row);
    }
    return userEntityRef === record.createdBy;
  };

  router.post('/investigations', async (req, res) => {
    const body = parse(startBody, req.body ?? {});
    const event = await auditor.createEvent({
      eventId: 'investigation-start',
      severityLevel: 'medium',
      request: req,
      meta: {
        cluster: body.cluster,
        remediation: body.remediation,
        messageLength: body.message?.length ?? 0,
      },
    });
    try {
      const user = await person(req);
      await requirePermission(
        permissions,
        user.credentials,
        kubernautInvestigationCreatePermission,
      );
      if (body.remediation) {
        const row = registry.get(body.cluster).remediationRow(body.remediation);
        if (
          row &&
          !(await remediationVisibility(permissions, user.credentials))(row)
        )
          throw new NotAllowedError(
            `you may not see remediation ${body.remediation}`,
          );
      } else {
        registry.get(body.cluster);
      }
      const result = await options.investigations.start({
        ...body,
        user: user.userEntityRef,
        userToken: user.apiFrontendToken,
      });
      await event.success({
        meta: {
          investigation: result.id,
          joined: result.joined,
          actor: user.userEntityRef,
        },
      });
      res.status(result.joined ? 200 : 201).json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.post('/investigations/:id/messages', async (req, res) => {
    const { id } = parse(investigationParams, req.params);
    const body = parse(messageBody, req.body ?? {});
    const event = await auditor.createEvent({
      eventId: 'investigation-message',
      severityLevel: 'low',
      request: req,
      meta: { investigation: id, messageLength: body.message.length },
    });
    try {
      const user = await person(req);
      await requirePermission(
        permissions,
        user.credentials,
        kubernautInvestigationCreatePermission,
      );
      const record = await options.investigations.get(id);
      if (!(await mayWatch(user.credentials, user.userEntityRef, record)))
        throw new NotAllowedError(
          'you may not take part in this investigation',
        );
      const result = await options.investigations.message(
        id,
        body.message,
        user.userEntityRef,
        user.apiFrontendToken,
      );
      await event.success({ meta: { actor: user.userEntityRef } });
      res.status(202).json(result);
    } catch (error) {
      await event.fail({ error: error as Error });
      throw error;
    }
  });

  router.get('/investigations/:id/events', async (req, res) => {
    const { id } = parse(investigationParams, req.params);
    const query = parse(afterQuery, req.query);
    const header = req.header('last-event-id');
    if (header !== undefined && !/^\d{1,12}$/.test(header))
      throw new InputError('Last-Event-ID must be an event sequence number');
    const after = header !== undefined ? Number(header) : query.after ?? 0;
    const credentials = await httpAuth.credentials(req);
    const userEntityRef = (credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    const record = await options.investigations.get(id);
    if (!(await mayWatch(credentials, userEntityRef, record)))
      throw new NotAllowedError('you may not watch this investigation');

    const event = await auditor.createEvent({
      eventId: 'investigation-stream',
      severityLevel: 'low',
      request: req,
      meta: { investigation: id, after },
    });
    const stream = openEventStream(req, res);
    const controller = new AbortController();
    stream.onClose(() => controller.abort());
    stream.send('investigation', record);
    const end = await options.investigations
      .subscribe(
        id,
        after,
        controller.signal,
        e =>
          stream.send(
            e.type,
            { seq: e.seq, createdAt: e.createdAt, payload: e.payload },
            e.seq,
          ),
        // The id moves the browser's Last-Event-ID back too.
        rewindTo => stream.send('rewind', { after: rewindTo }, rewindTo),
      )
      .catch(async error => {
        stream.send('error', {
          message: error instanceof Error ? error.message : String(error),
        });
        return 'failed' as const;
      });
    if (end === 'interrupted')
      stream.send('relay-stopped', {
        message:
          'the relay of this investigation stopped (backend restart); history is complete up to here',
      });
    if (end !== 'closed') {
      stream.send('end', {
        status: (await options.investigations.get(id)).status,
      });
      stream.end();
    }
    await event.success({ meta: { ended: end } });
  });
}
