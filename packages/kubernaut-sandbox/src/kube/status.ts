/** An error the API server answers with a Kubernetes `Status` body. */
export class KubeError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }

  toStatus(): KubeStatus {
    return {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: this.message,
      reason: this.reason,
      ...(this.details ? { details: this.details } : {}),
      code: this.code,
    };
  }
}

export interface KubeStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Failure' | 'Success';
  message?: string;
  reason?: string;
  details?: Record<string, unknown>;
  code: number;
}

export interface ResourceRef {
  group: string;
  plural: string;
  name?: string;
}

function qualified(ref: ResourceRef): string {
  return ref.group ? `${ref.plural}.${ref.group}` : ref.plural;
}

function detailsOf(ref: ResourceRef) {
  return { name: ref.name, group: ref.group || undefined, kind: ref.plural };
}

export const kubeErrors = {
  notFound: (ref: ResourceRef) =>
    new KubeError(
      404,
      'NotFound',
      `${qualified(ref)} "${ref.name}" not found`,
      detailsOf(ref),
    ),
  alreadyExists: (ref: ResourceRef) =>
    new KubeError(
      409,
      'AlreadyExists',
      `${qualified(ref)} "${ref.name}" already exists`,
      detailsOf(ref),
    ),
  conflict: (ref: ResourceRef, why: string) =>
    new KubeError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(ref)} "${
        ref.name
      }": ${why}`,
      detailsOf(ref),
    ),
  invalid: (
    ref: ResourceRef,
    kind: string,
    causes: Array<{ field: string; message: string }>,
  ) =>
    new KubeError(
      422,
      'Invalid',
      `${kind}.${ref.group || 'core'} "${ref.name ?? ''}" is invalid: ${causes
        .map(c => `${c.field}: ${c.message}`)
        .join(', ')}`,
      {
        ...detailsOf(ref),
        kind,
        causes: causes.map(c => ({
          reason: 'FieldValueInvalid',
          message: c.message,
          field: c.field,
        })),
      },
    ),
  badRequest: (message: string) => new KubeError(400, 'BadRequest', message),
  unauthorized: () => new KubeError(401, 'Unauthorized', 'Unauthorized'),
  forbidden: (message: string, ref?: ResourceRef) =>
    new KubeError(403, 'Forbidden', message, ref ? detailsOf(ref) : undefined),
  methodNotAllowed: (message: string) =>
    new KubeError(405, 'MethodNotAllowed', message),
  gone: (message: string) => new KubeError(410, 'Expired', message),
  unsupportedMediaType: (contentType: string) =>
    new KubeError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml (got ${contentType})`,
    ),
  tooLarge: () =>
    new KubeError(413, 'RequestEntityTooLarge', 'Request entity too large'),
  pageNotFound: (path: string) =>
    new KubeError(
      404,
      'NotFound',
      `the server could not find the requested resource (${path})`,
    ),
  unavailable: (message: string) =>
    new KubeError(503, 'ServiceUnavailable', message),
};
