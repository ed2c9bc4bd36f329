import type { RulesetDefinition } from '@stoplight/spectral-core';
import { casing, defined, pattern, schema } from '@stoplight/spectral-functions';

/**
 * The NLGov REST API Design Rules (Logius, "ADR" 2.1, https://gitdocumentatie.logius.nl/publicatie/api/adr/)
 * as Spectral rules, written by the project from the published standard. Each rule's message starts
 * with the ADR rule it checks, so a failing lint names the rule to read. Every rule is an error: the
 * lint step (api-rules.ts, run by each service's api-design-rules.int-spec.ts) fails on any finding.
 * The documents comply because the platform writes what it does for every endpoint into them
 * (libs/platform/src/http/api-rules/design-conventions.ts). Spectral is a test tool: it lives here,
 * not in the services' runtime.
 *
 * Rules the standard states but a document cannot show (e.g. "/core/http-methods: methods behave
 * as RFC 9110 says") are checked where the document says enough, and by the services' own tests.
 */

/** A version segment such as /v1 at the end of a server URL. */
const MAJOR_VERSION_AT_END = '/v[0-9]+$';
/**
 * Verbs seen in RPC-style paths; a state change is a sub-resource (a noun) or a field instead.
 * Not here: `answer`, a noun as an advice's one answer (POST /advices/{adviceId}/answer).
 */
export const VERBS = [
  'activate',
  'approve',
  'cancel',
  'check-in',
  'close',
  'compute',
  'create',
  'delete',
  'download',
  'export',
  'held',
  'import',
  'publish',
  'recompute',
  'reject',
  'reschedule',
  'retry',
  'search',
  'send',
  'submit',
  'update',
  'upload',
  'withdraw',
];
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const PATH_ITEM_FIELDS = [...HTTP_METHODS, 'parameters', 'summary', 'description', 'servers', '$ref'];
/** Media types an error answer may have (RFC 9457 problem details, as JSON). */
const PROBLEM_JSON = 'application/problem+json';

const SEMVER = '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-[0-9A-Za-z.-]+)?(?:\\+[0-9A-Za-z.-]+)?$';

const OPERATIONS = `$.paths[*][${HTTP_METHODS.join(',')}]`;

interface OperationShape {
  requestBody?: unknown;
  parameters?: Array<{ in?: string }>;
  responses?: Record<string, unknown>;
}

/** An operation with a body or a query or path parameter can be sent bad input: its 400 is documented. */
function documentsBadRequest(operation: OperationShape): Array<{ message: string }> {
  const takesInput =
    operation.requestBody !== undefined || (operation.parameters ?? []).some((parameter) => parameter.in === 'query' || parameter.in === 'path');
  return takesInput && !operation.responses?.['400'] ? [{ message: 'no 400 answer documented' }] : [];
}

/** JSON Schema keywords that OpenAPI 3.0's Schema Object does not have (it is a subset of draft 4/5 with its own additions). */
const NOT_IN_OPENAPI_3_0 = [
  '$schema',
  '$id',
  '$defs',
  '$comment',
  'const',
  'examples',
  'if',
  'then',
  'else',
  'prefixItems',
  'contains',
  'patternProperties',
  'propertyNames',
  'dependentRequired',
  'dependentSchemas',
  'unevaluatedProperties',
  'unevaluatedItems',
  'contentMediaType',
  'contentEncoding',
];

/** Finds JSON Schema keywords OpenAPI 3.0 does not know, and type lists, in one schema and the schemas inside it. */
function openApi30Schema(schema: unknown, _options: unknown, context: { path: Array<string | number> }): Array<{ message: string; path: Array<string | number> }> {
  const findings: Array<{ message: string; path: Array<string | number> }> = [];
  const visit = (node: unknown, path: Array<string | number>) => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) {
      return;
    }
    const record = node as Record<string, unknown>;
    for (const keyword of NOT_IN_OPENAPI_3_0) {
      if (keyword in record) {
        findings.push({ message: `keyword ${keyword}`, path: [...path, keyword] });
      }
    }
    if (Array.isArray(record.type)) {
      findings.push({ message: 'a list of types (use nullable or oneOf)', path: [...path, 'type'] });
    }
    for (const [name, property] of Object.entries((record.properties as Record<string, unknown> | undefined) ?? {})) {
      visit(property, [...path, 'properties', name]);
    }
    for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
      ((record[keyword] as unknown[] | undefined) ?? []).forEach((part, index) => visit(part, [...path, keyword, index]));
    }
    for (const keyword of ['items', 'not', 'additionalProperties']) {
      visit(record[keyword], [...path, keyword]);
    }
  };
  visit(schema, context.path);
  return findings;
}

/**
 * Path names checked against a pattern, but for paths kept only as deprecated aliases
 * (every operation `deprecated: true`): partners' systems still call them, and the ADR's
 * /core/deprecation-schedule lets an old address live out its announced time.
 */
function currentPathNames(
  paths: Record<string, Record<string, { deprecated?: boolean } | undefined>>,
  options: { match?: string; notMatch?: string },
  context: { path: Array<string | number> },
): Array<{ message: string; path: Array<string | number> }> {
  const findings: Array<{ message: string; path: Array<string | number> }> = [];
  for (const [name, item] of Object.entries(paths ?? {})) {
    const operations = HTTP_METHODS.map((method) => item?.[method]).filter((operation) => operation !== undefined);
    if (operations.length > 0 && operations.every((operation) => operation?.deprecated === true)) {
      continue;
    }
    const broken = (options.match !== undefined && !new RegExp(options.match).test(name)) || (options.notMatch !== undefined && new RegExp(options.notMatch).test(name));
    if (broken) {
      findings.push({ message: name, path: [...context.path, name] });
    }
  }
  return findings;
}

export const designRules: RulesetDefinition = {
  description: 'NLGov REST API Design Rules (Logius ADR 2.1), as checked for the Deelwijs services',
  rules: {
    'adr-doc-openapi-version': {
      message: '/core/doc-openapi: the document must be OpenAPI 3.x ({{error}})',
      severity: 'error',
      given: '$',
      then: { field: 'openapi', function: pattern, functionOptions: { match: '^3\\.\\d+\\.\\d+$' } },
    },
    'adr-doc-openapi-contact': {
      message: '/core/doc-openapi-contact: info.contact must give the name, email and url of who answers questions about the API ({{error}})',
      severity: 'error',
      given: '$.info',
      then: {
        field: 'contact',
        function: schema,
        functionOptions: {
          schema: {
            type: 'object',
            required: ['name', 'email', 'url'],
            properties: { name: { type: 'string', minLength: 1 }, email: { type: 'string', minLength: 3 }, url: { type: 'string', minLength: 1 } },
          },
        },
      },
    },
    'adr-doc-openapi-schema': {
      message: '/core/doc-openapi: schemas are OpenAPI 3.0 Schema Objects, not newer JSON Schema ({{error}})',
      severity: 'error',
      resolved: false,
      given: [
        '$.components.schemas[*]',
        `${OPERATIONS}.parameters[*].schema`,
        `${OPERATIONS}.requestBody.content[*].schema`,
        `${OPERATIONS}.responses[*].content[*].schema`,
      ],
      then: { function: openApi30Schema },
    },
    'adr-semver': {
      message: '/core/semver: info.version must be a semantic version (major.minor.patch) ({{error}})',
      severity: 'error',
      given: '$.info',
      then: { field: 'version', function: pattern, functionOptions: { match: SEMVER } },
    },
    'adr-uri-version-servers': {
      message: '/core/uri-version: servers must name the API with its major version (e.g. /v1) ({{error}})',
      severity: 'error',
      given: '$',
      then: {
        field: 'servers',
        function: schema,
        functionOptions: {
          schema: {
            type: 'array',
            minItems: 1,
            items: { type: 'object', required: ['url'], properties: { url: { type: 'string', pattern: MAJOR_VERSION_AT_END } } },
          },
        },
      },
    },
    'adr-uri-version-paths': {
      message: '/core/uri-version: the major version belongs in servers, not in each path ({{property}})',
      severity: 'error',
      given: '$.paths',
      then: { field: '@key', function: pattern, functionOptions: { notMatch: '^/v[0-9]+(/|$)' } },
    },
    'adr-no-trailing-slash': {
      message: '/core/no-trailing-slash: leave off trailing slashes from URIs ({{property}})',
      severity: 'error',
      given: '$.paths',
      then: { field: '@key', function: pattern, functionOptions: { notMatch: '.+/$' } },
    },
    'adr-naming-resources-kebab-case': {
      message: '/core/path-segments-kebab-case: path segments are lower-case kebab-case, without file extensions ({{error}})',
      severity: 'error',
      given: '$.paths',
      then: {
        function: currentPathNames,
        // Every segment kebab-case or a {parameter}: no dots (calendar.ics), capitals or underscores
        // (a trailing slash is adr-no-trailing-slash's to report).
        functionOptions: { match: `^(/(\\{[a-zA-Z][a-zA-Z0-9]*\\}|[a-z0-9]+(-[a-z0-9]+)*))+/?$` },
      },
    },
    'adr-naming-resources-nouns': {
      message: '/core/naming-resources: resources are nouns; a state change is a sub-resource or a field, not a verb ({{error}})',
      severity: 'error',
      given: '$.paths',
      then: {
        function: currentPathNames,
        functionOptions: { notMatch: `(^|/|-)(${VERBS.join('|')})(/|$)` },
      },
    },
    'adr-http-methods': {
      message: '/core/http-methods: only the standard HTTP methods ({{property}})',
      severity: 'error',
      given: '$.paths[*]',
      then: { field: '@key', function: pattern, functionOptions: { match: `^(${PATH_ITEM_FIELDS.map((field) => field.replace('$', '\\$')).join('|')})$` } },
    },
    'adr-version-header': {
      message: '/core/version-header: every answer documents the API-Version header',
      severity: 'error',
      given: `${OPERATIONS}.responses[*]`,
      then: { field: 'headers.API-Version', function: defined },
    },
    'adr-problem-details-media-type': {
      message: '/core/error-handling/problem-details: an error answer is application/problem+json ({{path}})',
      severity: 'error',
      given: `${OPERATIONS}.responses[?(@property >= 400 && @property < 600)]`,
      then: { field: `content.${PROBLEM_JSON}`, function: defined },
    },
    'adr-problem-details-schema': {
      message: '/core/error-handling/problem-details: a problem+json schema has status, title and detail ({{error}})',
      severity: 'error',
      given: `${OPERATIONS}.responses[?(@property >= 400 && @property < 600)].content[${PROBLEM_JSON}]`,
      resolved: true,
      then: {
        field: 'schema',
        function: schema,
        functionOptions: {
          schema: {
            type: 'object',
            required: ['properties'],
            properties: { properties: { type: 'object', required: ['status', 'title', 'detail'] } },
          },
        },
      },
    },
    'adr-bad-request-documented': {
      message: '/core/error-handling/invalid-input: an operation that takes input documents its 400 answer',
      severity: 'error',
      given: OPERATIONS,
      then: { function: documentsBadRequest },
    },
    'adr-query-parameters-camel-case': {
      message: '/core/query-keys-camel-case: query parameters are camelCase ({{value}})',
      severity: 'error',
      given: `${OPERATIONS}.parameters[?(@.in === 'query')].name`,
      then: { function: casing, functionOptions: { type: 'camel' } },
    },
    'adr-path-parameters-camel-case': {
      message: '/core/naming-resources (project rule, as /core/query-keys-camel-case): path parameters are camelCase ({{value}})',
      severity: 'error',
      given: `${OPERATIONS}.parameters[?(@.in === 'path')].name`,
      then: { function: casing, functionOptions: { type: 'camel' } },
    },
  },
};
