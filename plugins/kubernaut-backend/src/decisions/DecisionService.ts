import type { DecisionClaims } from './DecisionClaims';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import {
  kubernetesUsername,
  readUsernameTemplate,
} from '../config/userMapping';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import type {
  ApprovalView,
  DecisionRequest,
  DecisionResult,
} from '@kubernaut/plugin-kubernaut-common';
import {
  ApiFrontendClient,
  ApiFrontendError,
  McpToolError,
  toolErrorToBackstage,
} from '../clients/ApiFrontendClient';
import { serviceAgent } from '../clients/serviceHttp';
import type { ClusterConnection } from '../cluster/ClusterConnection';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import { isPendingApproval, readApproval } from '../cluster/readers';
import type { InvestigationStore } from '../database/InvestigationStore';

const GROUP = 'kubernaut.ai';
const VERSION = 'v1alpha1';

/** A decision as the route received it, for one approval request. */
export interface DecisionInput extends DecisionRequest {
  cluster: string;
  name: string;
}

export interface Decider {
  /** Backstage user entity ref, e.g. `user:default/alice`. */
  userEntityRef: string;
  ownershipEntityRefs: string[];
  /** A token API Frontend trusts for this user, when the app has one. */
  apiFrontendToken?: string;
}

export type { DecisionResult };

export interface DecisionOptions {
  requireDistinctApprover: boolean;
  usernameTemplate: string;
  groupsFromOwnership: boolean;
}

export function readDecisionOptions(config: Config): DecisionOptions {
  return {
    requireDistinctApprover:
      config.getOptionalBoolean(
        'kubernaut.decisions.requireDistinctApprover',
      ) ?? false,
    usernameTemplate: readUsernameTemplate(config),
    groupsFromOwnership:
      config.getOptionalBoolean('kubernaut.userMapping.groupsFromOwnership') ??
      true,
  };
}

/** The Kubernetes identity a Backstage user decides as (impersonation). */
export function kubernetesIdentity(
  decider: Decider,
  options: DecisionOptions,
): { username: string; groups: string[] } {
  const username = kubernetesUsername(
    decider.userEntityRef,
    options.usernameTemplate,
  );
  const groups = options.groupsFromOwnership
    ? decider.ownershipEntityRefs
        .map(r => {
          try {
            return parseEntityRef(r);
          } catch {
            return undefined;
          }
        })
        .filter(r => r?.kind.toLowerCase() === 'group')
        .map(r => r!.name)
    : [];
  return { username, groups: [...new Set(groups)] };
}

function decisionResult(
  cluster: string,
  input: DecisionInput,
  view: ApprovalView,
): DecisionResult {
  return {
    cluster,
    name: input.name,
    decision: input.decision,
    decidedBy: view.decidedBy,
    decidedVia: view.decidedVia,
    decidedAt: view.decidedAt,
    resourceVersion: view.resourceVersion,
    workflowOverride: view.workflowOverride,
  };
}

function statusOf(error: unknown): number | undefined {
  const e = error as { code?: unknown; statusCode?: unknown };
  if (typeof e?.code === 'number') return e.code;
  return typeof e?.statusCode === 'number' ? e.statusCode : undefined;
}

function kubeMessage(error: unknown): string {
  const body = (error as { body?: unknown })?.body;
  if (typeof body === 'string') {
    try {
      return JSON.parse(body).message ?? body;
    } catch {
      return body;
    }
  }
  return error instanceof Error ? error.message : String(error);
}

/** 409 for a request that carries a decision already, naming who made it. */
function alreadyDecided(name: string, view: ApprovalView): ConflictError {
  return new ConflictError(
    `${name} was already ${view.decision!.toLowerCase()} by ${
      view.decidedBy ?? 'someone'
    }${view.decidedAt ? ` at ${view.decidedAt}` : ''}`,
  );
}

/**
 * Approve, reject and override, checked in the backend and written so that Kubernaut credits the
 * human: as the user through Kubernetes impersonation, or through API Frontend's
 * `kubernaut_approve` with the user's own token. One decision per request, however many clicks.
 */
export class DecisionService {
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly apiFrontend = new Map<string, ApiFrontendClient>();

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly investigations: InvestigationStore,
    private readonly options: DecisionOptions,
    private readonly logger: LoggerService,
    /** One decision per request across replicas where Kubernaut does not arbitrate. */
    private readonly claims?: DecisionClaims,
  ) {}

  private api(connection: ClusterConnection): CustomObjectsApi {
    return connection.kubeConfig.makeApiClient(CustomObjectsApi);
  }

  /** Reads the approval request from the API server, not the cache: the decision must see now. */
  private async fresh(
    connection: ClusterConnection,
    name: string,
  ): Promise<ApprovalView & { uid?: string }> {
    try {
      const object = await this.api(connection).getNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace: connection.config.namespace,
        plural: 'remediationapprovalrequests',
        name,
      });
      return {
        ...readApproval(object, connection.name)!,
        uid: (object as { metadata?: { uid?: string } }).metadata?.uid,
      };
    } catch (error) {
      const status = statusOf(error);
      if (status === 404)
        throw new NotFoundError(
          `approval request ${name} not found in cluster ${connection.name}`,
        );
      if (status === 403 || status === 401)
        throw new NotAllowedError(
          `cluster ${connection.name} refused to read ${name}: ${kubeMessage(
            error,
          )}`,
        );
      throw new ServiceUnavailableError(
        `cluster ${
          connection.name
        } is unreachable; nothing was written (${kubeMessage(error)})`,
      );
    }
  }

  /** Serialises decisions per approval request in this replica; the API server arbitrates across replicas. */
  private async exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(work);
    this.locks.set(key, run);
    try {
      return await run;
    } finally {
      if (this.locks.get(key) === run) this.locks.delete(key);
    }
  }

  async decide(
    input: DecisionInput,
    decider: Decider,
  ): Promise<DecisionResult> {
    const connection = this.registry.get(input.cluster);
    return this.exclusive(`${input.cluster}/${input.name}`, async () => {
      const current = await this.fresh(connection, input.name);
      if (current.decision) throw alreadyDecided(input.name, current);
      if (
        !isPendingApproval(current) ||
        (current.requiredBy && Date.parse(current.requiredBy) <= Date.now())
      ) {
        throw new ConflictError(
          `${input.name} expired${
            current.requiredBy ? ` at ${current.requiredBy}` : ''
          }; it can no longer be decided`,
        );
      }
      if (current.resourceVersion !== input.resourceVersion) {
        throw new ConflictError(
          `${input.name} changed since you loaded it (version ${input.resourceVersion}, now ${current.resourceVersion}); reload and decide again`,
        );
      }
      if (input.override) {
        if (input.decision !== 'Approved')
          throw new InputError(
            'an override is only valid with decision Approved',
          );
        if (input.override.workflowName) {
          const workflow = connection.workflows.items.get(
            input.override.workflowName,
          );
          if (!workflow || workflow.status !== 'Active') {
            throw new InputError(
              `override workflow ${input.override.workflowName} is not an Active RemediationWorkflow in cluster ${input.cluster}`,
            );
          }
        }
      }
      if (this.options.requireDistinctApprover) {
        const starters = await this.investigations.starters(
          input.cluster,
          current.remediation,
        );
        if (starters.includes(decider.userEntityRef)) {
          throw new NotAllowedError(
            'you started the investigation of this remediation; another person must decide (kubernaut.decisions.requireDistinctApprover)',
          );
        }
      }
      if (connection.config.approvalMode === 'apiFrontend')
        return this.claimed(
          connection,
          input,
          decider,
          current.uid ?? input.name,
          () => this.viaApiFrontend(connection, input, decider),
        );
      return this.viaImpersonation(connection, input, decider);
    });
  }

  /**
   * API Frontend's `kubernaut_approve` carries no resourceVersion and the approval webhook lets a
   * second decision through (`pkg/authwebhook/remediationapprovalrequest_handler.go`), so two
   * replicas could both write. The request is claimed in the shared database first; whoever
   * holds it decides, the other gets 409 naming the holder. A failed write frees the claim.
   */
  private async claimed(
    connection: ClusterConnection,
    input: DecisionInput,
    decider: Decider,
    requestUid: string,
    write: () => Promise<DecisionResult>,
  ): Promise<DecisionResult> {
    if (!this.claims) return write();
    const key = { cluster: connection.name, request: input.name, requestUid };
    const holder = await this.claims.claim(key, {
      decidedBy: decider.userEntityRef,
      decision: input.decision,
    });
    if (holder)
      throw new ConflictError(
        `${input.name} is ${
          holder.state === 'written' ? 'already' : 'being'
        } decided (${holder.decision.toLowerCase()}) by ${holder.decidedBy}`,
      );
    try {
      const result = await write();
      await this.claims.written(key);
      return result;
    } catch (error) {
      await this.claims.release(key).catch(() => undefined);
      throw error;
    }
  }

  private async viaImpersonation(
    connection: ClusterConnection,
    input: DecisionInput,
    decider: Decider,
  ): Promise<DecisionResult> {
    const { username, groups } = kubernetesIdentity(decider, this.options);
    let options = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    options = setHeaderOptions('Impersonate-User', username, options);
    if (groups.length)
      options = setHeaderOptions(
        'Impersonate-Group',
        groups.join(','),
        options,
      );
    const body = {
      // The resourceVersion makes the API server refuse a write over a newer object (409).
      metadata: { resourceVersion: input.resourceVersion },
      status: {
        decision: input.decision,
        ...(input.reason ? { decisionMessage: input.reason } : {}),
        ...(input.override ? { workflowOverride: input.override } : {}),
      },
    };
    try {
      const patched = await this.api(
        connection,
      ).patchNamespacedCustomObjectStatus(
        {
          group: GROUP,
          version: VERSION,
          namespace: connection.config.namespace,
          plural: 'remediationapprovalrequests',
          name: input.name,
          body,
        },
        options,
      );
      return decisionResult(
        connection.name,
        input,
        readApproval(patched, connection.name)!,
      );
    } catch (error) {
      const status = statusOf(error);
      if (status === 409) {
        // Another replica's decision got in first: say whose, as a decision seen up front would.
        const now = await this.fresh(connection, input.name).catch(
          () => undefined,
        );
        if (now?.decision) throw alreadyDecided(input.name, now);
        throw new ConflictError(
          `${
            input.name
          } changed while deciding; reload and decide again (${kubeMessage(
            error,
          )})`,
        );
      }
      if (status === 403)
        throw new NotAllowedError(
          `cluster ${
            connection.name
          } refused the decision for ${username}: ${kubeMessage(error)}`,
        );
      if (status === 404)
        throw new NotFoundError(
          `approval request ${input.name} not found in cluster ${connection.name}`,
        );
      if (status === 422 || status === 400)
        throw new InputError(kubeMessage(error));
      throw new ServiceUnavailableError(
        `cluster ${
          connection.name
        } is unreachable; nothing was written (${kubeMessage(error)})`,
      );
    }
  }

  private async viaApiFrontend(
    connection: ClusterConnection,
    input: DecisionInput,
    decider: Decider,
  ): Promise<DecisionResult> {
    if (input.override?.parameters) {
      throw new InputError(
        `cluster ${connection.name} decides through API Frontend, which cannot override parameters; use approvalMode impersonate`,
      );
    }
    if (!decider.apiFrontendToken) {
      throw new NotAllowedError(
        `cluster ${connection.name} decides through API Frontend, which needs your own token (sign in with the provider it trusts); a shared credential would not credit you`,
      );
    }
    const endpoint = connection.config.apiFrontend;
    if (!endpoint)
      throw new ServiceUnavailableError(
        `cluster ${connection.name} has no apiFrontend configured`,
      );
    let client = this.apiFrontend.get(connection.name);
    if (!client)
      this.apiFrontend.set(
        connection.name,
        (client = new ApiFrontendClient(endpoint.url, serviceAgent(endpoint))),
      );
    try {
      await client.callTool(decider.apiFrontendToken, 'kubernaut_approve', {
        rar_name: input.name,
        decision: input.decision,
        ...(input.reason ? { reason: input.reason } : {}),
        ...(input.override?.workflowName
          ? { workflow_override: input.override.workflowName }
          : {}),
      });
    } catch (error) {
      if (error instanceof McpToolError) {
        // Whatever the tool's words (upstream maps an admission denial to "access denied"), a
        // request that now carries a decision lost a race: that is a conflict, not a refusal.
        const now = await this.fresh(connection, input.name).catch(
          () => undefined,
        );
        if (now?.decision) throw alreadyDecided(input.name, now);
        throw toolErrorToBackstage(
          error,
          `API Frontend of cluster ${connection.name} refused the decision`,
        );
      }
      if (error instanceof ApiFrontendError)
        throw new ServiceUnavailableError(
          `API Frontend of cluster ${connection.name} failed: ${error.message}`,
        );
      throw error;
    }
    const view = await this.fresh(connection, input.name);
    this.logger.debug?.(
      `${connection.name}/${input.name}: ${input.decision} via API Frontend`,
    );
    return decisionResult(connection.name, input, view);
  }

  /** Cancels a remediation that has not ended (status write as the user). */
  async cancel(
    cluster: string,
    name: string,
    decider: Decider,
  ): Promise<{ cluster: string; name: string; phase: 'Cancelled' }> {
    const connection = this.registry.get(cluster);
    const row = connection.remediationRow(name);
    if (!row)
      throw new NotFoundError(
        `remediation ${name} not found in cluster ${cluster}`,
      );
    if (
      ['Completed', 'Failed', 'TimedOut', 'Skipped', 'Cancelled'].includes(
        row.phase,
      )
    ) {
      throw new ConflictError(
        `${name} already ended (${row.phase}); only running remediations can be cancelled`,
      );
    }
    const { username, groups } = kubernetesIdentity(decider, this.options);
    let options = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    options = setHeaderOptions('Impersonate-User', username, options);
    if (groups.length)
      options = setHeaderOptions(
        'Impersonate-Group',
        groups.join(','),
        options,
      );
    try {
      await this.api(connection).patchNamespacedCustomObjectStatus(
        {
          group: GROUP,
          version: VERSION,
          namespace: connection.config.namespace,
          plural: 'remediationrequests',
          name,
          body: {
            status: {
              overallPhase: 'Cancelled',
              completedAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
              message: `Cancelled by ${username} from Backstage`,
            },
          },
        },
        options,
      );
    } catch (error) {
      const status = statusOf(error);
      if (status === 403)
        throw new NotAllowedError(
          `cluster ${cluster} refused to cancel ${name} for ${username}: ${kubeMessage(
            error,
          )}`,
        );
      if (status === 404)
        throw new NotFoundError(
          `remediation ${name} not found in cluster ${cluster}`,
        );
      throw new ServiceUnavailableError(
        `cluster ${cluster} is unreachable; nothing was written (${kubeMessage(
          error,
        )})`,
      );
    }
    return { cluster, name, phase: 'Cancelled' };
  }
}
