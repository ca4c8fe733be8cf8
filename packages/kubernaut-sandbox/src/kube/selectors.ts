import { kubeErrors } from './status';

type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' };

export type LabelMatcher = (
  labels: Record<string, string> | undefined,
) => boolean;

const KEY =
  /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside a `(…)` value set. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map(p => p.trim()).filter(Boolean);
}

function checkKey(key: string, selector: string) {
  if (!KEY.test(key))
    throw kubeErrors.badRequest(
      `unable to parse requirement: invalid label key "${key}" in selector "${selector}"`,
    );
}

function checkValue(value: string, selector: string) {
  if (!VALUE.test(value) || value.length > 63) {
    throw kubeErrors.badRequest(
      `unable to parse requirement: invalid label value "${value}" in selector "${selector}"`,
    );
  }
}

function parseRequirement(part: string, selector: string): Requirement {
  const set = part.match(/^(\S+)\s+(in|notin)\s+\(([^)]*)\)$/);
  if (set) {
    const values = set[3]
      .split(',')
      .map(v => v.trim())
      .filter(Boolean);
    checkKey(set[1], selector);
    values.forEach(v => checkValue(v, selector));
    return { key: set[1], op: set[2] as 'in' | 'notin', values };
  }
  const equality = part.match(/^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/);
  if (equality) {
    checkKey(equality[1], selector);
    checkValue(equality[3], selector);
    return {
      key: equality[1],
      op: equality[2] === '!=' ? 'notin' : 'in',
      values: [equality[3]],
    };
  }
  const exists = part.match(/^(!?)(\S+)$/);
  if (exists) {
    checkKey(exists[2], selector);
    return { key: exists[2], op: exists[1] ? '!exists' : 'exists' };
  }
  throw kubeErrors.badRequest(
    `unable to parse requirement: "${part}" in selector "${selector}"`,
  );
}

/** Parses a Kubernetes label selector (equality- and set-based). Empty matches everything. */
export function parseLabelSelector(selector: string | undefined): LabelMatcher {
  if (!selector || !selector.trim()) return () => true;
  const requirements = splitTopLevel(selector).map(p =>
    parseRequirement(p, selector),
  );
  return labels => {
    const l = labels ?? {};
    return requirements.every(r => {
      const has = Object.prototype.hasOwnProperty.call(l, r.key);
      switch (r.op) {
        case 'exists':
          return has;
        case '!exists':
          return !has;
        case 'in':
          return has && r.values.includes(l[r.key]);
        case 'notin':
          return !has || !r.values.includes(l[r.key]);
        default:
          return false;
      }
    });
  };
}

export type FieldMatcher = (object: Record<string, unknown>) => boolean;

function valueAt(object: Record<string, unknown>, path: string): unknown {
  let current: unknown = object;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * Parses a field selector (`a.b=c`, `a.b!=c`, comma-separated) over the fields the resource
 * type allows; Kubernetes answers 400 for any other field.
 */
export function parseFieldSelector(
  selector: string | undefined,
  allowedFields: string[],
): FieldMatcher {
  if (!selector || !selector.trim()) return () => true;
  const terms = selector.split(',').map(term => {
    const m = term.trim().match(/^([A-Za-z0-9.]+)\s*(==|=|!=)\s*(.*)$/);
    if (!m)
      throw kubeErrors.badRequest(
        `invalid selector: '${selector}'; can't understand '${term}'`,
      );
    const [, field, op, value] = m;
    if (!allowedFields.includes(field)) {
      throw kubeErrors.badRequest(`field label not supported: ${field}`);
    }
    return { field, negate: op === '!=', value };
  });
  return object =>
    terms.every(t => {
      const actual = valueAt(object, t.field);
      const equal = String(actual ?? '') === t.value;
      return t.negate ? !equal : equal;
    });
}
