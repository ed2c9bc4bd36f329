import { randomUUID } from 'node:crypto';

/**
 * Hostile requests made from a service's own OpenAPI document: every write operation, every
 * field of its body (nested ones too), every path and query parameter, so that an endpoint
 * added tomorrow is covered without touching the test. Each case says what it expects: a
 * value that breaks the field's stated rule must be refused with 400 naming that field;
 * anything else may be taken or refused, but never with a 5xx.
 */

export type Schema = Record<string, any>;
export const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;

export interface Operation {
  method: (typeof WRITE_METHODS)[number];
  /** The OpenAPI path: /v1/activities/{id}/cancel. */
  path: string;
  pathParams: Array<{ name: string; schema: Schema }>;
  queryParams: Array<{ name: string; schema: Schema; required: boolean }>;
  /** The JSON body's schema, resolved; undefined when the operation takes no JSON body. */
  body?: Schema;
  /** Arrays whose items the operation answers one by one (its `x-answered-per-item`). */
  perItemArrays: string[];
}

export interface HostileCase {
  operation: Operation;
  what: string;
  /** Path parameter values by name; the fixtures' ids unless the case is about a parameter. */
  params: Record<string, string>;
  query: Record<string, string>;
  /** undefined: no body at all. */
  body?: unknown;
  /** The field that must be named in a 400; undefined when refusal is not required. */
  mustRefuse?: string;
}

/** A value of the document with every $ref replaced by its schema (cycles cut at depth 8). */
export function resolve(document: Schema, schema: Schema | undefined, depth = 0): Schema | undefined {
  if (!schema || depth > 8) {
    return schema;
  }
  if (schema.$ref) {
    const name = String(schema.$ref).replace('#/components/schemas/', '');
    return resolve(document, document.components?.schemas?.[name], depth + 1);
  }
  if (schema.allOf?.length === 1) {
    return resolve(document, { ...schema.allOf[0], ...schema, allOf: undefined }, depth + 1);
  }
  const resolved: Schema = { ...schema };
  if (schema.properties) {
    resolved.properties = Object.fromEntries(
      Object.entries(schema.properties as Record<string, Schema>).map(([key, value]) => [key, resolve(document, value, depth + 1)]),
    );
  }
  if (schema.items) {
    resolved.items = resolve(document, schema.items, depth + 1);
  }
  if (schema.anyOf) {
    resolved.anyOf = schema.anyOf.map((option: Schema) => resolve(document, option, depth + 1));
  }
  return resolved;
}

export function writeOperations(document: Schema): Operation[] {
  const operations: Operation[] = [];
  // The document names each path once without the major version, which its servers entry gives (/v1).
  const base = String((document.servers as Schema[] | undefined)?.[0]?.url ?? '');
  for (const [documented, item] of Object.entries(document.paths as Record<string, Schema>)) {
    const path = `${base}${documented}`;
    for (const method of WRITE_METHODS) {
      const operation = item[method] as Schema | undefined;
      if (!operation) {
        continue;
      }
      const parameters = (operation.parameters ?? []) as Schema[];
      operations.push({
        method,
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        queryParams: parameters
          .filter((p) => p.in === 'query')
          .map((p) => ({ name: p.name, schema: p.schema ?? {}, required: Boolean(p.required) })),
        body: resolve(document, operation.requestBody?.content?.['application/json']?.schema),
        perItemArrays: (operation['x-answered-per-item'] ?? []) as string[],
      });
    }
  }
  return operations;
}

/** A plausible value for a schema: its example, its first enum value, or one made from its type and format. */
export function sample(schema: Schema | undefined, ids: () => string): unknown {
  if (!schema) {
    return 'probe';
  }
  if (schema.example !== undefined) {
    return schema.example;
  }
  if (schema.default !== undefined) {
    return schema.default;
  }
  if (schema.enum?.length) {
    return schema.enum[0];
  }
  if (schema.anyOf?.length) {
    return sample(schema.anyOf[0], ids);
  }
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries((schema.properties ?? {}) as Record<string, Schema>).map(([key, value]) => [key, sample(value, ids)]));
    case 'array':
      return [sample(schema.items, ids)];
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, Math.min(schema.maximum ?? 1, 1));
    case 'boolean':
      return false;
    default:
      if (schema.format === 'uuid') {
        return ids();
      }
      if (schema.format === 'date') {
        return '2026-09-01';
      }
      if (schema.format === 'date-time') {
        return '2026-09-01T19:30:00+02:00';
      }
      return 'p'.repeat(Math.max(schema.minLength ?? 5, 5));
  }
}

/** Every field of a body schema with its dotted path (array elements as index 0), nested fields included. */
export interface Field {
  path: string;
  schema: Schema;
  /** Inside an element of an array whose items are answered one by one (`x-answered-per-item`): a bad one is rejected in its place. */
  inArray: boolean;
  /** Its object lists it as required. */
  required: boolean;
}

export function fields(schema: Schema | undefined, perItemArrays: string[] = [], prefix = '', depth = 0, perItem = false): Field[] {
  if (!schema || depth > 6) {
    return [];
  }
  const found: Field[] = [];
  for (const [key, child] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    found.push({ path, schema: child, inArray: perItem, required: ((schema.required ?? []) as string[]).includes(key) });
    if (child?.type === 'object') {
      found.push(...fields(child, perItemArrays, path, depth + 1, perItem));
    } else if (child?.type === 'array' && child.items?.type === 'object') {
      found.push(...fields(child.items, perItemArrays, `${path}.0`, depth + 1, perItem || perItemArrays.includes(path)));
    }
  }
  return found;
}

/** A copy of `body` with the value at a dotted path set (or removed, for undefined). */
export function withValue(body: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(body) as Record<string, any>;
  const keys = path.split('.');
  let holder: any = copy;
  for (const key of keys.slice(0, -1)) {
    holder[key] ??= /^\d+$/.test(key) ? [] : {};
    holder = holder[key];
  }
  const last = keys[keys.length - 1];
  if (value === undefined) {
    delete holder[last];
  } else {
    holder[last] = value;
  }
  return copy;
}

const NUL = 'a\u0000b';
const BIDI = 'ab\u202Ecd';

/**
 * Values to put in one field, each with whether the field's stated rule refuses it. `strict`
 * is false for fields inside arrays that a service checks item by item (a bulk upload answers
 * a bad item as rejected in its place): there only what no field may hold must be refused.
 */
export function hostileValues(schema: Schema, strict: boolean): Array<{ label: string; value: unknown; refuse: boolean }> {
  const always = [
    { label: 'NUL', value: NUL, refuse: true },
    { label: '1e308', value: 1e308, refuse: true },
    { label: '9007199254740993', value: Number('9007199254740993'), refuse: true },
    { label: '-1e308', value: -1e308, refuse: true },
    { label: 'null', value: null, refuse: false },
    { label: 'array', value: [], refuse: false },
    { label: 'object', value: {}, refuse: false },
    { label: 'huge string', value: 'x'.repeat(100_000), refuse: false },
  ];
  const own: Array<{ label: string; value: unknown; refuse: boolean }> = [];
  const type = schema.type;
  if (type === 'string' || (type === undefined && !schema.properties)) {
    own.push({ label: 'bidi', value: BIDI, refuse: strict && ['email', 'uuid', 'date', 'date-time'].includes(schema.format) });
    if (typeof schema.maxLength === 'number') {
      own.push({ label: 'maxLength + 1', value: 'y'.repeat(schema.maxLength + 1), refuse: strict });
    }
    if (schema.format === 'date') {
      own.push({ label: '2026-02-30', value: '2026-02-30', refuse: strict }, { label: '2026-13-01', value: '2026-13-01', refuse: strict });
    }
    if (schema.format === 'date-time') {
      own.push(
        { label: 'impossible date-time', value: '2026-02-30T10:00:00+01:00', refuse: strict },
        { label: 'no offset', value: '2026-09-01T19:30:00', refuse: strict },
        { label: 'DST gap', value: '2026-03-29T02:30:00+01:00', refuse: strict && schema['x-amsterdam-offset'] === true },
      );
    }
    if (schema.format === 'email') {
      own.push({ label: 'bidi e-mail', value: `anne\u202E@example.org`, refuse: strict });
    }
  }
  if (type === 'integer' || type === 'number') {
    own.push({ label: 'MAX_SAFE_INTEGER', value: Number.MAX_SAFE_INTEGER, refuse: strict && typeof schema.maximum === 'number' });
    if (typeof schema.maximum === 'number') {
      own.push({ label: 'maximum + 1', value: schema.maximum + 1, refuse: strict });
    }
    if (typeof schema.minimum === 'number') {
      own.push({ label: 'minimum - 1', value: schema.minimum - 1, refuse: strict });
    }
    if (type === 'integer') {
      own.push({ label: '1.5', value: 1.5, refuse: strict }, { label: 'numeric string', value: '12', refuse: strict });
    }
  }
  if (type === 'object') {
    own.push({ label: 'array for an object', value: [], refuse: strict });
  }
  return [...always.filter((candidate) => !own.some((mine) => mine.label === candidate.label)), ...own];
}

/** A plausible body for an operation, from its schema's examples: the start every case changes. */
export function baseBody(operation: Operation, ids: () => string = randomUUID): unknown {
  return operation.body ? sample(operation.body, ids) : undefined;
}

/** The cases of one operation: the body as a whole, each required field missing, each field hostile, each parameter hostile. */
export function casesOf(operation: Operation, params: Record<string, string>, ids: () => string = randomUUID): HostileCase[] {
  const cases: HostileCase[] = [];
  const base = baseBody(operation, ids);
  const query = Object.fromEntries(operation.queryParams.filter((p) => p.required).map((p) => [p.name, String(sample(p.schema, ids))]));
  const make = (what: string, change: Partial<HostileCase>) => cases.push({ operation, what, params, query, body: base, ...change });

  if (operation.body) {
    for (const [label, body] of [['null', null], ['an array', [base]], ['a number', 42], ['a string', 'text']] as const) {
      make(`body is ${label}`, { body, mustRefuse: 'body' });
    }
    if (operation.body.type === 'object' && operation.body.additionalProperties === undefined) {
      make('an unknown property', { body: { ...(base as object), unexpectedField: 1 }, mustRefuse: 'unexpectedField' });
    }
    for (const field of fields(operation.body, operation.perItemArrays)) {
      if (field.required) {
        make(`required ${field.path} missing`, { body: withValue(base, field.path, undefined), mustRefuse: field.inArray ? undefined : field.path });
      }
      for (const hostile of hostileValues(field.schema, !field.inArray)) {
        make(`${field.path} = ${hostile.label}`, {
          body: withValue(base, field.path, hostile.value),
          mustRefuse: hostile.refuse ? field.path : undefined,
        });
      }
    }
  }
  for (const param of operation.pathParams) {
    make(`path ${param.name} of 300 characters`, { params: { ...params, [param.name]: 'a'.repeat(300) }, mustRefuse: param.name });
    make(`path ${param.name} with NUL`, { params: { ...params, [param.name]: NUL }, mustRefuse: param.name });
    if (param.schema.format === 'uuid') {
      make(`path ${param.name} not a UUID`, { params: { ...params, [param.name]: 'not-a-uuid' }, mustRefuse: param.name });
    }
  }
  for (const param of operation.queryParams) {
    make(`query ${param.name} with NUL`, { query: { ...query, [param.name]: NUL }, mustRefuse: param.name });
  }
  return cases;
}

/** The URL of a case: its path with parameters filled in (percent-encoded) and its query. */
export function urlOf(testCase: HostileCase): string {
  const path = testCase.operation.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(testCase.params[name] ?? randomUUID()));
  const query = new URLSearchParams(testCase.query).toString();
  return query ? `${path}?${query}` : path;
}

/**
 * What a body schema leaves unbounded: a string without maxLength (or enum, pattern or a
 * fixed format), a number without minimum and maximum, an array without maxItems. The
 * OpenAPI document is where a client reads the limits, so each must be there.
 */
export function unboundedFields(schema: Schema | undefined): string[] {
  return fields(schema).flatMap(({ path, schema: field }) => {
    if (!field || field.enum || field.anyOf) {
      return [];
    }
    if (field.type === 'string' && field.maxLength === undefined && !field.pattern && !['uuid', 'date', 'date-time'].includes(field.format)) {
      return [`${path}: a string without maxLength`];
    }
    if ((field.type === 'integer' || field.type === 'number') && (field.minimum === undefined || field.maximum === undefined)) {
      return [`${path}: a number without minimum and maximum`];
    }
    if (field.type === 'array' && field.maxItems === undefined) {
      return [`${path}: an array without maxItems`];
    }
    return [];
  });
}
