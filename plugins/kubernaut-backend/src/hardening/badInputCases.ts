/**
 * The bad-input table: every route the plugin serves, with the shape of a request it takes, and
 * the hostile variations of that request the fuzz sends. Pure data and generators; the suite in
 * `badInput.integration.test.ts` sends them to a real backend.
 */

export type Method = 'GET' | 'POST';

/** How a route is reached: its express pattern, the parameters and body it takes. */
export interface RouteShape {
  method: Method;
  /** The express pattern, exactly as the router declares it. */
  pattern: string;
  /** A value for each `:param` that passes validation (the thing named may not exist). */
  params?: Record<string, string>;
  /** Query parameters the route takes; `text` ones carry free text, the others names or enums. */
  query?: Record<string, 'text' | 'name'>;
  /** A body of the right shape (POST routes); each field is mutated in turn. */
  body?: Record<string, unknown>;
  /** Free-text body fields: injection strings there are data, not refused. */
  textFields?: string[];
  /** Answers with an event stream when the request is good: only refused cases are sent. */
  stream?: boolean;
}

/** One request the fuzz sends, and what must come back. */
export interface FuzzCase {
  route: RouteShape;
  what: string;
  path: string;
  query?: string;
  body?: string;
  contentType?: string;
  /**
   * `refused`: a 4xx with a Backstage error body. `handled`: the input is legitimate data (free
   * text), so 2xx is right too; never a 5xx, never a stack.
   */
  expect: 'refused' | 'handled';
}

const LONG = 'a'.repeat(300);

/** Names that no route may take as a cluster, object or investigation id. */
export const ODD_NAMES: Array<[string, string]> = [
  ['dot-dot', '..'],
  ['encoded traversal', encodeURIComponent('../../etc/passwd')],
  ['double-encoded traversal', '%252e%252e%252fetc%252fpasswd'],
  ['encoded slash', 'a%2Fb'],
  ['encoded backslash', 'a%5Cb'],
  ['leading dot', '.hidden'],
  ['trailing dot', 'name.'],
  ['upper case', 'Payment'],
  ['very long (300)', LONG],
  ['NUL byte', 'a%00b'],
  ['unicode', encodeURIComponent('zahlungsdienst-ü')],
  ['right-to-left override', encodeURIComponent('a\u202eb')],
  ['emoji', encodeURIComponent('🔥')],
  ['space', 'a%20b'],
  ['bad percent-encoding', '%E0%A4%A'],
  ['__proto__', '__proto__'],
  ['constructor', 'constructor'],
  ['SQL', encodeURIComponent("x' OR '1'='1")],
  ['label selector', encodeURIComponent('app=web,env!=prod')],
  ['shell', encodeURIComponent('$(touch /tmp/pwned)')],
  ['template', encodeURIComponent('{{7*7}}${7*7}')],
];

/** Strings that try to be code somewhere downstream: fine as text, never as a name. */
export const INJECTIONS: Array<[string, string]> = [
  ['SQL', "'; DROP TABLE kubernaut_investigations; --"],
  ['SQL LIKE wildcard', '%_%\\'],
  ['label selector', 'app in (a,b),!env'],
  ['field selector', 'metadata.name!=x'],
  ['shell', '`id`; $(id) | id && id'],
  [
    'template',
    '{{constructor.constructor("return process")()}} ${process.env}',
  ],
  ['JSON in text', '{"__proto__":{"polluted":true}}'],
  ['unicode', 'zahlung ü ß 中文 \u202e 🔥 \u0000'],
  ['regex', '(a+)+$^[[[\\'],
  ['HTML', '<script>alert(1)</script>'],
];

/** Values that pass validation but name nothing this backend knows. */
const WELL_FORMED_UNKNOWN: Record<string, string> = {
  cluster: 'nowhere',
  name: 'no-such-object',
  id: '00000000-0000-4000-8000-000000000000',
};

/** JSON values of the wrong type for any field. */
const WRONG_TYPES: Array<[string, unknown]> = [
  ['number', 42],
  ['boolean', true],
  ['null', null],
  ['array', ['a', 'b']],
  ['object', { nested: { deeper: 'x' } }],
  ['empty string', ''],
  ['string of 20k', 'x'.repeat(20_000)],
];

function fill(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/:(\w+)/g, (_, name) => params[name]);
}

/** Every hostile variation of one route's request. */
export function casesFor(route: RouteShape): FuzzCase[] {
  const params = route.params ?? {};
  const path = fill(route.pattern, params);
  const body = route.body ? JSON.stringify(route.body) : undefined;
  const base = { route, path, body, contentType: 'application/json' };
  const cases: FuzzCase[] = [];
  const add = (c: Pick<FuzzCase, 'what' | 'expect'> & Partial<FuzzCase>) =>
    cases.push({ ...base, ...c });

  for (const name of Object.keys(params)) {
    add({
      what: `:${name} well-formed but unknown`,
      path: fill(route.pattern, {
        ...params,
        [name]: WELL_FORMED_UNKNOWN[name],
      }),
      expect: 'refused',
    });
    for (const [label, odd] of ODD_NAMES)
      add({
        what: `:${name} ${label}`,
        path: fill(route.pattern, { ...params, [name]: odd }),
        expect: 'refused',
      });
  }

  add({ what: 'unknown query parameter', query: 'bogus=1', expect: 'refused' });
  add({
    what: 'oversize query string (12 kB)',
    query: `bogus=${'q'.repeat(12_000)}`,
    expect: 'refused',
  });
  add({
    what: 'prototype pollution in the query (__proto__)',
    query: '__proto__[polluted]=yes&constructor[prototype][polluted]=yes',
    expect: route.stream ? 'refused' : 'handled',
  });
  for (const [field, kind] of Object.entries(route.query ?? {})) {
    if (field === 'cluster')
      add({
        what: '?cluster well-formed but unknown',
        query: 'cluster=nowhere',
        expect: 'handled',
      });
    add({
      what: `?${field} as a nested object`,
      query: `${field}[a][b]=1`,
      expect: 'refused',
    });
    add({
      what: `?${field} oversize (12 kB)`,
      query: `${field}=${'q'.repeat(12_000)}`,
      expect: 'refused',
    });
    for (const [label, text] of INJECTIONS)
      add({
        what: `?${field} ${label} injection`,
        query: `${field}=${encodeURIComponent(text)}`,
        expect: kind === 'text' && !route.stream ? 'handled' : 'refused',
      });
  }

  if (route.method === 'POST') {
    for (const raw of ['[]', '"text"', '42', 'null', '{"a":', '{"a":1}}'])
      add({ what: `body ${raw}`, body: raw, expect: 'refused' });
    add({
      what: 'oversize body (100 kB)',
      body: JSON.stringify({ ...route.body, padding: 'x'.repeat(100_000) }),
      expect: 'refused',
    });
    add({
      what: 'body with __proto__ key',
      body: JSON.stringify(route.body ?? {}).replace(
        /^\{/,
        '{"__proto__":{"polluted":"yes"},',
      ),
      expect: 'refused',
    });
    add({
      what: 'body with constructor.prototype key',
      body: JSON.stringify({
        ...route.body,
        constructor: { prototype: { polluted: 'yes' } },
      }),
      expect: 'refused',
    });
    add({
      what: 'body with an unknown field',
      body: JSON.stringify({ ...route.body, bogus: 1 }),
      expect: 'refused',
    });
    add({
      what: 'JSON sent as text/plain',
      contentType: 'text/plain',
      expect: Object.keys(route.body ?? {}).length ? 'refused' : 'handled',
    });
    for (const field of Object.keys(route.body ?? {})) {
      for (const [label, value] of WRONG_TYPES)
        add({
          what: `body.${field} ${label}`,
          body: JSON.stringify({ ...route.body, [field]: value }),
          expect: 'refused',
        });
      if (!route.textFields?.includes(field))
        for (const [label, text] of INJECTIONS)
          add({
            what: `body.${field} ${label} injection`,
            body: JSON.stringify({ ...route.body, [field]: text }),
            expect: 'refused',
          });
    }
    for (const field of route.textFields ?? [])
      for (const [label, text] of INJECTIONS)
        add({
          what: `body.${field} ${label} injection (as text)`,
          body: JSON.stringify({ ...route.body, [field]: text }),
          expect: 'handled',
        });
  }
  return cases;
}
