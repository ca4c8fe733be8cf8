import { kubeErrors } from './status';

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** RFC 7386 JSON merge patch. */
export function applyMergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: Record<string, Json> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}

interface JsonPatchOp {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: Json;
}

function pointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/'))
    throw kubeErrors.badRequest(`invalid JSON pointer "${path}"`);
  return path
    .slice(1)
    .split('/')
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function parentOf(
  doc: Json,
  segments: string[],
  path: string,
): { parent: Record<string, Json> | Json[]; key: string } {
  let current = doc;
  for (const segment of segments.slice(0, -1)) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isObject(current)) current = current[segment];
    else current = undefined;
    if (current === undefined)
      throw kubeErrors.invalid({ group: '', plural: '' }, 'Patch', [
        { field: path, message: 'path does not exist' },
      ]);
  }
  if (!Array.isArray(current) && !isObject(current)) {
    throw kubeErrors.badRequest(
      `the server rejected our request due to an error in our request: cannot apply patch at ${path}`,
    );
  }
  return { parent: current, key: segments[segments.length - 1] };
}

function getAt(doc: Json, path: string): Json {
  let current = doc;
  for (const segment of pointer(path)) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isObject(current)) current = current[segment];
    else return undefined;
  }
  return current;
}

function removeAt(doc: Json, path: string): Json {
  const { parent, key } = parentOf(doc, pointer(path), path);
  if (Array.isArray(parent)) return parent.splice(Number(key), 1)[0];
  const value = parent[key];
  if (value === undefined)
    throw kubeErrors.badRequest(`unable to remove nonexistent key: ${key}`);
  delete parent[key];
  return value;
}

function addAt(doc: Json, path: string, value: Json, replace: boolean): Json {
  const segments = pointer(path);
  if (segments.length === 0) return value;
  const { parent, key } = parentOf(doc, segments, path);
  if (Array.isArray(parent)) {
    const index = key === '-' ? parent.length : Number(key);
    if (replace) parent[index] = value;
    else parent.splice(index, 0, value);
  } else {
    if (replace && !(key in parent))
      throw kubeErrors.badRequest(
        `replace operation does not apply: doc is missing key: ${path}`,
      );
    parent[key] = value;
  }
  return doc;
}

/** RFC 6902 JSON patch. */
export function applyJsonPatch(target: Json, operations: Json): Json {
  if (!Array.isArray(operations))
    throw kubeErrors.badRequest('json patch must be an array of operations');
  let doc = structuredClone(target);
  for (const raw of operations as JsonPatchOp[]) {
    switch (raw?.op) {
      case 'add':
        doc = addAt(doc, raw.path, structuredClone(raw.value), false);
        break;
      case 'replace':
        doc = addAt(doc, raw.path, structuredClone(raw.value), true);
        break;
      case 'remove':
        removeAt(doc, raw.path);
        break;
      case 'move': {
        const value = removeAt(doc, raw.from ?? '');
        doc = addAt(doc, raw.path, value, false);
        break;
      }
      case 'copy':
        doc = addAt(
          doc,
          raw.path,
          structuredClone(getAt(doc, raw.from ?? '')),
          false,
        );
        break;
      case 'test':
        if (
          JSON.stringify(getAt(doc, raw.path)) !== JSON.stringify(raw.value)
        ) {
          throw kubeErrors.invalid({ group: '', plural: '' }, 'Patch', [
            { field: raw.path, message: 'test operation failed' },
          ]);
        }
        break;
      default:
        throw kubeErrors.badRequest(
          `unknown json patch operation ${JSON.stringify(
            (raw as JsonPatchOp)?.op,
          )}`,
        );
    }
  }
  return doc;
}
