import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
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
