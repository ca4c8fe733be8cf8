import type {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type {
  ApprovalListItem,
  HealthResponse,
  ParsedQuery,
  QueryVocabulary,
  RemediationSummary,
} from '@kubernaut/plugin-kubernaut-common';
import {
  kubernautApprovalDecidePermission,
  kubernautAuditReadPermission,
  kubernautWorkflowReadPermission,
  parseQuery,
} from '@kubernaut/plugin-kubernaut-common';
import { InputError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import express from 'express';
import Router from 'express-promise-router';
import { version } from '../../package.json';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import { isPendingApproval } from '../cluster/readers';
import {
  remediationVisibility,
  requirePermission,
} from '../permissions/authorize';
import { approvalRules } from '../permissions/rules';
import type { AuditService } from '../services/AuditService';
import type { FleetService } from '../services/FleetService';
import type { RemediationService } from '../services/RemediationService';
import type { WorkflowService } from '../services/WorkflowService';
import type { ListParams } from '../services/filter';
import { collectWorkloads } from '../services/workloads';
import { addFleetEventRoute } from './fleetEvents';
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
  remediations: RemediationService;
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

const VOCABULARY_REFRESH_MS = 10_000;
const PARSE_MEMO_SIZE = 200;

/**
 * The names the query language recognises. Names change rarely, so they are recollected at most
 * every ten seconds; parsed queries are memoised per vocabulary, text and time zone.
 */
function queryUnderstanding(registry: ClusterRegistry) {
  let vocabulary: QueryVocabulary | undefined;
  let collectedAt = 0;
  let generation = 0;
  const memo = new Map<string, ParsedQuery>();
  const current = (): QueryVocabulary => {
    if (vocabulary && Date.now() - collectedAt < VOCABULARY_REFRESH_MS)
      return vocabulary;
    const namespaces = new Set<string>();
    const targets = new Set<string>();
    const workflows = new Set<string>();
    const actionTypes = new Set<string>();
    for (const workload of collectWorkloads(registry.all())) {
      if (workload.namespace) namespaces.add(workload.namespace);
      targets.add(workload.name);
    }
    for (const connection of registry.all()) {
      for (const workflow of connection.workflows.items.values()) {
        workflows.add(workflow.name);
        actionTypes.add(workflow.actionType);
      }
    }
    vocabulary = {
      clusters: registry.names(),
      namespaces: [...namespaces],
      targets: [...targets],
      workflows: [...workflows],
      actionTypes: [...actionTypes],
    };
    collectedAt = Date.now();
    generation++;
    memo.clear();
    return vocabulary;
  };
  return (
    q: string,
    scope: 'fleet' | 'workflows',
    tz: number | undefined,
  ): ParsedQuery => {
    const words = current();
    // Relative times ("last 2h") move with the clock; a memo entry lives for the minute.
    const key = `${generation}|${Math.floor(Date.now() / 60_000)}|${scope}|${
      tz ?? 0
    }|${q}`;
    let parsed = memo.get(key);
    if (!parsed) {
      parsed = parseQuery(q, {
        now: new Date(),
        vocabulary: words,
        scope,
        timeZoneOffsetMinutes: tz,
      });
      if (memo.size >= PARSE_MEMO_SIZE) memo.delete(memo.keys().next().value!);
      memo.set(key, parsed);
    }
    return parsed;
  };
}

const decideOnApproval = createConditionAuthorizer(
  Object.values(approvalRules),
);

/**
 * Which pending approvals the caller may decide, as a row predicate, for "waiting on me": the
 * `kubernaut.approval.decide` decision is asked for once per request, and a conditional one is
 * checked against each row as the decision route checks it.
 */
async function approvalDecidability(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<NonNullable<ListParams['decidable']>> {
  const [decision] = await permissions.authorizeConditional(
    [{ permission: kubernautApprovalDecidePermission }],
    { credentials },
  );
  if (decision.result === AuthorizeResult.ALLOW)
    return Object.assign(() => true, { key: 'allow' });
  if (decision.result !== AuthorizeResult.CONDITIONAL)
    return Object.assign(() => false, { key: 'deny' });
  return Object.assign(
    (row: RemediationSummary) => decideOnApproval(decision, row),
    { key: JSON.stringify(decision.conditions) },
  );
}

/** Builds the plugin's express router. Routes stay thin: they validate, authorize and delegate. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, permissions, registry } = options;
  const router = Router();
  router.use(express.json({ limit: '64kb' }));
  const interpret = queryUnderstanding(registry);

  const visibility = async (req: express.Request) =>
    remediationVisibility(permissions, await httpAuth.credentials(req));
  const understand = (q: string | undefined, tz?: number) =>
    q ? interpret(q, 'fleet', tz) : undefined;
  /** What a filter needs of the caller beyond visibility: whose approvals are theirs to decide. */
  const decidable = async (
    req: express.Request,
    parsed: ParsedQuery | undefined,
  ): Promise<Pick<ListParams, 'decidable'>> =>
    parsed?.filter.decidableByMe
      ? {
          decidable: await approvalDecidability(
            permissions,
            await httpAuth.credentials(req),
          ),
        }
      : {};

  router.get('/health', (_req, res) => {
    const body: HealthResponse = { status: 'ok', version };
    res.json(body);
  });

  router.get('/clusters', async (req, res) => {
    parse(clustersQuery, req.query);
    await httpAuth.credentials(req);
    res.json({ items: registry.health() });
  });

  router.get('/fleet/summary', async (req, res) => {
    const query = parse(summaryQuery, req.query);
    const allowed = await visibility(req);
    const parsed = understand(query.q, query.tz);
    const amount = Number(query.window.slice(0, -1));
    // A range in the query is the window ("yesterday", "between 2pm and 4pm"); nothing has ended
    // after now, so an end in the future is now. Without a start, the window reaches back.
    const now = Date.now();
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
    res.json(
      await options.fleet.summary({
        filter: parsed?.filter ?? {},
        params: {
          clusters: query.cluster,
          ...(await decidable(req, parsed)),
        },
        since,
        until,
        allowed,
      }),
    );
  });

  router.get('/remediations', async (req, res) => {
    const query = parse(listQuery, req.query);
    const allowed = await visibility(req);
    const parsed = understand(query.q, query.tz);
    res.json(
      options.remediations.list({
        filter: parsed?.filter ?? {},
        params: {
          clusters: query.cluster,
          phases: query.phase,
          severities: query.severity,
          namespaces: query.namespace,
          targets: query.target,
          ...(await decidable(req, parsed)),
        },
        sort: query.sort,
        direction: query.direction,
        limit: query.limit,
        cursor: query.cursor,
        allowed,
      }),
    );
  });

  router.get('/clusters/:cluster/remediations/:name', async (req, res) => {
    const { cluster, name } = parse(remediationParams, req.params);
    res.json(options.remediations.detail(cluster, name, await visibility(req)));
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
        await remediationVisibility(permissions, credentials),
      );
      res.json(await options.audit.trail(cluster, name, page));
    },
  );

  router.get('/approvals', async (req, res) => {
    const query = parse(approvalsQuery, req.query);
    const allowed = await visibility(req);
    const connections = registry.select(query.cluster);
    const items: ApprovalListItem[] = [];
    for (const connection of connections) {
      for (const approval of connection.approvals.items.values()) {
        const pending = isPendingApproval(approval);
        if (
          (query.state === 'pending' && !pending) ||
          (query.state === 'decided' && pending)
        )
          continue;
        const row = connection.remediationRow(approval.remediation);
        if (!row || !allowed(row)) continue;
        items.push({
          ...approval,
          signalName: row.signalName,
          target: row.target,
          severity: row.severity,
          environment: row.environment,
          workflow: row.workflow,
        });
      }
    }
    items.sort(
      (a, b) =>
        (a.requiredBy ?? '9999').localeCompare(b.requiredBy ?? '9999') ||
        a.name.localeCompare(b.name),
    );
    res.json({ items, clusters: registry.health(connections) });
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
    res.json({ items });
  });

  router.get('/workflows', async (req, res) => {
    const query = parse(workflowsQuery, req.query);
    await requirePermission(
      permissions,
      await httpAuth.credentials(req),
      kubernautWorkflowReadPermission,
    );
    const parsed = query.q
      ? interpret(query.q, 'workflows', query.tz)
      : undefined;
    res.json(await options.workflows.list(parsed?.filter ?? {}, query.cluster));
  });

  router.get('/workflows/:cluster/:name', async (req, res) => {
    const { cluster, name } = parse(workflowParams, req.params);
    const credentials = await httpAuth.credentials(req);
    await requirePermission(
      permissions,
      credentials,
      kubernautWorkflowReadPermission,
    );
    res.json(
      await options.workflows.detail(
        cluster,
        name,
        await remediationVisibility(permissions, credentials),
      ),
    );
  });

  router.get('/query/parse', async (req, res) => {
    const query = parse(parseQueryQuery, req.query);
    await httpAuth.credentials(req);
    res.json(interpret(query.q, query.scope, query.tz));
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
