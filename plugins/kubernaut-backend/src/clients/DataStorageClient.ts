import { ServiceUnavailableError } from '@backstage/errors';
import { Agent as HttpAgent } from 'node:http';
import { serviceRequest, type ServiceReply } from './serviceHttp';

export interface DataStorageEvent {
  event_id: string;
  event_type: string;
  event_category: string;
  event_action: string;
  event_outcome: string;
  event_timestamp: string;
  actor_type: string;
  actor_id: string;
  correlation_id: string;
  duration_ms?: number;
  event_data?: Record<string, unknown>;
}

export interface EventQuery {
  event_type?: string;
  event_category?: string;
  correlation_id?: string;
  since?: string;
  limit?: number;
  offset?: number;
}

/**
 * Kubernaut Data Storage for one cluster. The base URL comes from configuration only; callers
 * pass query values, never URLs, so no request can be steered elsewhere.
 */
export class DataStorageClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: () => string | undefined,
    private readonly agent: HttpAgent = new HttpAgent({ keepAlive: true }),
    private readonly timeoutMs = 5_000,
  ) {}

  private async get<T>(
    path: string,
    params: Record<string, string | number | undefined>,
  ): Promise<T | undefined> {
    const url = new URL(`${this.baseUrl}${path}`);
    for (const [key, value] of Object.entries(params))
      if (value !== undefined) url.searchParams.set(key, String(value));
    const token = this.token();
    let reply: ServiceReply;
    try {
      reply = await serviceRequest(url, {
        agent: this.agent,
        headers: {
          Accept: 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        timeoutMs: this.timeoutMs,
      });
    } catch (error) {
      throw new ServiceUnavailableError(
        `Data Storage unreachable: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
    }
    if (reply.status === 404) return undefined;
    if (reply.status < 200 || reply.status >= 300) {
      throw new ServiceUnavailableError(
        `Data Storage answered ${reply.status}${
          reply.text ? `: ${reply.text.slice(0, 200)}` : ''
        }`,
      );
    }
    try {
      return JSON.parse(reply.text) as T;
    } catch {
      throw new ServiceUnavailableError('Data Storage answered with no JSON');
    }
  }

  /** One page, newest first, as Data Storage orders it. */
  async events(
    query: EventQuery,
  ): Promise<{ data: DataStorageEvent[]; total: number; hasMore: boolean }> {
    const body = await this.get<{
      data?: DataStorageEvent[];
      pagination?: { total?: number; has_more?: boolean };
    }>('/api/v1/audit/events', { ...query });
    return {
      data: body?.data ?? [],
      total: body?.pagination?.total ?? 0,
      hasMore: body?.pagination?.has_more ?? false,
    };
  }

  /** Every event matching the query, following `has_more`, up to `max`. */
  async allEvents(
    query: EventQuery,
    max = 10_000,
  ): Promise<DataStorageEvent[]> {
    const out: DataStorageEvent[] = [];
    let offset = 0;
    for (;;) {
      const page = await this.events({ ...query, limit: 1000, offset });
      out.push(...page.data);
      offset += page.data.length;
      if (!page.hasMore || page.data.length === 0 || out.length >= max)
        return out;
    }
  }
}
