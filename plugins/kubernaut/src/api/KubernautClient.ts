import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  ApprovalListItem,
  ApprovalListRequest,
  AuditTrail,
  ClusterHealth,
  DecisionRequest,
  DecisionResult,
  FleetChangeEvent,
  FleetSummary,
  HealthResponse,
  InvestigationEvent,
  InvestigationListRequest,
  InvestigationListResponse,
  InvestigationRecord,
  Page,
  ParsedQuery,
  RemediationDetail,
  RemediationSummary,
  StartInvestigationRequest,
  InvestigationFeedback,
  InvestigationFeedbackRequest,
  WorkflowFeedbackCounts,
  SteeringAction,
  SteeringOutcome,
  StartInvestigationResponse,
  WorkflowDetail,
  WorkflowRow,
} from '@kubernaut/plugin-kubernaut-common';
import type {
  ClusterList,
  InvestigationStreamHandlers,
  KubernautApi,
  RemediationListRequest,
  RequestOptions,
} from './KubernautApi';
import type { KubernautUserTokenApi } from './KubernautUserTokenApi';
import { readServerSentEvents } from './sse';

/** The backend passes this on to clusters whose API Frontend takes user tokens. */
const USER_TOKEN_HEADER = 'x-kubernaut-user-token';

type QueryValue = string | number | string[] | undefined;

function queryString(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) value.forEach(v => search.append(key, v));
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const segment = encodeURIComponent;

/** The browser's offset east of UTC, so "since 8am" means the user's 8am. */
const timeZone = () => -new Date().getTimezoneOffset();

/**
 * Calls the Kubernaut backend plugin with the signed-in user's Backstage token.
 *
 * @public
 */
export class KubernautClient implements KubernautApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;
  private readonly userTokenApi?: KubernautUserTokenApi;

  constructor(options: {
    discoveryApi: DiscoveryApi;
    fetchApi: FetchApi;
    /** A token API Frontend trusts for the person, sent with their acts (POSTs) only. */
    userTokenApi?: KubernautUserTokenApi;
  }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
    this.userTokenApi = options.userTokenApi;
  }

  getHealth(options?: RequestOptions): Promise<HealthResponse> {
    return this.request('/health', options);
  }

  getClusters(options?: RequestOptions): Promise<{ items: ClusterHealth[] }> {
    return this.request('/clusters', options);
  }

  getFleetSummary(
    request: { q?: string; window?: string },
    options?: RequestOptions,
  ): Promise<FleetSummary> {
    return this.request(
      `/fleet/summary${queryString({ ...request, tz: timeZone() })}`,
      options,
    );
  }

  listRemediations(
    request: RemediationListRequest,
    options?: RequestOptions,
  ): Promise<Page<RemediationSummary>> {
    return this.request(
      `/remediations${queryString({ ...request, tz: timeZone() })}`,
      options,
    );
  }

  getRemediation(
    cluster: string,
    name: string,
    options?: RequestOptions,
  ): Promise<RemediationDetail> {
    return this.request(
      `/clusters/${segment(cluster)}/remediations/${segment(name)}`,
      options,
    );
  }

  getAuditTrail(
    cluster: string,
    name: string,
    request: { limit?: number; offset?: number } = {},
    options?: RequestOptions,
  ): Promise<AuditTrail> {
    return this.request(
      `/clusters/${segment(cluster)}/remediations/${segment(
        name,
      )}/audit${queryString(request)}`,
      options,
    );
  }

  listApprovals(
    request: ApprovalListRequest = {},
    options?: RequestOptions,
  ): Promise<
    ClusterList<ApprovalListItem> &
      Partial<Pick<Page<ApprovalListItem>, 'nextCursor' | 'totalCount'>>
  > {
    return this.request(`/approvals${queryString({ ...request })}`, options);
  }

  decide(
    cluster: string,
    name: string,
    decision: DecisionRequest,
  ): Promise<DecisionResult> {
    return this.request(
      `/clusters/${segment(cluster)}/approvals/${segment(name)}/decision`,
      { method: 'POST', body: decision },
    );
  }

  cancelRemediation(cluster: string, name: string): Promise<unknown> {
    return this.request(
      `/clusters/${segment(cluster)}/remediations/${segment(name)}/cancel`,
      { method: 'POST', body: {} },
    );
  }

  listWorkflows(
    request: { q?: string } = {},
    options?: RequestOptions,
  ): Promise<ClusterList<WorkflowRow>> {
    return this.request(
      `/workflows${queryString({ ...request, tz: timeZone() })}`,
      options,
    );
  }

  getWorkflow(
    cluster: string,
    name: string,
    options?: RequestOptions,
  ): Promise<WorkflowDetail> {
    return this.request(
      `/workflows/${segment(cluster)}/${segment(name)}`,
      options,
    );
  }

  parseQuery(
    q: string,
    scope: 'fleet' | 'workflows',
    options?: RequestOptions,
  ): Promise<ParsedQuery> {
    return this.request(
      `/query/parse${queryString({ q, scope, tz: timeZone() })}`,
      options,
    );
  }

  listWorkloads(
    request: { cluster?: string[] } = {},
    options?: RequestOptions,
  ): ReturnType<KubernautApi['listWorkloads']> {
    return this.request(`/workloads${queryString(request)}`, options);
  }

  listInvestigations(
    request: InvestigationListRequest,
    options?: RequestOptions,
  ): Promise<InvestigationListResponse> {
    const { mine, ...rest } = request;
    return this.request(
      `/investigations${queryString({
        ...rest,
        mine: mine ? 'true' : undefined,
      })}`,
      options,
    );
  }

  startInvestigation(
    request: StartInvestigationRequest,
  ): Promise<StartInvestigationResponse> {
    return this.request('/investigations', { method: 'POST', body: request });
  }

  sendInvestigationMessage(
    id: string,
    message: string,
  ): Promise<{ seq: number }> {
    return this.request(`/investigations/${segment(id)}/messages`, {
      method: 'POST',
      body: { message },
    });
  }

  takeOverInvestigation(
    id: string,
    message?: string,
  ): Promise<InvestigationRecord> {
    return this.request(`/investigations/${segment(id)}/take-over`, {
      method: 'POST',
      body: message ? { message } : {},
    });
  }

  steerInvestigation(
    id: string,
    action: SteeringAction,
  ): Promise<SteeringOutcome> {
    return this.request(`/investigations/${segment(id)}/steer`, {
      method: 'POST',
      body: action,
    });
  }

  sendInvestigationFeedback(
    id: string,
    feedback: InvestigationFeedbackRequest,
  ): Promise<InvestigationFeedback> {
    return this.request(`/investigations/${segment(id)}/feedback`, {
      method: 'POST',
      body: feedback,
    });
  }

  getInvestigationFeedback(
    id: string,
    options?: RequestOptions,
  ): Promise<{ items: InvestigationFeedback[] }> {
    return this.request(`/investigations/${segment(id)}/feedback`, options);
  }

  getWorkflowFeedback(
    options?: RequestOptions,
  ): Promise<WorkflowFeedbackCounts> {
    return this.request('/workflows/feedback', options);
  }

  async streamInvestigation(
    id: string,
    after: number,
    handlers: InvestigationStreamHandlers,
    options?: RequestOptions,
  ): Promise<string | undefined> {
    const body = await this.openStream(
      `/investigations/${segment(id)}/events${queryString({ after })}`,
      options?.signal,
    );
    for await (const message of readServerSentEvents(body)) {
      const data = JSON.parse(message.data);
      switch (message.event) {
        case 'investigation':
          handlers.onRecord?.(data as InvestigationRecord);
          break;
        case 'end':
          return (data as { status?: string }).status;
        case 'rewind':
          handlers.onRewind((data as { after: number }).after);
          break;
        case 'relay-stopped':
          handlers.onNotice?.((data as { message: string }).message);
          break;
        default:
          // Numbered transcript events; an unnumbered `error` is about the stream itself.
          if (message.id === undefined) {
            if (message.event === 'error')
              throw new Error((data as { message: string }).message);
            break;
          }
          handlers.onEvent({
            ...data,
            type: message.event,
          } as InvestigationEvent);
      }
    }
    throw new Error('the investigation stream closed before it ended');
  }

  async streamFleetChanges(
    handlers: {
      onChanges(changes: FleetChangeEvent[]): void;
      onClusters?(clusters: ClusterHealth[]): void;
    },
    options: RequestOptions,
  ): Promise<void> {
    const body = await this.openStream('/events', options.signal);
    for await (const message of readServerSentEvents(body)) {
      if (message.event === 'changes')
        handlers.onChanges(JSON.parse(message.data));
      else if (message.event === 'clusters')
        handlers.onClusters?.(JSON.parse(message.data));
    }
    if (!options.signal?.aborted)
      throw new Error('the fleet change stream closed');
  }

  private async openStream(
    path: string,
    signal?: AbortSignal,
  ): Promise<ReadableStream<Uint8Array>> {
    const baseUrl = await this.discoveryApi.getBaseUrl('kubernaut');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      headers: { Accept: 'text/event-stream' },
      signal,
    });
    if (!response.ok) throw await ResponseError.fromResponse(response);
    if (!response.body) throw new Error('the browser gave no response stream');
    return response.body;
  }

  private async request<T>(
    path: string,
    options: RequestOptions & { method?: 'GET' | 'POST'; body?: unknown } = {},
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('kubernaut');
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (options.body !== undefined)
      headers['Content-Type'] = 'application/json';
    if (options.method === 'POST') {
      const token = await this.userTokenApi?.getToken();
      if (token) headers[USER_TOKEN_HEADER] = token;
    }
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: options.method ?? 'GET',
      headers,
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
