import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  kubernautApprovalDecidePermission,
  type ParsedQuery,
  type RemediationSummary,
} from '@kubernaut/plugin-kubernaut-common';
import {
  decideOnApproval,
  remediationVisibility,
} from '../permissions/authorize';
import type { ApprovalService } from '../services/ApprovalService';
import type { ApprovalListOptions } from '../services/ApprovalService';
import type { ListParams } from '../services/filter';
import type { QueryUnderstanding } from '../services/QueryUnderstanding';
import type {
  ListRequest,
  RemediationService,
} from '../services/RemediationService';

export interface RemediationListOptions
  extends Omit<ListRequest, 'filter' | 'params' | 'allowed'> {
  /** Plain-language query ("critical in prod-eu-west last 2h"). */
  q?: string;
  /** Minutes east of UTC the caller's clock is, for "yesterday" and "2pm". */
  tz?: number;
  params?: Omit<ListParams, 'decidable'>;
}

/**
 * Remediations and approval requests as one caller may see them. Each method asks the
 * permission policy once and turns a conditional answer into a row filter, so lists, counts
 * and details never differ from what the policy allows (the catalog's `AuthorizedEntitiesCatalog`
 * works the same way). Routes and actions both read through it.
 */
export class AuthorizedRemediations {
  constructor(
    private readonly deps: {
      permissions: PermissionsService;
      remediations: RemediationService;
      approvals: ApprovalService;
      understanding: QueryUnderstanding;
    },
  ) {}

  visibility(credentials: BackstageCredentials) {
    return remediationVisibility(this.deps.permissions, credentials);
  }

  understand(q: string | undefined, tz?: number): ParsedQuery | undefined {
    return q ? this.deps.understanding.interpret(q, 'fleet', tz) : undefined;
  }

  /**
   * Which approvals the caller may decide, for "waiting on me"; asked only when the query
   * needs it.
   */
  async decidable(
    credentials: BackstageCredentials,
    parsed: ParsedQuery | undefined,
  ): Promise<Pick<ListParams, 'decidable'>> {
    if (!parsed?.filter.decidableByMe) return {};
    const [decision] = await this.deps.permissions.authorizeConditional(
      [{ permission: kubernautApprovalDecidePermission }],
      { credentials },
    );
    if (decision.result === AuthorizeResult.ALLOW)
      return { decidable: Object.assign(() => true, { key: 'allow' }) };
    if (decision.result !== AuthorizeResult.CONDITIONAL)
      return { decidable: Object.assign(() => false, { key: 'deny' }) };
    return {
      decidable: Object.assign(
        (row: RemediationSummary) => decideOnApproval(decision, row),
        { key: JSON.stringify(decision.conditions) },
      ),
    };
  }

  async list(
    credentials: BackstageCredentials,
    options: RemediationListOptions,
  ) {
    const { q, tz, params, ...page } = options;
    const parsed = this.understand(q, tz);
    const [allowed, decidable] = await Promise.all([
      this.visibility(credentials),
      this.decidable(credentials, parsed),
    ]);
    return {
      parsed,
      page: this.deps.remediations.list({
        ...page,
        filter: parsed?.filter ?? {},
        params: { ...params, ...decidable },
        allowed,
      }),
    };
  }

  async detail(
    credentials: BackstageCredentials,
    cluster: string,
    name: string,
  ) {
    return this.deps.remediations.detail(
      cluster,
      name,
      await this.visibility(credentials),
    );
  }

  async approvals(
    credentials: BackstageCredentials,
    options: Omit<ApprovalListOptions, 'allowed'>,
  ) {
    return this.deps.approvals.list({
      ...options,
      allowed: await this.visibility(credentials),
    });
  }
}
