/**
 * Tool input schemas as upstream API Frontend serves them: inferred from Go argument structs by
 * jsonschema-go (`handler/mcp_bridge.go` registers every tool through `mcp.AddTool`). A field
 * without `omitempty` is required, every object forbids additional properties, and there are
 * no enums. The MCP go-sdk validates `arguments` against it before the tool runs; failures are
 * tool results with the text `validating "arguments": …`.
 */
export interface JsonSchema {
  type?: 'object' | 'string' | 'number' | 'integer' | 'boolean' | 'array';
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: false | JsonSchema;
  items?: JsonSchema;
}

type Field = JsonSchema & { optional?: boolean };

export const string = (description?: string): Field => ({
  type: 'string',
  ...(description ? { description } : {}),
});

/** Go's `map[string]any`: any object. */
export const anyObject = (): Field => ({
  type: 'object',
  additionalProperties: {},
});

/** A field tagged `omitempty`: may be left out. */
export function optional(field: Field): Field {
  return { ...field, optional: true };
}

/** A Go struct: every field required unless `optional`, nothing else allowed. */
export function struct(fields: Record<string, Field>): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [name, { optional: isOptional, ...schema }] of Object.entries(
    fields,
  )) {
    properties[name] = schema;
    if (!isOptional) required.push(name);
  }
  return {
    type: 'object',
    ...(required.length ? { required } : {}),
    properties,
    additionalProperties: false,
  };
}

/** How Go's `%v` prints a decoded JSON value. */
function goValue(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goValue).join(' ')}]`;
  if (typeof value === 'object')
    return `map[${Object.keys(value)
      .sort()
      .map(k => `${k}:${goValue((value as Record<string, unknown>)[k])}`)
      .join(' ')}]`;
  return String(value);
}

/** Go's `%q` of a string slice: `["a" "b"]`. */
function quotedList(values: string[]): string {
  return `[${values.map(v => JSON.stringify(v)).join(' ')}]`;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** jsonschema-go's checks in its order: type, properties, additionalProperties, required. */
function check(
  value: unknown,
  schema: JsonSchema,
  path: string,
): string | undefined {
  if (schema.type) {
    const got = jsonType(value);
    const ok =
      got === schema.type || (got === 'integer' && schema.type === 'number');
    if (!ok)
      return `type: ${goValue(value)} has type ${JSON.stringify(
        got,
      )}, want ${JSON.stringify(schema.type)}`;
  }
  if (Array.isArray(value) && schema.items) {
    for (const item of value) {
      const error = check(item, schema.items, `${path}/items`);
      if (error) return `validating ${path}/items: ${error}`;
    }
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    const evaluated = new Set<string>();
    for (const [name, sub] of Object.entries(schema.properties ?? {})) {
      if (!(name in object)) continue;
      const where = `${path}/properties/${name}`;
      const error = check(object[name], sub, where);
      if (error) return `validating ${where}: ${error}`;
      evaluated.add(name);
    }
    if (schema.additionalProperties === false) {
      const extra = Object.keys(object).filter(k => !evaluated.has(k));
      if (extra.length)
        return `unexpected additional properties ${quotedList(extra)}`;
    }
    const missing = (schema.required ?? []).filter(k => !(k in object));
    if (missing.length)
      return `required: missing properties: ${quotedList(missing)}`;
  }
  return undefined;
}

/**
 * Validates tool arguments as the go-sdk does; returns the error text of the tool result, or
 * undefined when they are valid. Absent arguments count as `{}`.
 */
export function validateArguments(
  args: unknown,
  schema: JsonSchema,
): string | undefined {
  if (args === undefined || args === null) return validateArguments({}, schema);
  if (typeof args !== 'object' || Array.isArray(args)) {
    const kind = Array.isArray(args) ? 'array' : typeof args;
    return `validating "arguments": unmarshaling arguments: json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
  }
  const error = check(args, schema, '');
  return error
    ? `validating "arguments": validating root: ${error}`
    : undefined;
}
