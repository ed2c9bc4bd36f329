import type { OpenAPIObject } from '@nestjs/swagger';

type Operation = {
  parameters?: Array<{ in?: string; name?: string; $ref?: string }>;
  requestBody?: unknown;
  security?: unknown[];
  responses: Record<string, { description?: string; content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/** The major version the services' routes start with, which the document names once, in `servers`. */
export const VERSION_PREFIX = '/v1';

/** Who answers questions about the API (/core/doc-openapi-contact). */
export const API_CONTACT = {
  name: 'Deelwijs, team API-beheer',
  email: 'api@deelwijs.nl',
  url: 'https://deelwijs.nl/api',
};

export const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'Problem details (RFC 9457), as every error answer of the service is written.',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri', maxLength: 1024, example: 'https://deelwijs.nl/problems/400' },
    title: { type: 'string', maxLength: 1024, example: 'Ongeldige invoer / Invalid input' },
    status: { type: 'integer', minimum: 400, maximum: 599, example: 400 },
    detail: { type: 'string', maxLength: 4096 },
    instance: { type: 'string', maxLength: 1024 },
    invalidParams: {
      type: 'array',
      description: 'Each invalid field with the rule it breaks (a 400 or 422 on input).',
      items: {
        type: 'object',
        required: ['name', 'reason'],
        properties: { name: { type: 'string' }, reason: { type: 'string' } },
      },
    },
  },
};

/** Every answer of every service has it (bootstrap.ts sets it in an onRequest hook). */
const API_VERSION_HEADER = {
  description: 'The full version of the API that answered (semantic version).',
  schema: { type: 'string', example: '1.0.0' },
};

/** What each error status means wherever it is added without a description of the operation's own. */
const ERROR_DESCRIPTIONS: Record<string, string> = {
  '400': 'Invalid input: the problem names each invalid field (invalidParams)',
  '401': 'No valid credentials (API key or bearer token)',
  '403': 'The credentials do not allow this',
  '404': 'No such resource',
  '406': 'None of the media types the Accept header asks for',
  '409': 'Conflicts with the current state of the resource',
  '422': 'Understood but refused by a rule',
  '429': 'Too many requests: wait as Retry-After says',
  '500': 'An unexpected error; the correlation id (X-Correlation-Id) finds it in the logs',
};

/**
 * Makes the document say what the platform does for every endpoint, so that an endpoint added
 * later complies with the NLGov API Design Rules (api-rules/) without a decorator of its own:
 * - the major version once in `servers` (/core/uri-version), paths without it; the unversioned
 *   infrastructure probes (/health) are not part of the API and are left out;
 * - `info.contact` (/core/doc-openapi-contact);
 * - the API-Version header on every answer (/core/version-header);
 * - error answers as application/problem+json with the Problem schema (/core/error-handling/problem-details),
 *   and the ones every operation can give: 400 where it takes input, 401/403 where it needs
 *   credentials, 404 where a path names a resource, 429 (rate limit), 500.
 */
export function applyDesignConventions(document: OpenAPIObject): OpenAPIObject {
  const paths: OpenAPIObject['paths'] = {};
  for (const [path, item] of Object.entries(document.paths)) {
    if (path === VERSION_PREFIX || path.startsWith(`${VERSION_PREFIX}/`)) {
      paths[path.slice(VERSION_PREFIX.length) || '/'] = item;
    }
  }
  document.paths = paths;
  document.servers = [{ url: VERSION_PREFIX, description: 'Version 1 of the API, on the host that serves this document' }];
  document.info.contact = { ...API_CONTACT, ...document.info.contact };
  document.components ??= {};
  document.components.headers = { ...document.components.headers, 'API-Version': API_VERSION_HEADER };
  document.components.schemas = { ...document.components.schemas, Problem: PROBLEM_SCHEMA };

  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = (item as Record<string, Operation | undefined>)[method];
      if (operation) {
        documentAnswers(operation);
      }
    }
  }
  return document;
}

function documentAnswers(operation: Operation): void {
  const parameters = operation.parameters ?? [];
  const takesInput = operation.requestBody !== undefined || parameters.some((parameter) => parameter.in === 'query' || parameter.in === 'path');
  const needsCredentials = (operation.security ?? []).length > 0;
  const namesResource = parameters.some((parameter) => parameter.in === 'path');
  const errors = [
    ...(takesInput ? ['400'] : []),
    ...(needsCredentials ? ['401', '403'] : []),
    ...(namesResource ? ['404'] : []),
    '429',
    '500',
  ];
  for (const status of errors) {
    operation.responses[status] ??= { description: ERROR_DESCRIPTIONS[status] };
  }
  for (const [status, response] of Object.entries(operation.responses)) {
    if (/^[45]\d\d$/.test(status)) {
      // The problem-details filter writes every error so, whatever type a decorator named.
      response.content = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
      response.description ||= ERROR_DESCRIPTIONS[status] ?? 'Error';
    }
    response.headers = { ...response.headers, 'API-Version': { $ref: '#/components/headers/API-Version' } };
  }
}
