import type {
  AuditorService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import {
  kubernautApprovalDecidePermission,
  kubernautApprovalOverridePermission,
  kubernautInvestigationCreatePermission,
  kubernautRemediationCancelPermission,
  kubernautRemediationSteerPermission,
  type DecisionRequest,
  type SteeringAction,
} from '@kubernaut/plugin-kubernaut-common';
import type { Request } from 'express';
import type { ClusterRegistry } from '../cluster/ClusterRegistry';
import type { DecisionService } from '../decisions/DecisionService';
import type { InvestigationService } from '../investigations/InvestigationService';
import {
  requireOnRemediation,
  requirePermission,
} from '../permissions/authorize';
import { credentialOf, forCluster, type Person } from '../router/person';
import type { SteeringService } from '../steering/SteeringService';
import { audited } from './audited';

/**
 * A person's acts on remediations: deciding an approval request, cancelling, taking over and
 * steering. Each authorises once against the remediation's row, runs under the person's own
 * identity (never the backend's on their behalf without saying so in the audit), and is one
 * audit event whether it came from a click or from an agent through the actions registry.
 */
export class AuthorizedActs {
  constructor(
    private readonly deps: {
      permissions: PermissionsService;
      auditor: AuditorService;
      registry: ClusterRegistry;
      decisions: DecisionService;
      investigations: InvestigationService;
      steering: SteeringService;
    },
  ) {}

  private remediationRow(cluster: string, name: string) {
    const row = this.deps.registry.get(cluster).remediationRow(name);
    if (!row)
      throw new NotFoundError(
        `remediation ${name} not found in cluster ${cluster}`,
      );
    return row;
  }

  async decide(
    caller: Person,
    input: DecisionRequest & { cluster: string; name: string },
    request?: Request,
  ) {
    return audited(
      this.deps.auditor,
      {
        eventId: 'approval-decision',
        request,
        meta: {
          cluster: input.cluster,
          approval: input.name,
          decision: input.decision,
          override:
            input.override?.workflowName ??
            (input.override ? 'parameters' : undefined),
        },
      },
      async () => {
        const connection = this.deps.registry.get(input.cluster);
        const person = forCluster(caller, connection);
        const approval = connection.approvals.items.get(input.name);
        if (!approval)
          throw new NotFoundError(
            `approval request ${input.name} not found in cluster ${input.cluster}`,
          );
        const row = this.remediationRow(input.cluster, approval.remediation);
        await requireOnRemediation(
          this.deps.permissions,
          person.credentials,
          kubernautApprovalDecidePermission,
          row,
          'decide',
        );
        if (input.override)
          await requirePermission(
            this.deps.permissions,
            person.credentials,
            kubernautApprovalOverridePermission,
          );
        const result = await this.deps.decisions.decide(input, person);
        return {
          result,
          meta: {
            decidedBy: result.decidedBy,
            decidedVia: result.decidedVia,
            actor: person.userEntityRef,
            credential: credentialOf(person),
          },
        };
      },
    );
  }

  async cancel(
    caller: Person,
    input: { cluster: string; name: string },
    request?: Request,
  ) {
    return audited(
      this.deps.auditor,
      {
        eventId: 'remediation-cancel',
        request,
        meta: { cluster: input.cluster, remediation: input.name },
      },
      async () => {
        const person = forCluster(
          caller,
          this.deps.registry.get(input.cluster),
        );
        const row = this.remediationRow(input.cluster, input.name);
        await requireOnRemediation(
          this.deps.permissions,
          person.credentials,
          kubernautRemediationCancelPermission,
          row,
          'cancel',
        );
        const result = await this.deps.decisions.cancel(
          input.cluster,
          input.name,
          person,
        );
        return { result, meta: { actor: person.userEntityRef } };
      },
    );
  }

  /** The person, allowed to steer the remediation the investigation follows. */
  private async steerer(caller: Person, id: string) {
    await requirePermission(
      this.deps.permissions,
      caller.credentials,
      kubernautInvestigationCreatePermission,
    );
    const record = await this.deps.investigations.get(id);
    const person = forCluster(caller, this.deps.registry.get(record.cluster));
    if (!record.remediation)
      throw new NotFoundError(
        'this conversation has not found its remediation yet',
      );
    const row = this.remediationRow(record.cluster, record.remediation);
    await requireOnRemediation(
      this.deps.permissions,
      person.credentials,
      kubernautRemediationSteerPermission,
      row,
      'steer',
    );
    return { person, record };
  }

  async takeOver(
    caller: Person,
    id: string,
    message?: string,
    request?: Request,
  ) {
    return audited(
      this.deps.auditor,
      {
        eventId: 'remediation-take-over',
        request,
        meta: { investigation: id },
      },
      async () => {
        const { person, record } = await this.steerer(caller, id);
        const result = await this.deps.steering.takeOver(id, person, message);
        return {
          result,
          meta: {
            actor: person.userEntityRef,
            credential: credentialOf(person),
            cluster: record.cluster,
            remediation: record.remediation,
          },
        };
      },
    );
  }

  async steer(
    caller: Person,
    id: string,
    action: SteeringAction,
    request?: Request,
  ) {
    return audited(
      this.deps.auditor,
      {
        eventId: 'remediation-steer',
        request,
        meta: {
          investigation: id,
          action: action.action,
          workflowId:
            action.action === 'select-workflow' ? action.workflowId : undefined,
          parameters:
            action.action === 'select-workflow' ? action.parameters : undefined,
          reason:
            action.action === 'select-workflow'
              ? action.rationale
              : action.reason,
        },
      },
      async () => {
        const { person, record } = await this.steerer(caller, id);
        const outcome = await this.deps.steering.steer(id, action, person);
        return {
          result: outcome,
          meta: {
            actor: person.userEntityRef,
            credential: credentialOf(person),
            cluster: record.cluster,
            remediation: record.remediation,
            status: outcome.status,
          },
        };
      },
    );
  }
}
