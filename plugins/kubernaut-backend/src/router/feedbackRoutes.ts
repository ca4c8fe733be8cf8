import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  kubernautWorkflowReadPermission,
  type InvestigationFeedbackRequest,
} from '@kubernaut/plugin-kubernaut-common';
import type { Router } from 'express';
import { z } from 'zod';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import type { FeedbackStore } from '../feedback/FeedbackStore';
import type { InvestigationService } from '../investigations/InvestigationService';
import { audited } from '../authorized/audited';
import { requirePermission } from '../permissions/authorize';
import { investigationWatchRule } from './investigationAccess';
import { personOf } from './person';
import { investigationParams, noQuery, objectName, parse } from './validation';

const feedbackBody: z.ZodType<InvestigationFeedbackRequest> = z
  .object({
    target: z.enum(['rca', 'answer'], {
      error: 'target must be rca or answer',
    }),
    itemKey: z
      .string()
      .regex(/^\d{1,12}(:[a-z]+)?$/, 'itemKey must be a transcript item key')
      .max(64),
    rating: z.enum(['up', 'down'], { error: 'rating must be up or down' }),
    reason: z
      .string()
      .trim()
      .max(1000, 'reason is longer than 1000 characters')
      .optional(),
    workflowId: objectName.optional(),
  })
  .strict();

export interface FeedbackRouteOptions {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
  registry: ClusterRegistry;
  investigations: InvestigationService;
  feedback: FeedbackStore;
}

/** Thumbs up or down on an investigation's RCA and answers, and their counts per workflow. */
export function addFeedbackRoutes(
  router: Router,
  options: FeedbackRouteOptions,
): void {
  const { httpAuth, userInfo, permissions, auditor, registry } = options;
  const person = personOf(httpAuth, userInfo);

  const mayWatch = investigationWatchRule(registry, permissions);

  /** The signed-in person, allowed to watch the investigation. */
  const watcher = async (req: Parameters<typeof person>[0], id: string) => {
    const user = await person(req);
    const record = await options.investigations.get(id);
    if (!(await mayWatch(user.credentials, user.userEntityRef, record)))
      throw new NotAllowedError('you may not watch this investigation');
    return user;
  };

  router.post('/investigations/:id/feedback', async (req, res) => {
    const { id } = parse(investigationParams, req.params);
    parse(noQuery, req.query);
    const body = parse(feedbackBody, req.body ?? {});
    const stored = await audited(
      auditor,
      {
        eventId: 'investigation-feedback',
        severityLevel: 'low',
        request: req,
        meta: {
          investigation: id,
          target: body.target,
          itemKey: body.itemKey,
          rating: body.rating,
          workflowId: body.workflowId,
        },
      },
      async () => {
        const user = await watcher(req, id);
        const put = await options.feedback.put({
          investigationId: id,
          target: body.target,
          itemKey: body.itemKey,
          user: user.userEntityRef,
          rating: body.rating,
          reason: body.reason || undefined,
          workflowId: body.workflowId,
        });
        return { result: put, meta: { actor: user.userEntityRef } };
      },
    );
    res.json(stored);
  });

  /** The caller's own feedback on the investigation, to show what they said. */
  router.get('/investigations/:id/feedback', async (req, res) => {
    const { id } = parse(investigationParams, req.params);
    parse(noQuery, req.query);
    const user = await watcher(req, id);
    res.json({ items: await options.feedback.byUser(id, user.userEntityRef) });
  });

  /** RCA feedback per recommended workflow: aggregated counts only, no reasons, no names. */
  router.get('/workflows/feedback', async (req, res) => {
    parse(noQuery, req.query);
    await requirePermission(
      permissions,
      await httpAuth.credentials(req),
      kubernautWorkflowReadPermission,
    );
    res.json(await options.feedback.workflowCounts());
  });
}
