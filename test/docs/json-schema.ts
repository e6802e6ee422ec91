/**
 * A small JSON Schema (2020-12 subset) validator for the OpenAPI test: enough to check the real
 * server's answers against the schemas of docs/openapi.json. Supported keywords: $ref (local
 * `#/...` pointers), type, const, enum, properties, required, additionalProperties, items,
 * minItems, maxItems, minimum, maximum, pattern, oneOf, anyOf. Any other keyword is refused, so
 * the document cannot use one that this validator would silently ignore (descriptions and
 * annotations excepted).
 */

const ANNOTATIONS = new Set(['description', 'format', 'contentEncoding', 'contentMediaType', 'example', 'examples', 'title', 'default']);
const KEYWORDS = new Set([
  '$ref',
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'pattern',
  'oneOf',
  'anyOf',
]);

type Schema = Record<string, unknown>;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function resolve(root: unknown, ref: string): Schema {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported: ${ref}`);
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) {
    node = (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (node === undefined) throw new Error(`unresolved $ref ${ref}`);
  }
  return node as Schema;
}

/** The keywords of `schema` that this validator does not know (empty when it can check it all). */
export function unknownKeywords(schema: Schema): string[] {
  return Object.keys(schema).filter((k) => !KEYWORDS.has(k) && !ANNOTATIONS.has(k));
}

/** Every violation of `schema` by `value`, as `<path>: <what>`; empty when it validates. */
export function validate(value: unknown, schema: Schema, root: unknown, path = '$'): string[] {
  const unknown = unknownKeywords(schema);
  if (unknown.length > 0) return [`${path}: the schema uses unsupported keywords ${unknown.join(', ')}`];
  if (typeof schema['$ref'] === 'string') return validate(value, resolve(root, schema['$ref']), root, path);
  const errors: string[] = [];
  const actual = typeOf(value);
  if (schema['type'] !== undefined) {
    const types = Array.isArray(schema['type']) ? (schema['type'] as string[]) : [schema['type'] as string];
    const ok = types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
    if (!ok) return [`${path}: expected ${types.join(' or ')}, got ${actual}`];
  }
  if ('const' in schema && value !== schema['const']) errors.push(`${path}: expected ${JSON.stringify(schema['const'])}`);
  if (Array.isArray(schema['enum']) && !schema['enum'].includes(value)) errors.push(`${path}: ${JSON.stringify(value)} is not one of the enum`);
  if (typeof value === 'number') {
    if (typeof schema['minimum'] === 'number' && value < schema['minimum']) errors.push(`${path}: below ${schema['minimum']}`);
    if (typeof schema['maximum'] === 'number' && value > schema['maximum']) errors.push(`${path}: above ${schema['maximum']}`);
  }
  if (typeof value === 'string' && typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(value)) {
    errors.push(`${path}: ${JSON.stringify(value.slice(0, 60))} does not match ${schema['pattern']}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema['minItems'] === 'number' && value.length < schema['minItems']) errors.push(`${path}: fewer than ${schema['minItems']} items`);
    if (typeof schema['maxItems'] === 'number' && value.length > schema['maxItems']) errors.push(`${path}: more than ${schema['maxItems']} items`);
    if (schema['items'] !== undefined) value.forEach((v, i) => errors.push(...validate(v, schema['items'] as Schema, root, `${path}[${i}]`)));
  }
  if (actual === 'object') {
    const o = value as Record<string, unknown>;
    const props = (schema['properties'] ?? {}) as Record<string, Schema>;
    for (const key of (schema['required'] ?? []) as string[]) if (!(key in o)) errors.push(`${path}: missing ${key}`);
    for (const [key, v] of Object.entries(o)) {
      if (props[key] !== undefined) errors.push(...validate(v, props[key], root, `${path}.${key}`));
      else if (schema['additionalProperties'] === false) errors.push(`${path}: unexpected member ${key}`);
      else if (typeof schema['additionalProperties'] === 'object')
        errors.push(...validate(v, schema['additionalProperties'] as Schema, root, `${path}.${key}`));
    }
  }
  if (Array.isArray(schema['oneOf'])) {
    const matching = (schema['oneOf'] as Schema[]).filter((s) => validate(value, s, root, path).length === 0).length;
    if (matching !== 1) errors.push(`${path}: matches ${matching} of the oneOf schemas, not exactly 1`);
  }
  if (Array.isArray(schema['anyOf']) && !(schema['anyOf'] as Schema[]).some((s) => validate(value, s, root, path).length === 0)) {
    errors.push(`${path}: matches none of the anyOf schemas`);
  }
  return errors;
}
