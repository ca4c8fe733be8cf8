import type {
  AuthService,
  BackstageCredentials,
  BackstageUserPrincipal,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotAllowedError } from '@backstage/errors';
import type { JsonObject } from '@backstage/types';
import type { AuthorizedActs } from '../authorized/AuthorizedActs';
import type { AuthorizedRemediations } from '../authorized/AuthorizedRemediations';
import type { Person } from '../router/person';
import {
  DEFAULT_APPROVAL_LIMIT,
  MAX_APPROVAL_LIMIT,
} from '../services/ApprovalService';

export interface KubernautActionsOptions {
  actionsRegistry: ActionsRegistryService;
  auth: AuthService;
  userInfo: UserInfoService;
  reads: AuthorizedRemediations;
  acts: AuthorizedActs;
}

const KUBE_NAME = /^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$/;

/** JSON the way an action returns it: what the routes return, without undefined fields. */
const asJson = <T>(value: T): JsonObject =>
  JSON.parse(JSON.stringify(value)) as JsonObject;

/**
 * The plugin's actions in Backstage's actions registry, which Backstage's MCP server offers to
 * agents. Every action runs as the calling person, through the same authorisation and audit
 * as the console's buttons; service principals (and so the backend's own account) are refused.
 */
export function registerKubernautActions(options: KubernautActionsOptions) {
  const { actionsRegistry, auth, userInfo, reads, acts } = options;

  const personOf = async (
    credentials: BackstageCredentials,
  ): Promise<Person> => {
    if (!auth.isPrincipal(credentials, 'user'))
      throw new NotAllowedError(
        'Kubernaut actions act for a signed-in person; call them with a user token',
      );
    const info = await userInfo.getUserInfo(credentials);
    return {
      credentials: credentials as BackstageCredentials<BackstageUserPrincipal>,
      userEntityRef: info.userEntityRef,
      ownershipEntityRefs: info.ownershipEntityRefs,
    };
  };

  actionsRegistry.register({
    name: 'list-remediations',
    title: 'List Kubernaut remediations',
    description:
      'Remediations across the Kubernaut fleet that the caller may see, newest first. `query` takes the console\'s plain-language query language, e.g. "critical in prod-eu-west last 2h", "failed except staging", "waiting on me", "the checkout deployment".',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          query: z
            .string()
            .max(500)
            .optional()
            .describe('Plain-language filter'),
          clusters: z.array(z.string().regex(KUBE_NAME)).max(50).optional(),
          limit: z.number().int().min(1).max(100).default(20),
          cursor: z.string().max(2048).optional(),
        }),
      output: z =>
        z.object({
          items: z.array(z.object({}).passthrough()),
          totalCount: z.number(),
          nextCursor: z.string().optional(),
          unavailableClusters: z.array(z.string()),
        }),
    },
    action: async ({ input, credentials }) => {
      const person = await personOf(credentials);
      const { page } = await reads.list(person.credentials, {
        q: input.query,
        params: { clusters: input.clusters },
        sort: 'created',
        direction: 'desc',
        limit: input.limit,
        cursor: input.cursor,
      });
      return {
        output: {
          items: page.items.map(asJson),
          totalCount: page.totalCount,
          ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
          unavailableClusters: page.clusters
            .filter(c => c.status !== 'connected')
            .map(c => c.name),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'get-remediation',
    title: 'Get a Kubernaut remediation with its root cause analysis',
    description:
      'One remediation with its children: the signal, the AI analysis (root cause, confidence, selected workflow, alternatives), the approval request, the workflow execution and the effectiveness assessment.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          cluster: z.string().regex(KUBE_NAME),
          name: z.string().regex(KUBE_NAME),
        }),
      output: z => z.object({ remediation: z.object({}).passthrough() }),
    },
    action: async ({ input, credentials }) => {
      const person = await personOf(credentials);
      const detail = await reads.detail(
        person.credentials,
        input.cluster,
        input.name,
      );
      return { output: { remediation: asJson(detail) } };
    },
  });

  actionsRegistry.register({
    name: 'list-pending-approvals',
    title: 'List pending Kubernaut approval requests',
    description:
      'Approval requests waiting for a decision that the caller may see, soonest deadline first, a page at a time (pass nextCursor back as cursor for the next), each with the resourceVersion to pass to decide-approval.',
    attributes: { readOnly: true, idempotent: true },
    schema: {
      input: z =>
        z.object({
          clusters: z.array(z.string().regex(KUBE_NAME)).max(50).optional(),
          limit: z
            .number()
            .int()
            .min(1)
            .max(MAX_APPROVAL_LIMIT)
            .default(DEFAULT_APPROVAL_LIMIT),
          cursor: z.string().max(2048).optional(),
        }),
      output: z =>
        z.object({
          items: z.array(z.object({}).passthrough()),
          nextCursor: z.string().optional(),
          totalCount: z.number(),
          unavailableClusters: z.array(z.string()),
        }),
    },
    action: async ({ input, credentials }) => {
      const person = await personOf(credentials);
      // AuthorizedRemediations.approvals passes its options on to ApprovalService.list.
      const request = {
        state: 'pending' as const,
        clusters: input.clusters,
        limit: input.limit,
        cursor: input.cursor,
      };
      const { items, clusters, nextCursor, totalCount } = await reads.approvals(
        person.credentials,
        request,
      );
      return {
        output: {
          items: items.map(asJson),
          ...(nextCursor ? { nextCursor } : {}),
          totalCount,
          unavailableClusters: clusters
            .filter(c => c.status !== 'connected')
            .map(c => c.name),
        },
      };
    },
  });

  actionsRegistry.register({
    name: 'decide-approval',
    title: 'Approve or reject a Kubernaut approval request',
    description:
      "Decides an approval request as the calling person, under the same permission policy as the console (and Kubernaut's rule that the decision is credited to that person). Pass the resourceVersion from list-pending-approvals: a request that changed since is refused with a conflict.",
    attributes: { destructive: true, idempotent: false },
    schema: {
      input: z =>
        z.object({
          cluster: z.string().regex(KUBE_NAME),
          approval: z.string().regex(KUBE_NAME),
          decision: z.enum(['Approved', 'Rejected']),
          reason: z.string().trim().max(2000).optional(),
          resourceVersion: z.string().min(1).max(64),
        }),
      output: z => z.object({ result: z.object({}).passthrough() }),
    },
    action: async ({ input, credentials }) => {
      const person = await personOf(credentials);
      const result = await acts.decide(person, {
        cluster: input.cluster,
        name: input.approval,
        decision: input.decision,
        reason: input.reason,
        resourceVersion: input.resourceVersion,
      });
      return { output: { result: asJson(result) } };
    },
  });

  actionsRegistry.register({
    name: 'select-workflow',
    title: 'Run a workflow Kubernaut offered in an investigation',
    description:
      "Runs one of the workflows the agent offered for the investigation's remediation (upstream's kubernaut_select_workflow), as the calling person, who must drive the remediation: take it over in the console first. Kubernaut runs the workflow with the parameters its discovery found.",
    attributes: { destructive: true, idempotent: false },
    schema: {
      input: z =>
        z.object({
          investigationId: z.string().uuid(),
          workflowId: z
            .string()
            .min(1)
            .max(253)
            .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/),
          rationale: z.string().trim().max(2000).optional(),
        }),
      output: z => z.object({ outcome: z.object({}).passthrough() }),
    },
    action: async ({ input, credentials }) => {
      const person = await personOf(credentials);
      const outcome = await acts.steer(person, input.investigationId, {
        action: 'select-workflow',
        workflowId: input.workflowId,
        rationale: input.rationale,
      });
      return { output: { outcome: asJson(outcome) } };
    },
  });
}
