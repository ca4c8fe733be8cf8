import { InputError } from '@backstage/errors';
import { createHash } from 'node:crypto';

export interface CursorPosition {
  /** The sort key of the last row returned, then cluster and name as tie-breakers. */
  key: string | number;
  cluster: string;
  name: string;
}

interface CursorBody extends CursorPosition {
  v: 1;
  /** Fingerprint of the query the cursor belongs to. */
  q: string;
}

export function queryFingerprint(parts: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(parts))
    .digest('base64url')
    .slice(0, 16);
}

export function encodeCursor(
  position: CursorPosition,
  fingerprint: string,
): string {
  const body: CursorBody = { v: 1, q: fingerprint, ...position };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** Decodes a cursor; a malformed one, or one from another query, is a 400. */
export function decodeCursor(
  cursor: string,
  fingerprint: string,
): CursorPosition {
  let body: Partial<CursorBody>;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InputError('cursor is not valid');
  }
  if (
    body?.v !== 1 ||
    (typeof body.key !== 'string' && typeof body.key !== 'number') ||
    typeof body.cluster !== 'string' ||
    typeof body.name !== 'string'
  ) {
    throw new InputError('cursor is not valid');
  }
  if (body.q !== fingerprint)
    throw new InputError(
      'cursor belongs to a different query; start again without it',
    );
  return { key: body.key, cluster: body.cluster, name: body.name };
}
