import { InputError } from '@backstage/errors';
import {
  MAX_QUERY_LENGTH,
  parseTargetPattern,
  REMEDIATION_SORTS,
  type TargetPattern,
  REMEDIATION_PHASES,
  SEVERITIES,
} from '@kubernaut/plugin-kubernaut-common';
import { z } from 'zod';
import {
  DEFAULT_APPROVAL_LIMIT,
  MAX_APPROVAL_LIMIT,
} from '../services/ApprovalService';

/** `a,b` or repeated parameters, as a list. */
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

export const clusterName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a cluster name')
  .max(63);
export const objectName = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a Kubernetes object name')
  .max(253);

const targetPattern = z
  .string()
  .max(600)
  .transform((value, ctx): TargetPattern => {
    const pattern = parseTargetPattern(value);
    if (!pattern) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: 'must look like [namespace/][Kind/]name',
      });
      return z.NEVER;
    }
    return pattern;
  });

const q = z
  .string()
  .max(MAX_QUERY_LENGTH, `q is longer than ${MAX_QUERY_LENGTH} characters`)
  .optional();
const tz = z.coerce.number().int().min(-840).max(840).optional();

export const listQuery = z
  .object({
    q,
    tz,
    cluster: csv(clusterName).optional(),
    phase: csv(z.enum(REMEDIATION_PHASES)).optional(),
    severity: csv(z.enum(SEVERITIES)).optional(),
    namespace: csv(objectName).optional(),
    target: csv(targetPattern).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(2048).optional(),
    sort: z.enum(REMEDIATION_SORTS).default('created'),
    direction: z.enum(['asc', 'desc']).default('desc'),
  })
  .strict();

/** The longest fleet summary window: older history is Data Storage's to report, not a dashboard's. */
export const MAX_WINDOW_DAYS = 90;

export const summaryQuery = z
  .object({
    q,
    tz,
    cluster: csv(clusterName).optional(),
    window: z
      .string()
      .regex(/^\d{1,4}[hd]$/, 'window must look like 24h or 7d')
      .refine(
        window =>
          Number(window.slice(0, -1)) * (window.endsWith('d') ? 24 : 1) <=
          MAX_WINDOW_DAYS * 24,
        `window is at most ${MAX_WINDOW_DAYS}d`,
      )
      .default('24h'),
  })
  .strict();

export const approvalsQuery = z
  .object({
    state: z.enum(['pending', 'decided', 'all']).default('pending'),
    cluster: csv(clusterName).optional(),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_APPROVAL_LIMIT)
      .default(DEFAULT_APPROVAL_LIMIT),
    cursor: z.string().max(2048).optional(),
  })
  .strict();

export const auditQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

export const workflowsQuery = z
  .object({ q, tz, cluster: csv(clusterName).optional() })
  .strict();

/** Routes that take no query parameters still refuse unknown ones (README: "unknown → 400"). */
export const noQuery = z.object({}).strict();
export const clustersQuery = noQuery;
export const eventsQuery = noQuery;

export const workloadsQuery = z
  .object({ cluster: csv(clusterName).optional() })
  .strict();

export const parseQueryQuery = z
  .object({
    q: z
      .string()
      .max(MAX_QUERY_LENGTH, `q is longer than ${MAX_QUERY_LENGTH} characters`)
      .default(''),
    scope: z.enum(['fleet', 'workflows']).default('fleet'),
    tz,
  })
  .strict();

export const remediationParams = z.object({
  cluster: clusterName,
  name: objectName,
});
export const workflowParams = z.object({
  cluster: clusterName,
  name: objectName,
});

/** Parses request input; a mismatch is a 400 that names the offending field. */
export function parse<T extends z.ZodType>(
  schema: T,
  input: unknown,
): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path.join('.');
  throw new InputError(
    issue.code === 'unrecognized_keys'
      ? `unknown parameter ${issue.keys.join(', ')}`
      : `${path ? `${path}: ` : ''}${issue.message}`,
  );
}

/** `:id` of an investigation route. */
export const investigationParams = z.object({
  id: z.string().uuid('not an investigation id'),
});

/** A person's message to the agent. */
export const agentMessage = z
  .string()
  .trim()
  .min(1, 'message is empty')
  .max(8000, 'message is longer than 8000 characters');

/** Workflow parameters a person gives: identifiers to short strings. */
export const workflowParameters = z.record(
  z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'parameter names are identifiers')
    .max(100),
  z.string().max(1000),
);
