import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Authorizer } from '../kube/auth';
import { KubeError } from '../kube/status';
import { sendJson } from '../http';
import type { AuditLog, AuditQuery } from './AuditLog';

const OUTCOMES = ['success', 'failure', 'pending'];

class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
  ) {
    super(detail);
  }
}

function sendProblem(res: ServerResponse, problem: Problem, instance: string) {
  const body = JSON.stringify({
    type: `https://kubernaut.ai/problems/${problem.title
      .toLowerCase()
      .replace(/\s+/g, '-')}`,
    title: problem.title,
    status: problem.status,
    detail: problem.detail,
    instance,
  });
  res.writeHead(problem.status, {
    'Content-Type': 'application/problem+json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Parses Data Storage's time filters: relative (`24h`, `30m`, `7d`) or absolute. */
export function parseTime(value: string, name: string, now: Date): Date {
  const relative = value.match(/^(\d+)([smhd])$/);
  if (relative) {
    const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[
      relative[2] as 's' | 'm' | 'h' | 'd'
    ];
    return new Date(now.getTime() - Number(relative[1]) * unit);
  }
  if (
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?$/.test(
      value,
    )
  ) {
    const parsed = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
    if (!Number.isNaN(parsed.getTime())) return parsed;
  }
  throw new Problem(
    400,
    'Bad Request',
    `invalid ${name} "${value}": use a duration like 24h or an RFC3339 time`,
  );
}

function integer(
  value: string | null,
  name: string,
  { min, max, fallback }: { min: number; max: number; fallback: number },
): number {
  if (value === null) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new Problem(
      400,
      'Bad Request',
      `${name} must be an integer between ${min} and ${max}`,
    );
  return n;
}

export interface DataStorageOptions {
  audit: AuditLog;
  authorizer: Authorizer;
  namespace: string;
  latencyMs: () => number;
}

/** Kubernaut Data Storage's REST API (audit trail and effectiveness) for one cluster. */
export class DataStorageServer {
  constructor(private readonly options: DataStorageOptions) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    try {
      await new Promise(resolve =>
        setTimeout(resolve, this.options.latencyMs()),
      );
      if (url.pathname === '/readyz' || url.pathname === '/healthz') {
        sendJson(res, 200, { status: 'ok' });
        return;
      }
      this.authorize(req, req.method === 'GET' ? 'get' : 'create');
      if (req.method === 'GET' && url.pathname === '/api/v1/audit/events') {
        sendJson(res, 200, this.events(url.searchParams));
        return;
      }
      const effectiveness = url.pathname.match(
        /^\/api\/v1\/effectiveness\/([^/]+)$/,
      );
      if (req.method === 'GET' && effectiveness) {
        const id = decodeURIComponent(effectiveness[1]);
        const body = this.options.audit.effectiveness(id);
        if (!body)
          throw new Problem(
            404,
            'Not Found',
            `no effectiveness data for correlation_id ${id}`,
          );
        sendJson(res, 200, body);
        return;
      }
      throw new Problem(
        404,
        'Not Found',
        `no route for ${req.method} ${url.pathname}`,
      );
    } catch (error) {
      const problem =
        error instanceof Problem
          ? error
          : new Problem(500, 'Internal Server Error', String(error));
      sendProblem(res, problem, url.pathname);
    }
  }

  /** TokenReview and SubjectAccessReview on services/data-storage-service, as Data Storage does. */
  private authorize(req: IncomingMessage, verb: string) {
    let user;
    try {
      user = this.options.authorizer.authenticate(req.headers.authorization);
    } catch {
      throw new Problem(
        401,
        'Unauthorized',
        'a valid bearer token is required',
      );
    }
    try {
      this.options.authorizer.authorize({
        user,
        verb,
        apiGroup: '',
        resource: 'services',
        name: 'data-storage-service',
        namespace: this.options.namespace,
      });
    } catch (error) {
      throw new Problem(
        403,
        'Forbidden',
        error instanceof KubeError ? error.message : String(error),
      );
    }
  }

  private events(params: URLSearchParams) {
    const now = new Date();
    const outcome = params.get('event_outcome') ?? undefined;
    if (outcome && !OUTCOMES.includes(outcome))
      throw new Problem(
        400,
        'Bad Request',
        `event_outcome must be one of ${OUTCOMES.join(', ')}`,
      );
    const detailKey = params.get('detail_key') ?? undefined;
    const detailValue = params.get('detail_value') ?? undefined;
    if ((detailKey === undefined) !== (detailValue === undefined))
      throw new Problem(
        400,
        'Bad Request',
        'detail_key and detail_value must be used together',
      );
    if (detailKey && !/^[a-zA-Z0-9_]+$/.test(detailKey))
      throw new Problem(
        400,
        'Bad Request',
        'detail_key must match ^[a-zA-Z0-9_]+$',
      );
    const query: AuditQuery = {
      event_type: params.get('event_type') ?? undefined,
      event_category: params.get('event_category') ?? undefined,
      event_outcome: outcome,
      severity: params.get('severity') ?? undefined,
      correlation_id: params.get('correlation_id') ?? undefined,
      since: params.get('since')
        ? parseTime(params.get('since')!, 'since', now)
        : undefined,
      until: params.get('until')
        ? parseTime(params.get('until')!, 'until', now)
        : undefined,
      detail_key: detailKey,
      detail_value: detailValue,
      limit: integer(params.get('limit'), 'limit', {
        min: 1,
        max: 1000,
        fallback: 100,
      }),
      offset: integer(params.get('offset'), 'offset', {
        min: 0,
        max: Number.MAX_SAFE_INTEGER,
        fallback: 0,
      }),
    };
    const { data, total } = this.options.audit.query(query);
    return {
      data,
      pagination: {
        limit: query.limit,
        offset: query.offset,
        total,
        has_more: query.offset + data.length < total,
      },
    };
  }
}
