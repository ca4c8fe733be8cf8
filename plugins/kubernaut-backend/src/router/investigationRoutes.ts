import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { kubernautInvestigationCreatePermission } from '@kubernaut/plugin-kubernaut-common';
import type { Router } from 'express';
import { z } from 'zod';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import type { InvestigationService } from '../investigations/InvestigationService';
import {
  remediationVisibility,
  requirePermission,
} from '../permissions/authorize';
import { personOf } from './person';
import { openEventStream } from './sse';
import { clusterName, objectName, parse } from './validation';

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

export interface InvestigationRouteOptions {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
  registry: ClusterRegistry;
  investigations: InvestigationService;
}

/** Conversations with the agent and watches of running remediations. */
export function addInvestigationRoutes(
  router: Router,
  options: InvestigationRouteOptions,
): void {
  const { httpAuth, userInfo, permissions, auditor, registry } = options;
  const person = personOf(httpAuth, userInfo);

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
