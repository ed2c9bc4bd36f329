import type { OpenAPIObject } from '@nestjs/swagger';
import { applyDesignConventions } from '@deelwijs/platform';
import { checkDesignRules } from './api-rules';

/** A small document as a service's routes produce it (with /v1 in each path), before the conventions. */
function served(): OpenAPIObject {
  return {
    openapi: '3.0.0',
    info: { title: 'Probe API', description: 'probe', version: '1.0.0', contact: {} },
    paths: {
      '/health': { get: { operationId: 'health', responses: { '200': { description: 'ok' } } } },
      '/v1/things': {
        get: {
          operationId: 'listThings',
          parameters: [{ name: 'pageSize', in: 'query', schema: { type: 'integer' } }],
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } } } },
          security: [{ bearer: [] }],
        },
        post: {
          operationId: 'createThing',
          requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
          responses: { '201': { description: 'created' }, '409': { description: 'exists', content: { 'application/json': { schema: { type: 'object' } } } } },
          security: [{ bearer: [] }],
        },
      },
      '/v1/things/{thingId}/status-changes': {
        post: {
          operationId: 'changeStatus',
          parameters: [{ name: 'thingId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '201': { description: 'changed' } },
        },
      },
    },
    components: { schemas: {} },
  } as unknown as OpenAPIObject;
}

/** The document the services serve: the routes' document with the platform's conventions applied. */
const compliant = () => applyDesignConventions(served());

async function rulesBroken(document: object): Promise<string[]> {
  return [...new Set((await checkDesignRules(document)).map((finding) => finding.rule))].sort();
}

describe('the NLGov API Design Rules lint', () => {
  it('finds nothing in a document the conventions were applied to', async () => {
    expect(await checkDesignRules(compliant())).toEqual([]);
  });

  it('finds the routes’ own document (no servers, /v1 in paths, no contact, no headers, no problem+json) wrong on every count', async () => {
    expect(await rulesBroken(served())).toEqual(
      [
        'adr-bad-request-documented',
        'adr-doc-openapi-contact',
        'adr-problem-details-media-type',
        'adr-uri-version-paths',
        'adr-uri-version-servers',
        'adr-version-header',
      ].sort(),
    );
  });

  const cases: Array<[string, (document: any) => void]> = [
    ['adr-doc-openapi-version', (document) => (document.openapi = '2.0')],
    ['adr-doc-openapi-contact', (document) => delete document.info.contact.email],
    [
      'adr-doc-openapi-schema',
      (document) =>
        (document.paths['/things'].post.requestBody.content['application/json'].schema = {
          $schema: 'https://json-schema.org/draft/2020-12/schema',
          type: 'object',
        }),
    ],
    ['adr-doc-openapi-schema', (document) => (document.components.schemas.Thing = { type: 'object', properties: { kind: { const: 'thing' } } })],
    ['adr-doc-openapi-schema', (document) => (document.components.schemas.Thing = { type: ['string', 'null'] })],
    ['adr-semver', (document) => (document.info.version = 'v1')],
    ['adr-uri-version-servers', (document) => (document.servers = [{ url: 'https://api.example.nl' }])],
    ['adr-uri-version-paths', (document) => (document.paths['/v2/others'] = document.paths['/things'])],
    ['adr-no-trailing-slash', (document) => (document.paths['/others/'] = document.paths['/things'])],
    ['adr-naming-resources-kebab-case', (document) => (document.paths['/things/calendar.ics'] = document.paths['/things'])],
    ['adr-naming-resources-kebab-case', (document) => (document.paths['/thingTypes'] = document.paths['/things'])],
    ['adr-naming-resources-nouns', (document) => (document.paths['/things/{thingId}/publish'] = document.paths['/things/{thingId}/status-changes'])],
    ['adr-naming-resources-nouns', (document) => (document.paths['/knowledge-search'] = document.paths['/things'])],
    ['adr-http-methods', (document) => (document.paths['/things'].purge = document.paths['/things'].post)],
    ['adr-version-header', (document) => delete document.paths['/things'].get.responses['200'].headers['API-Version']],
    ['adr-version-header', (document) => delete document.paths['/things'].post.responses['409'].headers['API-Version']],
    [
      'adr-problem-details-media-type',
      (document) => (document.paths['/things'].post.responses['409'].content = { 'application/json': { schema: { type: 'object' } } }),
    ],
    [
      'adr-problem-details-schema',
      (document) =>
        (document.components.schemas.Problem = { type: 'object', properties: { type: { type: 'string' }, title: { type: 'string' } } }),
    ],
    ['adr-bad-request-documented', (document) => delete document.paths['/things'].post.responses['400']],
    ['adr-bad-request-documented', (document) => delete document.paths['/things/{thingId}/status-changes'].post.responses['400']],
    ['adr-query-parameters-camel-case', (document) => (document.paths['/things'].get.parameters[0].name = 'page_size')],
    ['adr-path-parameters-camel-case', (document) => (document.paths['/things/{thingId}/status-changes'].post.parameters[0].name = 'thing-id')],
  ];

  it('lets a path kept only as a deprecated alias keep its old name, and no other', async () => {
    const document = compliant() as any;
    document.paths['/things/{thingId}/publish'] = structuredClone(document.paths['/things/{thingId}/status-changes']);
    document.paths['/things/{thingId}/publish'].post.deprecated = true;
    document.paths['/calendar.ics'] = { get: { ...structuredClone(document.paths['/things'].get), deprecated: true } };
    expect(await checkDesignRules(document)).toEqual([]);
    document.paths['/things/{thingId}/publish'].get = { ...structuredClone(document.paths['/things'].get) };
    expect((await checkDesignRules(document)).map((finding) => finding.rule)).toEqual(['adr-naming-resources-nouns']);
  });

  it.each(cases)('fires %s on a document that breaks it, and only that rule', async (rule, breakIt) => {
    const document = compliant();
    breakIt(document);
    const findings = await checkDesignRules(document);
    expect([...new Set(findings.map((finding) => finding.rule))]).toEqual([rule]);
    expect(findings[0].message).toMatch(/^\/core\//);
  });
});
