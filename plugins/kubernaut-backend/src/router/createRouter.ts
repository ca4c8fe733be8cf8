import type {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { HealthResponse } from '@kubernaut/plugin-kubernaut-common';
import {
  kubernautAuditReadPermission,
  kubernautWorkflowReadPermission,
} from '@kubernaut/plugin-kubernaut-common';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { version } from '../../package.json';
import type { AuthorizedRemediations } from '../authorized/AuthorizedRemediations';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import { requirePermission } from '../permissions/authorize';
import type { AuditService } from '../services/AuditService';
import type { FleetService } from '../services/FleetService';
import type { QueryUnderstanding } from '../services/QueryUnderstanding';
import type { WorkflowService } from '../services/WorkflowService';
import { collectWorkloads } from '../services/workloads';
import { addFleetEventRoute } from './fleetEvents';
import { sendJson } from './sendJson';
import { requireVisibleRemediation } from './remediationAccess';
import { addDecisionRoutes, type DecisionRouteOptions } from './decisionRoutes';
import { addFeedbackRoutes, type FeedbackRouteOptions } from './feedbackRoutes';
import {
  addInvestigationRoutes,
  type InvestigationRouteOptions,
} from './investigationRoutes';
import { addSteeringRoutes, type SteeringRouteOptions } from './steeringRoutes';
import {
  approvalsQuery,
  auditQuery,
  clustersQuery,
  listQuery,
  MAX_WINDOW_DAYS,
  noQuery,
  parse,
  parseQueryQuery,
  remediationParams,
  summaryQuery,
  workflowParams,
  workflowsQuery,
  workloadsQuery,
} from './validation';

export interface RouterOptions {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  registry: ClusterRegistry;
  /** Remediations and approvals as the caller may see them. */
  reads: AuthorizedRemediations;
  understanding: QueryUnderstanding;
  fleet: FleetService;
  workflows: WorkflowService;
  audit: AuditService;
  /** Decisions, cancel and investigations; absent in read-only setups such as benchmarks. */
  write?: Omit<
    DecisionRouteOptions &
      InvestigationRouteOptions &
      SteeringRouteOptions &
      FeedbackRouteOptions,
    'httpAuth' | 'permissions' | 'registry'
  >;
}

/** Builds the plugin's express router. Routes stay thin: they validate, authorize and delegate. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, registry, reads, understanding } = options;
  const router = Router();
  router.use(express.json({ limit: '64kb' }));

  const visibility = async (req: express.Request) =>
    reads.visibility(await httpAuth.credentials(req));

  router.get('/health', (req, res) => {
    parse(noQuery, req.query);
    const body: HealthResponse = { status: 'ok', version };
    sendJson(req, res, body);
  });

  router.get('/clusters', async (req, res) => {
    parse(clustersQuery, req.query);
    await httpAuth.credentials(req);
    sendJson(req, res, { items: registry.health() });
  });

  router.get('/fleet/summary', async (req, res) => {
    const query = parse(summaryQuery, req.query);
    const credentials = await httpAuth.credentials(req);
    const parsed = reads.understand(query.q, query.tz);
    const amount = Number(query.window.slice(0, -1));
    // A range in the query is the window ("yesterday", "between 2pm and 4pm"); nothing has ended
    // after now, so an end in the future is now. Without a start, the window reaches back.
    // Now is rounded up to the second: the figures are the same (nothing ends in the future), and
    // everyone asking within the second gets one answer, kept whole until a row changes.
    const now = Math.ceil(Date.now() / 1000) * 1000;
    const until = new Date(
      parsed?.filter.until
        ? Math.min(Date.parse(parsed.filter.until), now)
        : now,
    );
    const since = parsed?.filter.since
      ? new Date(Math.min(Date.parse(parsed.filter.since), until.getTime()))
      : new Date(
          until.getTime() -
            amount * (query.window.endsWith('d') ? 86_400_000 : 3_600_000),
        );
    if (until.getTime() - since.getTime() > MAX_WINDOW_DAYS * 86_400_000)
      throw new InputError(
        `the time range is longer than ${MAX_WINDOW_DAYS} days; narrow it`,
      );
    sendJson(
      req,
      res,
      await options.fleet.summary({
        filter: parsed?.filter ?? {},
        params: {
          clusters: query.cluster,
          ...(await reads.decidable(credentials, parsed)),
        },
        since,
        until,
        allowed: await reads.visibility(credentials),
      }),
    );
  });

  router.get('/remediations', async (req, res) => {
    const query = parse(listQuery, req.query);
    const { page } = await reads.list(await httpAuth.credentials(req), {
      q: query.q,
      tz: query.tz,
      params: {
        clusters: query.cluster,
        phases: query.phase,
        severities: query.severity,
        namespaces: query.namespace,
        targets: query.target,
      },
      sort: query.sort,
      direction: query.direction,
      limit: query.limit,
      cursor: query.cursor,
    });
    sendJson(req, res, page);
  });

  router.get('/clusters/:cluster/remediations/:name', async (req, res) => {
    const { cluster, name } = parse(remediationParams, req.params);
    parse(noQuery, req.query);
    sendJson(
      req,
      res,
      await reads.detail(await httpAuth.credentials(req), cluster, name),
    );
  });

  router.get(
    '/clusters/:cluster/remediations/:name/audit',
    async (req, res) => {
      const { cluster, name } = parse(remediationParams, req.params);
      const page = parse(auditQuery, req.query);
      const credentials = await httpAuth.credentials(req);
      await requirePermission(
        permissions,
        credentials,
        kubernautAuditReadPermission,
      );
      await requireVisibleRemediation(
        registry.get(cluster),
        name,
        await reads.visibility(credentials),
      );
      sendJson(req, res, await options.audit.trail(cluster, name, page));
    },
  );

  router.get('/approvals', async (req, res) => {
    const query = parse(approvalsQuery, req.query);
    // AuthorizedRemediations.approvals passes its options on to ApprovalService.list.
    const request = {
      state: query.state,
      clusters: query.cluster,
      limit: query.limit,
      cursor: query.cursor,
    };
    sendJson(
      req,
      res,
      await reads.approvals(await httpAuth.credentials(req), request),
    );
  });

  router.get('/workloads', async (req, res) => {
    const query = parse(workloadsQuery, req.query);
    const allowed = await visibility(req);
    const connections = registry.select(query.cluster);
    // Only workloads of remediations the caller may see: a name alone says what runs where.
    const items = collectWorkloads(connections, allowed).sort(
      (a, b) =>
        a.cluster.localeCompare(b.cluster) ||
        a.name.localeCompare(b.name) ||
        (a.namespace ?? '').localeCompare(b.namespace ?? '') ||
        (a.kind ?? '').localeCompare(b.kind ?? ''),
    );
    sendJson(req, res, { items });
  });

  router.get('/workflows', async (req, res) => {
    const query = parse(workflowsQuery, req.query);
    await requirePermission(
      permissions,
      await httpAuth.credentials(req),
      kubernautWorkflowReadPermission,
    );
    const parsed = query.q
      ? understanding.interpret(query.q, 'workflows', query.tz)
      : undefined;
    sendJson(
      req,
      res,
      await options.workflows.list(parsed?.filter ?? {}, query.cluster),
    );
  });

  router.get('/workflows/:cluster/:name', async (req, res) => {
    const { cluster, name } = parse(workflowParams, req.params);
    parse(noQuery, req.query);
    const credentials = await httpAuth.credentials(req);
    await requirePermission(
      permissions,
      credentials,
      kubernautWorkflowReadPermission,
    );
    sendJson(
      req,
      res,
      await options.workflows.detail(
        cluster,
        name,
        await reads.visibility(credentials),
      ),
    );
  });

  router.get('/query/parse', async (req, res) => {
    const query = parse(parseQueryQuery, req.query);
    await httpAuth.credentials(req);
    sendJson(req, res, understanding.interpret(query.q, query.scope, query.tz));
  });

  addFleetEventRoute(router, { httpAuth, permissions, registry });

  if (options.write) {
    const write = { ...options.write, httpAuth, permissions, registry };
    addDecisionRoutes(router, write);
    addInvestigationRoutes(router, write);
    addSteeringRoutes(router, write);
    addFeedbackRoutes(router, write);
  }

  return router;
}
