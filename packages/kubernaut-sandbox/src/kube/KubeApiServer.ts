import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyTooLargeError, readBody, sendJson } from '../http';
import {
  admitApprovalStatus,
  admitSpecChange,
  type AdmissionContext,
} from './admission';
import type { Authorizer, UserInfo } from './auth';
import { API_FRONTEND_USER } from './auth';
import {
  apiGroupList,
  apiResourceList,
  coreApiVersions,
  kubernautGroup,
  versionInfo,
} from './discovery';
import type {
  KubeObject,
  NewObject,
  ObjectStore,
  StoreEvent,
} from './ObjectStore';
import { groupVersionsOf, openApiDocument, openApiIndex } from './openapi';
import { applyJsonPatch, applyMergePatch } from './patch';
import {
  apiVersionOf,
  KUBERNAUT_GROUP,
  KUBERNAUT_VERSION,
  RESOURCE_TYPES,
  type ResourceType,
  type StatusLayout,
} from './resources';
import { toTable } from './printerColumns';
import { parseFieldSelector, parseLabelSelector } from './selectors';
import { KubeError, kubeErrors } from './status';

const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** Field selectors a real API server accepts per resource, beyond metadata.name/namespace. */
const FIELD_SELECTORS: Record<string, string[]> = {
  remediationrequests: [
    'spec.signalFingerprint',
    'spec.signalType',
    'spec.severity',
    'spec.clusterID',
  ],
  remediationapprovalrequests: [
    'spec.remediationRequestRef.name',
    'spec.aiAnalysisRef.name',
  ],
  // +kubebuilder:selectablefield markers of api/notification/v1alpha1/notificationrequest_types.go
  notificationrequests: [
    'spec.remediationRequestRef.name',
    'spec.type',
    'spec.severity',
  ],
  events: [
    'involvedObject.name',
    'involvedObject.kind',
    'involvedObject.namespace',
    'reason',
    'type',
  ],
  pods: ['status.phase', 'spec.nodeName'],
};

interface TableRequest {
  includeObject: boolean;
}

interface ParsedPath {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
}

export interface KubeApiServerOptions {
  store: ObjectStore;
  authorizer: Authorizer;
  serverAddress: () => string;
  now: () => Date;
  /** Delay before answering, set by the latency fault switch. */
  latencyMs: () => number;
  bookmarkIntervalMs?: number;
  /** Which printer columns kubectl gets (they follow the status layout). */
  layout: StatusLayout;
}

function toKubeError(error: unknown): KubeError {
  if (error instanceof KubeError) return error;
  if (error instanceof BodyTooLargeError) return kubeErrors.tooLarge();
  return new KubeError(
    500,
    'InternalError',
    `Internal error occurred: ${String(error)}`,
  );
}

/** The Kubernetes REST API of one simulated cluster, good enough for kubectl and client-node. */
export class KubeApiServer {
  private readonly watches = new Set<ServerResponse>();
  private readonly typesByGroupVersion: Map<string, ResourceType[]>;
  private readonly openApi = new Map<string, unknown>();

  constructor(private readonly options: KubeApiServerOptions) {
    this.typesByGroupVersion = groupVersionsOf(options.store.types());
    for (const [gv, types] of this.typesByGroupVersion)
      this.openApi.set(gv, openApiDocument(gv, types));
  }

  /** Ends every open watch, as an API server restart or a load balancer timeout would. */
  dropWatches(): number {
    const count = this.watches.size;
    for (const res of this.watches) res.destroy();
    this.watches.clear();
    return count;
  }

  get openWatchCount(): number {
    return this.watches.size;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await new Promise(resolve =>
        setTimeout(resolve, this.options.latencyMs()),
      );
      await this.route(req, res);
    } catch (error) {
      const kubeError = toKubeError(error);
      if (!res.headersSent) sendJson(res, kubeError.code, kubeError.toStatus());
      else res.end();
    }
  }

  private async route(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const path = url.pathname.replace(/\/+$/, '') || '/';

    if (path === '/healthz' || path === '/readyz' || path === '/livez') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }

    const caller = this.options.authorizer.authenticate(
      req.headers.authorization,
    );
    const user = this.options.authorizer.impersonate(caller, req.headers);

    const discovery = this.discovery(path);
    if (discovery !== undefined) {
      if (req.method !== 'GET')
        throw kubeErrors.methodNotAllowed(
          `the server does not allow this method on the requested resource`,
        );
      sendJson(res, 200, discovery);
      return;
    }

    const parsed = this.parsePath(path);
    if (!parsed) throw kubeErrors.pageNotFound(`${req.method} ${path}`);

    const params = url.searchParams;
    const watching =
      params.get('watch') === 'true' || params.get('watch') === '1';
    const table = this.tableOptions(req, params);
    if (req.method === 'GET' && parsed.name) this.get(res, user, parsed, table);
    else if (req.method === 'GET' && watching)
      this.watch(req, res, user, parsed, params, table);
    else if (req.method === 'GET') this.list(res, user, parsed, params, table);
    else if (req.method === 'POST' && !parsed.name)
      await this.create(req, res, user, parsed, params);
    else if (req.method === 'PUT')
      await this.replace(req, res, user, this.requireName(parsed), params);
    else if (req.method === 'PATCH')
      await this.patch(req, res, user, this.requireName(parsed), params);
    else if (req.method === 'DELETE')
      this.remove(res, user, this.requireName(parsed), params);
    else
      throw kubeErrors.methodNotAllowed(
        'the server does not allow this method on the requested resource',
      );
  }

  private requireName(parsed: ParsedPath): ParsedPath & { name: string } {
    if (!parsed.name)
      throw kubeErrors.methodNotAllowed(
        'the server does not allow this method on the requested resource',
      );
    return parsed as ParsedPath & { name: string };
  }

  private discovery(path: string): unknown | undefined {
    switch (path) {
      case '/version':
        return versionInfo();
      case '/openapi/v3':
        return openApiIndex([...this.openApi.keys()], this.openApi);
      case '/openapi/v3/api/v1':
        return this.openApi.get('v1');
      case `/openapi/v3/apis/${KUBERNAUT_GROUP}/${KUBERNAUT_VERSION}`:
        return this.openApi.get(`${KUBERNAUT_GROUP}/${KUBERNAUT_VERSION}`);
      case '/api':
        return coreApiVersions(this.options.serverAddress());
      case '/apis':
        return apiGroupList();
      case `/apis/${KUBERNAUT_GROUP}`:
        return kubernautGroup();
      case '/api/v1':
        return apiResourceList('v1', this.typesByGroupVersion.get('v1') ?? []);
      case `/apis/${KUBERNAUT_GROUP}/${KUBERNAUT_VERSION}`:
        return apiResourceList(
          `${KUBERNAUT_GROUP}/${KUBERNAUT_VERSION}`,
          this.typesByGroupVersion.get(
            `${KUBERNAUT_GROUP}/${KUBERNAUT_VERSION}`,
          ) ?? [],
        );
      default:
        return undefined;
    }
  }

  private parsePath(path: string): ParsedPath | undefined {
    const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
    let groupVersion: string;
    let rest: string[];
    if (segments[0] === 'api' && segments[1] === 'v1') {
      groupVersion = 'v1';
      rest = segments.slice(2);
    } else if (segments[0] === 'apis' && segments.length >= 3) {
      groupVersion = `${segments[1]}/${segments[2]}`;
      rest = segments.slice(3);
    } else {
      return undefined;
    }
    const types = this.typesByGroupVersion.get(groupVersion);
    if (!types) return undefined;

    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
    const type = types.find(t => t.plural === rest[0]);
    if (!type || rest.length > 3) return undefined;
    if (namespace && !type.namespaced) return undefined;
    const subresource = rest[2];
    if (subresource && (subresource !== 'status' || !type.hasStatus))
      return undefined;
    return { type, namespace, name: rest[1], subresource };
  }

  private authorize(user: UserInfo, verb: string, parsed: ParsedPath) {
    this.options.authorizer.authorize({
      user,
      verb,
      apiGroup: parsed.type.group,
      resource: parsed.type.plural,
      subresource: parsed.subresource,
      name: parsed.name,
      namespace: parsed.namespace,
    });
  }

  /** kubectl asks for `meta.k8s.io/v1` Tables to print the CRDs' columns. */
  private tableOptions(
    req: IncomingMessage,
    params: URLSearchParams,
  ): TableRequest | undefined {
    if (!(req.headers.accept ?? '').includes('as=Table')) return undefined;
    return { includeObject: params.get('includeObject') === 'Object' };
  }

  private table(
    parsed: ParsedPath,
    objects: KubeObject[],
    request: TableRequest,
    resourceVersion: number,
    continueToken?: string,
  ) {
    return toTable(parsed.type.kind, this.options.layout, objects, {
      resourceVersion: String(resourceVersion),
      continueToken,
      includeObject: request.includeObject,
      now: this.options.now(),
    });
  }

  private get(
    res: ServerResponse,
    user: UserInfo,
    parsed: ParsedPath,
    table?: TableRequest,
  ) {
    this.authorize(user, 'get', parsed);
    const entry = this.options.store.mustGet(
      parsed.type,
      parsed.namespace,
      parsed.name!,
    );
    if (table) {
      sendJson(res, 200, this.table(parsed, [entry.object], table, entry.rv));
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(entry.json),
    });
    res.end(entry.json);
  }

  private filterFor(parsed: ParsedPath, params: URLSearchParams) {
    const labels = parseLabelSelector(params.get('labelSelector') ?? undefined);
    const fields = parseFieldSelector(
      params.get('fieldSelector') ?? undefined,
      [
        'metadata.name',
        'metadata.namespace',
        ...(FIELD_SELECTORS[parsed.type.plural] ?? []),
      ],
    );
    if (!params.get('labelSelector') && !params.get('fieldSelector'))
      return undefined;
    return (object: KubeObject) =>
      labels(object.metadata.labels) &&
      fields(object as unknown as Record<string, unknown>);
  }

  private list(
    res: ServerResponse,
    user: UserInfo,
    parsed: ParsedPath,
    params: URLSearchParams,
    table?: TableRequest,
  ) {
    this.authorize(user, 'list', parsed);
    const limitParam = params.get('limit');
    const limit = limitParam === null ? undefined : Number(limitParam);
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
      throw kubeErrors.badRequest(
        `limit: Invalid value: "${limitParam}": must be a non-negative integer`,
      );
    }
    const result = this.options.store.list(parsed.type, {
      namespace: parsed.namespace,
      filter: this.filterFor(parsed, params),
      limit,
      continueToken: params.get('continue') ?? undefined,
    });
    if (table) {
      sendJson(
        res,
        200,
        this.table(
          parsed,
          result.items.map(i => i.object),
          table,
          result.resourceVersion,
          result.continueToken,
        ),
      );
      return;
    }
    const metadata = JSON.stringify({
      resourceVersion: String(result.resourceVersion),
      ...(result.continueToken ? { continue: result.continueToken } : {}),
      ...(result.remainingItemCount !== undefined
        ? { remainingItemCount: result.remainingItemCount }
        : {}),
    });
    const head = `{"kind":"${
      parsed.type.kind
    }List","apiVersion":"${apiVersionOf(
      parsed.type,
    )}","metadata":${metadata},"items":[`;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.write(head);
    const batch = 500;
    for (let i = 0; i < result.items.length; i += batch) {
      const slice = result.items
        .slice(i, i + batch)
        .map(item => item.json)
        .join(',');
      res.write(i === 0 ? slice : `,${slice}`);
    }
    res.end(']}');
  }

  private watch(
    req: IncomingMessage,
    res: ServerResponse,
    user: UserInfo,
    parsed: ParsedPath,
    params: URLSearchParams,
    table?: TableRequest,
  ) {
    this.authorize(user, 'watch', parsed);
    const rvParam = params.get('resourceVersion');
    const resourceVersion = rvParam ? Number(rvParam) : undefined;
    if (rvParam && !Number.isFinite(resourceVersion)) {
      throw kubeErrors.badRequest(
        `resourceVersion: Invalid value: "${rvParam}": must be an integer`,
      );
    }
    const filter = this.filterFor(parsed, params);
    const bookmarks = params.get('allowWatchBookmarks') === 'true';
    const timeoutSeconds = Number(params.get('timeoutSeconds') ?? 0);

    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache',
      'Transfer-Encoding': 'chunked',
    });
    res.flushHeaders();
    this.watches.add(res);

    const write = (line: string) => {
      if (!res.writableEnded && !res.destroyed) res.write(`${line}\n`);
    };
    const onEvent = (event: StoreEvent) =>
      write(
        `{"type":"${event.type}","object":${
          table
            ? JSON.stringify(
                this.table(parsed, [event.entry.object], table, event.rv),
              )
            : event.entry.json
        }}`,
      );

    let unsubscribe: () => void = () => undefined;
    try {
      unsubscribe = this.options.store.watch(
        parsed.type,
        {
          namespace: parsed.namespace,
          filter,
          resourceVersion: resourceVersion || undefined,
        },
        onEvent,
      );
    } catch (error) {
      if (error instanceof KubeError && error.code === 410) {
        write(JSON.stringify({ type: 'ERROR', object: error.toStatus() }));
        this.watches.delete(res);
        res.end();
        return;
      }
      throw error;
    }

    const bookmark = () =>
      write(
        JSON.stringify({
          type: 'BOOKMARK',
          object: {
            kind: parsed.type.kind,
            apiVersion: apiVersionOf(parsed.type),
            metadata: {
              resourceVersion: String(this.options.store.resourceVersion),
            },
          },
        }),
      );
    const timers: NodeJS.Timeout[] = [];
    if (bookmarks)
      timers.push(
        setInterval(bookmark, this.options.bookmarkIntervalMs ?? 10_000),
      );
    if (timeoutSeconds > 0)
      timers.push(setTimeout(() => res.end(), timeoutSeconds * 1000));

    const close = () => {
      unsubscribe();
      timers.forEach(t => clearTimeout(t));
      this.watches.delete(res);
    };
    req.on('close', close);
    res.on('close', close);
  }

  private async readObject(req: IncomingMessage): Promise<unknown> {
    const text = await readBody(req, MAX_BODY_BYTES);
    try {
      return JSON.parse(text);
    } catch (error) {
      throw kubeErrors.badRequest(
        `couldn't get version/kind; json parse error: ${
          (error as Error).message
        }`,
      );
    }
  }

  private checkBody(parsed: ParsedPath, body: unknown): KubeObject {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw kubeErrors.badRequest(
        'the body of the request must be a JSON object',
      );
    }
    const object = body as KubeObject;
    const expected = apiVersionOf(parsed.type);
    if (object.apiVersion !== undefined && object.apiVersion !== expected) {
      throw kubeErrors.badRequest(
        `the API version in the data (${object.apiVersion}) does not match the expected API version (${expected})`,
      );
    }
    if (object.kind !== undefined && object.kind !== parsed.type.kind) {
      throw kubeErrors.badRequest(
        `the kind in the data (${object.kind}) does not match the expected kind (${parsed.type.kind})`,
      );
    }
    const metadata = (object.metadata ?? {}) as KubeObject['metadata'];
    if (typeof metadata !== 'object')
      throw kubeErrors.badRequest('metadata must be an object');
    if (
      parsed.namespace &&
      metadata.namespace &&
      metadata.namespace !== parsed.namespace
    ) {
      throw kubeErrors.badRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    return {
      ...object,
      apiVersion: expected,
      kind: parsed.type.kind,
      metadata: { ...metadata },
    };
  }

  private admission(user: UserInfo): AdmissionContext {
    return {
      user,
      store: this.options.store,
      now: this.options.now,
      trustedIntermediaries: [API_FRONTEND_USER],
    };
  }

  private requireNamespace(parsed: ParsedPath) {
    if (parsed.type.namespaced && !parsed.namespace) {
      throw kubeErrors.pageNotFound(
        `${parsed.type.plural} without a namespace`,
      );
    }
    if (
      parsed.namespace &&
      !this.options.store.get(
        RESOURCE_TYPES.namespaces,
        undefined,
        parsed.namespace,
      )
    ) {
      throw kubeErrors.notFound({
        group: '',
        plural: 'namespaces',
        name: parsed.namespace,
      });
    }
  }

  private async create(
    req: IncomingMessage,
    res: ServerResponse,
    user: UserInfo,
    parsed: ParsedPath,
    params: URLSearchParams,
  ) {
    this.authorize(user, 'create', parsed);
    this.requireNamespace(parsed);
    const object = this.checkBody(parsed, await this.readObject(req));
    const input: NewObject = {
      ...object,
      metadata: { ...object.metadata, namespace: parsed.namespace },
    };
    delete input.metadata.resourceVersion;
    delete input.metadata.uid;
    delete input.metadata.creationTimestamp;
    if (parsed.type.group) delete input.status;
    if (params.get('dryRun') === 'All') {
      sendJson(res, 201, input);
      return;
    }
    const entry = this.options.store.create(parsed.type, input);
    res.writeHead(201, { 'Content-Type': 'application/json' });
    res.end(entry.json);
  }

  /** Applies a change computed from the current object, with the status subresource rules. */
  private write(
    user: UserInfo,
    parsed: ParsedPath & { name: string },
    compute: (current: KubeObject) => KubeObject,
    expectedResourceVersion?: string,
  ) {
    const { type } = parsed;
    return this.options.store.update(
      type,
      parsed.namespace,
      parsed.name,
      current => {
        const proposed = compute(current);
        let next: KubeObject;
        if (parsed.subresource === 'status') {
          next = { ...current, status: proposed.status };
        } else {
          next = {
            ...proposed,
            status:
              type.hasStatus && type.group ? current.status : proposed.status,
          };
          admitSpecChange(type, current, next);
        }
        if (type === RESOURCE_TYPES.remediationApprovalRequests) {
          next = admitApprovalStatus(current, next, this.admission(user));
        }
        return next;
      },
      { expectedResourceVersion },
    );
  }

  private async replace(
    req: IncomingMessage,
    res: ServerResponse,
    user: UserInfo,
    parsed: ParsedPath & { name: string },
    params: URLSearchParams,
  ) {
    this.authorize(user, 'update', parsed);
    const object = this.checkBody(parsed, await this.readObject(req));
    if (object.metadata.name && object.metadata.name !== parsed.name) {
      throw kubeErrors.badRequest(
        'the name of the object does not match the name on the URL',
      );
    }
    const expected = object.metadata.resourceVersion;
    if (!expected) {
      throw kubeErrors.invalid(
        {
          group: parsed.type.group,
          plural: parsed.type.plural,
          name: parsed.name,
        },
        parsed.type.kind,
        [
          {
            field: 'metadata.resourceVersion',
            message: 'Invalid value: 0x0: must be specified for an update',
          },
        ],
      );
    }
    const entry = this.writeOrDryRun(
      user,
      parsed,
      () => object,
      expected,
      params,
    );
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(entry);
  }

  private async patch(
    req: IncomingMessage,
    res: ServerResponse,
    user: UserInfo,
    parsed: ParsedPath & { name: string },
    params: URLSearchParams,
  ) {
    this.authorize(user, 'patch', parsed);
    const contentType = (req.headers['content-type'] ?? '')
      .split(';')[0]
      .trim();
    const body = await this.readObject(req);
    let apply: (current: KubeObject) => KubeObject;
    if (contentType === 'application/merge-patch+json') {
      if (!body || typeof body !== 'object' || Array.isArray(body))
        throw kubeErrors.badRequest('merge patch must be a JSON object');
      apply = current => applyMergePatch(current, body) as KubeObject;
    } else if (contentType === 'application/json-patch+json') {
      apply = current => applyJsonPatch(current, body) as KubeObject;
    } else if (
      contentType === 'application/strategic-merge-patch+json' &&
      !parsed.type.group
    ) {
      apply = current => applyMergePatch(current, body) as KubeObject;
    } else {
      throw kubeErrors.unsupportedMediaType(contentType || 'none');
    }
    const expected = (body as { metadata?: { resourceVersion?: string } })
      ?.metadata?.resourceVersion;
    const entry = this.writeOrDryRun(user, parsed, apply, expected, params);
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(entry);
  }

  private writeOrDryRun(
    user: UserInfo,
    parsed: ParsedPath & { name: string },
    compute: (current: KubeObject) => KubeObject,
    expected: string | undefined,
    params: URLSearchParams,
  ): string {
    if (params.get('dryRun') === 'All') {
      const current = this.options.store.mustGet(
        parsed.type,
        parsed.namespace,
        parsed.name,
      ).object;
      return JSON.stringify(compute(structuredClone(current)));
    }
    return this.write(user, parsed, compute, expected).json;
  }

  private remove(
    res: ServerResponse,
    user: UserInfo,
    parsed: ParsedPath & { name: string },
    params: URLSearchParams,
  ) {
    this.authorize(user, 'delete', parsed);
    if (parsed.subresource)
      throw kubeErrors.methodNotAllowed(
        'the server does not allow this method on the requested resource',
      );
    if (params.get('dryRun') === 'All') {
      const entry = this.options.store.mustGet(
        parsed.type,
        parsed.namespace,
        parsed.name,
      );
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(entry.json);
      return;
    }
    const entry = this.options.store.delete(
      parsed.type,
      parsed.namespace,
      parsed.name,
    );
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(entry.json);
  }
}
