import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import path from 'node:path';
import { ROLES } from '@deelwijs/contracts';
import { signStaffToken, type Role } from '@deelwijs/identity';
import type { ServiceDefinition } from '@deelwijs/platform';
import { repositoryRoot, TEST_JWT_SECRET, type ServiceProcess, type ServiceProcessOptions } from '@deelwijs/testing';

/** Every role there is, as the identity contract lists them. */
export const ALL_ROLES: readonly Role[] = ROLES;

/**
 * The service definition of the build that ServiceProcess runs (dist/), so that the system tests
 * can read a service's routes without importing the service's code (services stay apart).
 */
export function builtServiceDefinition(service: ServiceProcessOptions['service']): ServiceDefinition<any> {
  const file = path.join(
    repositoryRoot(),
    'dist',
    'services',
    service,
    'src',
    `${service}.service-definition.js`,
  );
  if (!existsSync(file)) {
    throw new Error(`${file} does not exist; run npm run build first`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const exported = Object.values(require(file) as Record<string, unknown>).find(
    (value): value is ServiceDefinition<any> => (value as ServiceDefinition | undefined)?.name === service,
  );
  if (!exported) {
    throw new Error(`${file} exports no service definition named ${service}`);
  }
  return exported;
}

/**
 * A concrete path for a route pattern: ids become fresh UUIDs (so nothing is found), other
 * parameters a well-formed value, so that a request gets past parsing to the real decision.
 */
export function concretePath(route: string): string {
  const values: Record<string, string> = {
    version: '1',
    period: '2026',
    prestatie: '7.2.3',
    slug: 'probe',
    code: 'probe',
  };
  return route.replace(/:(\w+)/g, (_, name: string) =>
    /id$/i.test(name) ? randomUUID() : (values[name] ?? 'probe'),
  );
}

/** A staff bearer token for a subject of the test's choosing (staffToken() always uses one subject). */
export function bearerFor(
  roles: Role[],
  options: { subject?: string; organisationId?: string } = {},
): Record<string, string> {
  return {
    authorization: `Bearer ${signStaffToken(TEST_JWT_SECRET, { subject: options.subject ?? `staff-${randomUUID()}`, roles, organisationId: options.organisationId })}`,
  };
}

/**
 * A request with exactly the bytes given: malformed JSON, oversized or binary bodies, which
 * ServiceProcess.request (it serialises its body) cannot send.
 */
export async function rawRequest(
  service: Pick<ServiceProcess, 'url'>,
  method: string,
  route: string,
  options: { headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<{ status: number; headers: Headers; body: any }> {
  const response = await fetch(`${service.url}${route}`, {
    method,
    headers: options.headers,
    body: options.body,
  });
  const text = await response.text();
  const json = /json/.test(response.headers.get('content-type') ?? '');
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (json ? JSON.parse(text) : text) : undefined,
  };
}

/**
 * A request that declares a body of `length` bytes and sends only its headers, then waits for
 * the answer. A server refuses an oversized body on its declared Content-Length and closes the
 * connection without reading it (Fastify does); a client that had started writing those bytes
 * meets EPIPE or ECONNRESET, sometimes before it has read the answer, so a test that sends the
 * body races the server's close. The declared size is what the refusal is about.
 */
export function requestDeclaringLength(
  service: Pick<ServiceProcess, 'url'>,
  method: string,
  route: string,
  headers: Record<string, string>,
  length: number,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: any }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${service.url}${route}`, {
      method,
      headers: { ...headers, 'content-length': String(length) },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const json = /json/.test(String(response.headers['content-type'] ?? ''));
        // The body was never sent: the answer is all there is, and the socket goes with it.
        request.destroy();
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text ? (json ? JSON.parse(text) : text) : undefined });
      });
    });
    request.flushHeaders();
  });
}
