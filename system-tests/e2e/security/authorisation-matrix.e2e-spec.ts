import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Role } from '@deelwijs/identity';
import { repositoryRoot, routeDeclarations, TestSystem, type RouteDeclaration, type ServiceProcess } from '@deelwijs/testing';
import { ALL_ROLES, bearerFor, builtServiceDefinition, concretePath, rawRequest } from './security-kit';

const SERVICES = ['activities', 'knowledge', 'reporting'] as const;
type Caller = Role | 'no credentials';
const CALLERS: Caller[] = ['no credentials', ...ALL_ROLES];

interface Cell {
  service: string;
  route: string;
  caller: Caller;
  status: number;
  detail?: string;
  contentType: string;
}

/** What the caller must get: the guard's answer is the whole point, so 401/403 are told apart from the rest. */
function violation(declaration: RouteDeclaration, cell: Cell): string | undefined {
  const declared = declaration.roles;
  if (cell.status >= 500) {
    return `server error ${cell.status}`;
  }
  if (declared === 'public') {
    return cell.status === 401 || cell.status === 403
      ? `public route refused with ${cell.status}`
      : undefined;
  }
  if (cell.caller === 'no credentials') {
    return cell.status === 401 ? undefined : `expected 401, got ${cell.status}`;
  }
  if (!declared!.includes(cell.caller)) {
    // The guard's own refusal, not some later 403 of the service.
    return cell.status === 403 && /Requires one of the roles/.test(cell.detail ?? '')
      ? undefined
      : `expected the guard's 403, got ${cell.status}`;
  }
  return cell.status === 401 || cell.status === 403
    ? `declared role refused with ${cell.status}: ${cell.detail}`
    : undefined;
}

/** Runs the tasks a few at a time: the machine is shared, and the point is the answers, not load. */
async function inBatches<T>(tasks: Array<() => Promise<T>>, width: number): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < tasks.length; start += width) {
    results.push(...(await Promise.all(tasks.slice(start, start + width).map((task) => task()))));
  }
  return results;
}

/**
 * Every endpoint of every service, as the code declares it, called by every role and by nobody,
 * against the real built services. A new endpoint joins the matrix by being declared.
 */
describe('authorisation matrix', () => {
  const system = new TestSystem('authz');
  const services = new Map<string, ServiceProcess>();
  let attachments: string;

  beforeAll(async () => {
    attachments = await mkdtemp(path.join(tmpdir(), 'deelwijs-authz-'));
    const started = await Promise.all(
      SERVICES.map(async (name) =>
        system.start(
          name,
          await system.database(`authz_${name}`),
          name === 'knowledge' ? { ATTACHMENTS_DIR: attachments } : {},
        ),
      ),
    );
    SERVICES.forEach((name, index) => services.set(name, started[index]));
  }, 120_000);

  afterAll(async () => {
    await system.cleanUp();
    await rm(attachments, { recursive: true, force: true });
  }, 60_000);

  it('answers every endpoint × caller as the declarations say: 401 without credentials, 403 for an undeclared role, neither for a declared one', async () => {
    // A partner always has an organisation: without one the service refuses it (403) for a different reason.
    const partnerOrganisation = randomUUID();
    const headersOf = (caller: Caller): Record<string, string> =>
      caller === 'no credentials'
        ? {}
        : bearerFor([caller], {
            subject: `matrix-${caller}`,
            organisationId: caller === 'partner' ? partnerOrganisation : undefined,
          });

    const declarations = SERVICES.flatMap((service) =>
      routeDeclarations(builtServiceDefinition(service)).map((declaration) => ({ service, declaration })),
    );
    // Guards against a broken route reader passing the test with an empty matrix.
    for (const service of SERVICES) {
      expect(declarations.filter((entry) => entry.service === service).length).toBeGreaterThan(10);
    }

    const tasks = declarations.flatMap(({ service, declaration }) =>
      CALLERS.map((caller) => async (): Promise<Cell & { declaration: RouteDeclaration }> => {
        const [method, pattern] = declaration.route.split(' ');
        const withBody = ['POST', 'PUT', 'PATCH'].includes(method);
        const response = await rawRequest(services.get(service)!, method, concretePath(pattern), {
          headers: { ...headersOf(caller), ...(withBody ? { 'content-type': 'application/json' } : {}) },
          body: withBody ? '{}' : undefined,
        });
        return {
          service,
          route: declaration.route,
          caller,
          status: response.status,
          detail: response.body?.detail,
          contentType: response.headers.get('content-type') ?? '',
          declaration,
        };
      }),
    );
    const cells = await inBatches(tasks, 6);

    const violations = cells
      .map((cell) => ({ cell, problem: violation(cell.declaration, cell) }))
      .filter((entry) => entry.problem)
      .map(({ cell, problem }) => `${cell.service} ${cell.route} as ${cell.caller}: ${problem}`);
    expect(violations).toEqual([]);

    // Every refusal by the guard is problem+json, like every other error.
    const refused = cells.filter((cell) => cell.status === 401 || cell.status === 403);
    expect(refused.length).toBeGreaterThan(declarations.length);
    expect(refused.filter((cell) => !cell.contentType.startsWith('application/problem+json'))).toEqual([]);

    const endpoints = declarations.length;
    const summary = {
      endpoints,
      callers: CALLERS.length,
      requests: cells.length,
      perService: Object.fromEntries(
        SERVICES.map((service) => [
          service,
          declarations.filter((entry) => entry.service === service).length,
        ]),
      ),
      statuses: cells.reduce<Record<number, number>>(
        (counts, cell) => ({ ...counts, [cell.status]: (counts[cell.status] ?? 0) + 1 }),
        {},
      ),
    };
    expect(summary.requests).toBe(endpoints * CALLERS.length);
    const out = path.join(repositoryRoot(), 'dist', 'security');
    await mkdir(out, { recursive: true });
    await writeFile(
      path.join(out, 'authorisation-matrix.json'),
      JSON.stringify(
        {
          ...summary,
          cells: cells.map(({ declaration, contentType: _contentType, ...cell }) => ({
            ...cell,
            declared: declaration.roles,
          })),
        },
        null,
        2,
      ),
    );
    console.log(
      `authorisation matrix: ${endpoints} endpoints (${Object.entries(summary.perService)
        .map(([service, count]) => `${service} ${count}`)
        .join(
          ', ',
        )}) × ${CALLERS.length} callers (${CALLERS.join(', ')}) = ${cells.length} requests; statuses ${JSON.stringify(summary.statuses)}`,
    );
  }, 120_000);
});
