import { createHash } from 'node:crypto';
import { apiVersionOf, type ResourceType } from './resources';

function gvk(type: ResourceType) {
  return { group: type.group, version: type.version, kind: type.kind };
}

function schemaName(type: ResourceType) {
  const group = type.group
    ? type.group.split('.').reverse().join('.')
    : 'io.k8s.api.core';
  return `${group}.${type.version}.${type.kind}`;
}

const QUERY = (name: string) => ({
  name,
  in: 'query',
  schema: { type: 'string' },
  uniqueItems: true,
});

function operation(type: ResourceType, action: string) {
  return {
    operationId: `${action}${type.kind}`,
    parameters: [
      QUERY('dryRun'),
      QUERY('fieldManager'),
      QUERY('fieldValidation'),
    ],
    responses: {
      '200': {
        description: 'OK',
        content: {
          'application/json': {
            schema: { $ref: `#/components/schemas/${schemaName(type)}` },
          },
        },
      },
    },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk(type),
  };
}

/**
 * The OpenAPI v3 document of one group-version. kubectl reads it to learn that the server
 * validates fields itself (`fieldValidation`), then leaves validation to the server.
 */
export function openApiDocument(groupVersion: string, types: ResourceType[]) {
  const prefix = groupVersion === 'v1' ? '/api/v1' : `/apis/${groupVersion}`;
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const type of types) {
    const collection = type.namespaced
      ? `${prefix}/namespaces/{namespace}/${type.plural}`
      : `${prefix}/${type.plural}`;
    paths[collection] = { post: operation(type, 'post') };
    paths[`${collection}/{name}`] = {
      put: operation(type, 'put'),
      patch: operation(type, 'patch'),
      get: operation(type, 'get'),
    };
    if (type.hasStatus) {
      paths[`${collection}/{name}/status`] = {
        put: operation(type, 'put'),
        patch: operation(type, 'patch'),
      };
    }
    schemas[schemaName(type)] = {
      type: 'object',
      'x-kubernetes-group-version-kind': [gvk(type)],
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
        },
        spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        status: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
        },
      },
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.31.0-kubernaut-sandbox' },
    paths,
    components: { schemas },
  };
}

export function openApiIndex(
  groupVersions: string[],
  documents: Map<string, unknown>,
) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of groupVersions) {
    const key = gv === 'v1' ? 'api/v1' : `apis/${gv}`;
    const hash = createHash('sha256')
      .update(JSON.stringify(documents.get(gv)))
      .digest('hex')
      .slice(0, 32)
      .toUpperCase();
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hash}` };
  }
  return { paths };
}

export function groupVersionsOf(
  types: ResourceType[],
): Map<string, ResourceType[]> {
  const result = new Map<string, ResourceType[]>();
  for (const type of types) {
    const gv = apiVersionOf(type);
    result.set(gv, [...(result.get(gv) ?? []), type]);
  }
  return result;
}
