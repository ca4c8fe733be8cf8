import type {
  AuditorService,
  HttpAuthService,
  PermissionsService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  kubernautInvestigationCreatePermission,
  type InvestigationListResponse,
} from '@kubernaut/plugin-kubernaut-common';
import type { Router } from 'express';
import { z } from 'zod';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import type {
  InvestigationListFilter,
  InvestigationStore,
  ListCandidate,
  ListPosition,
} from '../database/InvestigationStore';
import type { InvestigationService } from '../investigations/InvestigationService';
import { audited } from '../authorized/audited';
import { queryFingerprint } from '../services/cursor';
import {
  remediationVisibility,
  requirePermission,
} from '../permissions/authorize';
import {
  investigationAskRule,
  investigationWatchRule,
} from './investigationAccess';
import { credentialOf, forCluster, personOf } from './person';
import { requireVisibleRemediation } from './remediationAccess';
import { openEventStream } from './sse';
import {
  agentMessage,
  clusterName,
  investigationParams,
  noQuery,
  objectName,
  parse,
} from './validation';

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

const messageBody = z.object({ message: agentMessage }).strict();
const afterQuery = z
  .object({ after: z.coerce.number().int().min(0).optional() })
  .strict();

/** `a,b` or repeated parameters, as a list (as the fleet's lists take them). */
function csv<T extends z.ZodType<unknown, string>>(item: T) {
  return z
    .union([z.string(), z.array(z.string())])
    .transform(value =>
      (Array.isArray(value) ? value : [value])
        .flatMap(v => v.split(','))
        .map(v => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(50));
}

const MAX_SEARCH_WORDS = 8;
const listQuery = z
  .object({
    status: csv(
      z.enum(['running', 'completed', 'failed', 'canceled', 'interrupted']),
    ).optional(),
    cluster: csv(clusterName).optional(),
    createdBy: csv(
      z
        .string()
        .max(512)
        .regex(
          /^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+\/[A-Za-z0-9_.@-]+$/,
          'must be an entity ref like user:default/jane',
        ),
    ).optional(),
    mine: z.enum(['true', 'false']).optional(),
    remediation: csv(objectName).optional(),
    q: z.string().max(200, 'q is longer than 200 characters').optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(1024).optional(),
  })
  .strict();

/** A timestamp as the database writes it: where a page of the list ends. */
const POSITION_KEY =
  /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d(:?\d\d)?)?$/;

function encodeListCursor(position: ListPosition, fingerprint: string) {
  return Buffer.from(
    JSON.stringify({ v: 1, q: fingerprint, k: position.key, i: position.id }),
  ).toString('base64url');
}

/** Decodes a list cursor; a malformed one, or one from other filters, is a 400. */
function decodeListCursor(cursor: string, fingerprint: string): ListPosition {
  let body: { v?: unknown; q?: unknown; k?: unknown; i?: unknown } | null;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InputError('cursor is not valid');
  }
  if (
    body?.v !== 1 ||
    typeof body.k !== 'string' ||
    !POSITION_KEY.test(body.k) ||
    !(body.i === null || (typeof body.i === 'string' && body.i.length <= 64))
  )
    throw new InputError('cursor is not valid');
  if (body.q !== fingerprint)
    throw new InputError(
      'cursor belongs to a different query; start again without it',
    );
  return { key: body.k, id: body.i as string | null };
}

export interface InvestigationRouteOptions {
  httpAuth: HttpAuthService;
  userInfo: UserInfoService;
  permissions: PermissionsService;
  auditor: AuditorService;
  registry: ClusterRegistry;
  investigations: InvestigationService;
  /** Read directly for the list of investigations. */
  store: InvestigationStore;
}

/** Conversations with the agent and watches of running remediations. */
export function addInvestigationRoutes(
  router: Router,
  options: InvestigationRouteOptions,
): void {
  const { httpAuth, userInfo, permissions, auditor, registry } = options;
  const person = personOf(httpAuth, userInfo);

  /** Who may watch an investigation: whoever may see its remediation, or its creator. */
  const mayWatch = investigationWatchRule(registry, permissions);
  /** Who may ask in it: its starter or driver, else whoever may steer its remediation. */
  const mayAsk = investigationAskRule(registry, permissions);

  /**
   * Investigations the caller may watch (the rule of `mayWatch`), most recent activity first.
   * Hidden ones are skipped inside the store, so pages stay full, and nothing counts them.
   */
  router.get('/investigations', async (req, res) => {
    const query = parse(listQuery, req.query);
    const words = (query.q ?? '').trim().split(/\s+/).filter(Boolean);
    if (words.length > MAX_SEARCH_WORDS)
      throw new InputError(`q: at most ${MAX_SEARCH_WORDS} words`);
    if (query.mine === 'true' && query.createdBy)
      throw new InputError('mine and createdBy cannot be combined');
    const credentials = await httpAuth.credentials(req);
    const userEntityRef = (credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    if (query.mine === 'true' && !userEntityRef)
      throw new InputError('mine=true needs a signed-in user');
    const filter: InvestigationListFilter = {
      statuses: query.status,
      clusters: query.cluster,
      createdBy: query.mine === 'true' ? [userEntityRef!] : query.createdBy,
      remediations: query.remediation,
      words,
    };
    const fingerprint = queryFingerprint([
      'investigations',
      [...(filter.statuses ?? [])].sort(),
      filter.clusters,
      filter.createdBy,
      filter.remediations,
      words,
    ]);
    const after = query.cursor
      ? decodeListCursor(query.cursor, fingerprint)
      : undefined;

    const body = await audited(
      auditor,
      {
        eventId: 'investigation-list',
        severityLevel: 'low',
        request: req,
        meta: {
          status: filter.statuses,
          cluster: filter.clusters,
          createdBy: filter.createdBy,
          remediation: filter.remediations,
          searchWords: words.length,
          limit: query.limit,
          nextPage: Boolean(after),
        },
      },
      async () => {
        const allowed = await remediationVisibility(permissions, credentials);
        const configured = new Set(registry.names());
        const visible = (row: ListCandidate) => {
          if (row.remediation && configured.has(row.cluster)) {
            const remediation = registry
              .get(row.cluster)
              .remediationRow(row.remediation);
            if (remediation) return allowed(remediation);
          }
          return userEntityRef !== undefined && userEntityRef === row.createdBy;
        };
        const page = await options.store.list({
          filter,
          limit: query.limit,
          after,
          visible,
        });
        const result: InvestigationListResponse = {
          items: page.items,
          ...(page.next
            ? { nextCursor: encodeListCursor(page.next, fingerprint) }
            : {}),
        };
        return { result, meta: { returned: page.items.length } };
      },
    );
    res.json(body);
  });

  router.post('/investigations', async (req, res) => {
    parse(noQuery, req.query);
    const body = parse(startBody, req.body ?? {});
    const result = await audited(
      auditor,
      {
        eventId: 'investigation-start',
        severityLevel: 'medium',
        request: req,
        meta: {
          cluster: body.cluster,
          remediation: body.remediation,
          messageLength: body.message?.length ?? 0,
        },
      },
      async () => {
        const connection = registry.get(body.cluster);
        const user = forCluster(await person(req), connection);
        await requirePermission(
          permissions,
          user.credentials,
          kubernautInvestigationCreatePermission,
        );
        if (body.remediation)
          await requireVisibleRemediation(
            connection,
            body.remediation,
            await remediationVisibility(permissions, user.credentials),
          );
        const started = await options.investigations.start({
          ...body,
          user: user.userEntityRef,
          userToken: user.apiFrontendToken,
        });
        return {
          result: started,
          meta: {
            investigation: started.id,
            joined: started.joined,
            actor: user.userEntityRef,
            credential: credentialOf(user),
          },
        };
      },
    );
    res.status(result.joined ? 200 : 201).json(result);
  });

  router.post('/investigations/:id/messages', async (req, res) => {
    const { id } = parse(investigationParams, req.params);
    parse(noQuery, req.query);
    const body = parse(messageBody, req.body ?? {});
    const result = await audited(
      auditor,
      {
        eventId: 'investigation-message',
        severityLevel: 'low',
        request: req,
        meta: { investigation: id, messageLength: body.message.length },
      },
      async () => {
        const caller = await person(req);
        const record = await options.investigations.get(id);
        const user = forCluster(caller, registry.get(record.cluster));
        await requirePermission(
          permissions,
          user.credentials,
          kubernautInvestigationCreatePermission,
        );
        if (!(await mayWatch(user.credentials, user.userEntityRef, record)))
          throw new NotAllowedError(
            'you may not take part in this investigation',
          );
        await mayAsk(user, record);
        const sent = await options.investigations.message(
          id,
          body.message,
          user.userEntityRef,
          user.apiFrontendToken,
        );
        return {
          result: sent,
          meta: { actor: user.userEntityRef, credential: credentialOf(user) },
        };
      },
    );
    res.status(202).json(result);
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

    await audited(
      auditor,
      {
        eventId: 'investigation-stream',
        severityLevel: 'low',
        request: req,
        meta: { investigation: id, after },
      },
      async () => {
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
        return { result: undefined, meta: { ended: end } };
      },
    );
  });
}
