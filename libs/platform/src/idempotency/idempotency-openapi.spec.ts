import type { OpenAPIObject } from '@nestjs/swagger';
import { documentIdempotencyKey } from './idempotency-openapi';

describe('documentIdempotencyKey', () => {
  it('documents the header, 409 and 422 on every POST, PUT and PATCH but multipart uploads and those that ignore it, and on nothing else', () => {
    const operation = () => ({ parameters: [], responses: { '200': { description: 'ok' } } });
    const document = documentIdempotencyKey({
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: {
        '/v1/things': { get: operation(), post: operation() },
        '/v1/things/{id}': { put: operation(), patch: operation(), delete: operation() },
        '/v1/uploads': { post: { ...operation(), requestBody: { content: { 'multipart/form-data': {} } } } },
        '/v1/exports': { post: { ...operation(), 'x-idempotency-key': 'ignored' } },
      },
    } as unknown as OpenAPIObject);

    const headerOf = (path: string, method: 'get' | 'post' | 'put' | 'patch' | 'delete') =>
      (document.paths[path][method]!.parameters ?? []).map((parameter) => ('name' in parameter ? parameter.name : '?'));
    expect(headerOf('/v1/things', 'post')).toEqual(['Idempotency-Key']);
    expect(headerOf('/v1/things/{id}', 'put')).toEqual(['Idempotency-Key']);
    expect(headerOf('/v1/things/{id}', 'patch')).toEqual(['Idempotency-Key']);
    expect(headerOf('/v1/things', 'get')).toEqual([]);
    expect(headerOf('/v1/things/{id}', 'delete')).toEqual([]);
    expect(headerOf('/v1/uploads', 'post')).toEqual([]);
    expect(headerOf('/v1/exports', 'post')).toEqual([]);
    expect(Object.keys(document.paths['/v1/things'].post!.responses)).toEqual(['200', '409', '422']);
  });
});
