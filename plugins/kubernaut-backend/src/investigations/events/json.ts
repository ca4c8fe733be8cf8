/** Readers for JSON that came over the wire: each returns undefined (or empty) for the wrong shape. */
export type Json = Record<string, unknown>;

export const record = (value: unknown): Json =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Json)
    : {};

export const text = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;

export const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

export const strings = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.map(v => (typeof v === 'string' ? v : JSON.stringify(v)))
    : [];

export const stringMap = (value: unknown): Record<string, string> =>
  Object.fromEntries(
    Object.entries(record(value)).map(([k, v]) => [
      k,
      typeof v === 'string' ? v : JSON.stringify(v),
    ]),
  );

export function parseJson(value: string | undefined): Json {
  if (!value) return {};
  try {
    return record(JSON.parse(value));
  } catch {
    return {};
  }
}

/** JSON that upstream builds by string formatting: the outermost object, when it parses. */
export function looseJson(value: string): Json {
  const start = value.indexOf('{');
  const end = value.lastIndexOf('}');
  if (start < 0 || end <= start) return {};
  return parseJson(value.slice(start, end + 1));
}

/** The text of an A2A message's or artifact's parts, joined. */
export function partsText(parts: unknown): string {
  return (Array.isArray(parts) ? parts : [])
    .map(part => text(record(part).text) ?? '')
    .join('');
}
