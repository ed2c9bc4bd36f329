import { randomUUID } from 'node:crypto';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { Client } from 'pg';
import { repositoryRoot, TestSystem, waitFor, type ServiceProcess } from '@deelwijs/testing';
import { ALL_ROLES, bearerFor } from './security-kit';
import {
  baseBody,
  casesOf,
  fields,
  hostileValues,
  urlOf,
  unboundedFields,
  withValue,
  writeOperations,
  type HostileCase,
  type Operation,
  type Schema,
} from './hostile-input-kit';

type ServiceName = 'activities' | 'knowledge' | 'reporting';
const SERVICES: ServiceName[] = ['activities', 'knowledge', 'reporting'];
/** Every staff role at once (a partner's role needs an organisation and sees less). */
const STAFF = bearerFor(ALL_ROLES.filter((role) => role !== 'partner'), { subject: 'hostile-staff' });

interface Running {
  name: ServiceName;
  system: TestSystem;
  process: ServiceProcess;
  database: Client;
  document: Schema;
  /** Path parameter values by the collection they follow (`activities` → an activity's id) or by name. */
  ids: Record<string, string>;
}

interface Answer {
  status: number;
  contentType: string;
  body: any;
}

/**
 * Hostile values at every write endpoint of the three services, found in their OpenAPI
 * documents: never a 5xx; every 4xx application/problem+json, every 400 naming its fields;
 * a value that breaks a field's stated rule refused naming that field; nothing written on
 * refusal (every table of the service's database counted before and after).
 */
describe('hostile input at every write endpoint', () => {
  const running = new Map<ServiceName, Running>();
  let attachments: string;
  /** Set when an answer was a 2xx: the service's own consumers may still be writing. */
  let settleFirst = false;

  beforeAll(async () => {
    attachments = await mkdtemp(path.join(tmpdir(), 'deelwijs-hostile-'));
    await Promise.all(
      SERVICES.map(async (name) => {
        // A namespace per service: one service's events never reach another while it is counted.
        const system = new TestSystem(`hostile_${name}`);
        const url = await system.database(`hostile_${name}`);
        const env: Record<string, string> = name === 'knowledge' ? { ATTACHMENTS_DIR: attachments } : {};
        const process = await system.start(name, url, env);
        const database = new Client({ connectionString: url });
        await database.connect();
        const document = (await process.request('GET', '/v1/openapi.json')).body as Schema;
        running.set(name, { name, system, process, database, document, ids: {} });
      }),
    );
    await createFixtures();
  }, 180_000);

  afterAll(async () => {
    for (const service of running.values()) {
      await service.database.end();
      await service.system.cleanUp();
    }
    await rm(attachments, { recursive: true, force: true });
  }, 60_000);

  async function send(service: Running, method: string, url: string, body?: unknown, raw?: { contentType: string; text: string }): Promise<Answer> {
    const headers: Record<string, string> = { ...STAFF };
    let payload: string | undefined;
    if (raw) {
      headers['content-type'] = raw.contentType;
      payload = raw.text;
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(`${service.process.url}${url}`, { method: method.toUpperCase(), headers, body: payload });
    const text = await response.text();
    const contentType = response.headers.get('content-type') ?? '';
    let parsed: unknown = text;
    if (/json/.test(contentType) && text) {
      parsed = JSON.parse(text);
    }
    return { status: response.status, contentType, body: parsed };
  }

  async function created(service: ServiceName, url: string, body: unknown, idField: string, raw?: { contentType: string; text: string }): Promise<string> {
    const answer = await send(running.get(service)!, raw ? 'put' : 'post', url, body, raw);
    if (answer.status >= 300) {
      throw new Error(`${service} ${url} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    }
    return answer.body[idField];
  }

  /** Something to aim at in each service, so that a path leads to a real row that a wrong answer would change. */
  async function createFixtures(): Promise<void> {
    const startsAt = new Date(Date.now() + 14 * 86_400_000);
    const activity = await created(
      'activities',
      '/v1/activities',
      {
        type: 'lecture',
        title: { nl: 'Lezing' },
        prestatieCode: '7.2.3',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 7_200_000).toISOString(),
        capacity: 50,
        publish: true,
      },
      'id',
    );
    const registration = await created(
      'activities',
      `/v1/activities/${activity}/registrations`,
      { kind: 'individual', contactName: 'Anne de Vries', contactEmail: 'anne@example.org' },
      'id',
    );
    running.get('activities')!.ids = { activities: activity, activityId: activity, registrations: registration, registrationId: registration, 'activity-types': 'lecture', 'location-categories': 'regular' };

    const item = await created('knowledge', '/v1/knowledge-items', { kind: 'report', title: 'Verslag', language: 'nl', visibility: 'public' }, 'itemId');
    const advice = await created(
      'knowledge',
      '/v1/advices',
      { title: 'Advies', adviser: 'jongerenraad', solicited: true, issuedAt: '2026-04-15T10:00:00+02:00' },
      'adviceId',
    );
    const form = await created(
      'knowledge',
      '/v1/evaluation-forms',
      { activityId: activity, title: 'Evaluatie', questions: [{ questionId: 'learned', kind: 'rating', label: { nl: 'Leerzaam?' } }] },
      'formId',
    );
    running.get('knowledge')!.ids = { itemId: item, adviceId: advice, formId: form, 'knowledge-kinds': 'report', period: '2026' };

    const programme = await readFile(path.join(repositoryRoot(), 'services/reporting/data/programme-overijssel-2026.yaml'), 'utf8');
    await created('reporting', '/v1/programmes/overijssel-2026', undefined, 'code', { contentType: 'application/yaml', text: programme });
    running.get('reporting')!.ids = { code: 'overijssel-2026', period: '2026', prestatie: '7.2.3' };
  }

  /** Fixture ids for an operation's parameters: by the collection a parameter follows, else by its name. */
  function paramsFor(service: Running, operation: Operation): Record<string, string> {
    return Object.fromEntries(
      operation.pathParams.map(({ name }) => {
        const before = new RegExp(`/([\\w-]+)/\\{${name}\\}`).exec(operation.path)?.[1] ?? '';
        return [name, service.ids[before] ?? service.ids[name] ?? randomUUID()];
      }),
    );
  }

  /** Every table's row count, in one statement: what a refused request must leave as it was. */
  async function rowCounts(service: Running): Promise<Record<string, number>> {
    const tables = (
      await service.database.query<{ name: string }>(
        `SELECT quote_ident(table_name) AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
      )
    ).rows.map((row) => row.name);
    const counts = await service.database.query(`SELECT ${tables.map((table) => `(SELECT count(*) FROM ${table})::int AS ${table}`).join(', ')}`);
    return counts.rows[0] as Record<string, number>;
  }

  /** After an accepted request, until every service's tables stop changing and its outbox is published. */
  async function settle(): Promise<void> {
    for (const service of running.values()) {
      let previous = '';
      await waitFor(
        async () => {
          const now = JSON.stringify(await rowCounts(service));
          const unpublished = (await service.database.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)).rows[0].n as number;
          const stable = now === previous && unpublished === 0;
          previous = now;
          return stable;
        },
        (stable) => stable,
        { intervalMs: 100, what: `${service.name} to settle` },
      );
    }
    settleFirst = false;
  }

  /** Sends one case and holds its answer to the rules; answers what went wrong, if anything. */
  async function check(service: Running, testCase: HostileCase, refusing: string[] = testCase.mustRefuse ? [testCase.mustRefuse] : []): Promise<string | undefined> {
    if (settleFirst) {
      await settle();
    }
    const before = await rowCounts(service);
    const answer = await send(service, testCase.operation.method, urlOf(testCase), testCase.body);
    const label = `${service.name} ${testCase.operation.method.toUpperCase()} ${testCase.operation.path}: ${testCase.what}`;
    if (answer.status < 300) {
      settleFirst = true;
      return refusing.length > 0 ? `${label}: answered ${answer.status}, must refuse ${refusing.join(' or ')}` : undefined;
    }
    if (answer.status >= 500) {
      return `${label}: answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
    }
    if (!answer.contentType.startsWith('application/problem+json') || answer.body?.status !== answer.status || typeof answer.body?.title !== 'string') {
      return `${label}: ${answer.status} is not problem+json: ${answer.contentType} ${JSON.stringify(answer.body).slice(0, 200)}`;
    }
    const names: string[] = (answer.body.invalidParams ?? []).map((param: { name: string }) => param.name);
    if (answer.status === 400 && (names.length === 0 || names.some((name) => typeof name !== 'string' || name === ''))) {
      return `${label}: a 400 that names no field: ${JSON.stringify(answer.body).slice(0, 300)}`;
    }
    if (refusing.length > 0 && !(answer.status === 400 && names.some((name) => refusing.includes(name)))) {
      return `${label}: must be 400 naming ${refusing.join(' or ')}, was ${answer.status} naming ${JSON.stringify(names)}`;
    }
    const after = await rowCounts(service);
    const changed = Object.keys(after).filter((table) => after[table] !== before[table]);
    if (changed.length > 0) {
      return `${label}: refused with ${answer.status}, yet wrote to ${changed.join(', ')}`;
    }
    return undefined;
  }

  it('states a limit for every field of every write body in the OpenAPI documents', () => {
    const unbounded = SERVICES.flatMap((name) =>
      writeOperations(running.get(name)!.document).flatMap((operation) =>
        unboundedFields(operation.body).map((problem) => `${name} ${operation.method.toUpperCase()} ${operation.path} ${problem}`),
      ),
    );
    expect(unbounded).toEqual([]);
  });

  it.each(SERVICES)('%s: every write endpoint refuses each hostile value naming the field, and writes nothing', async (name) => {
    const service = running.get(name)!;
    const operations = writeOperations(service.document);
    expect(operations.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const operation of operations) {
      for (const testCase of casesOf(operation, paramsFor(service, operation))) {
        const failure = await check(service, testCase);
        if (failure) {
          failures.push(failure);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('answers an unreadable URL and a path parameter of thousands of characters with problem+json naming it', async () => {
    const answers: Array<[string, number, string, string[]]> = [];
    for (const service of SERVICES.map((name) => running.get(name)!)) {
      const [operation] = writeOperations(service.document).filter((candidate) => candidate.pathParams.length > 0);
      const [param] = operation.pathParams;
      for (const value of ['%E0%A4%A', 'a'.repeat(5_000)]) {
        const url = operation.path.replace(/\{(\w+)\}/g, (_, name: string) => (name === param.name ? value : (paramsFor(service, operation)[name] ?? randomUUID())));
        const answer = await send(service, operation.method, url, operation.body ? {} : undefined);
        answers.push([service.name, answer.status, answer.contentType.split(';')[0], (answer.body?.invalidParams ?? []).map((p: { name: string }) => p.name)]);
      }
    }
    expect(answers).toEqual(
      SERVICES.flatMap((name) => [
        [name, 400, 'application/problem+json', ['path']],
        [name, 400, 'application/problem+json', [expect.any(String)]],
      ]),
    );
  });

  it('holds under random combinations of hostile values (fast-check, fixed seed)', async () => {
    const targets = SERVICES.flatMap((name) =>
      writeOperations(running.get(name)!.document)
        .filter((operation) => operation.body?.type === 'object' && fields(operation.body, operation.perItemArrays).length > 0)
        .map((operation) => ({ service: running.get(name)!, operation })),
    );
    // Every run is sent and judged; the failures are listed together (a counterexample would print the services).
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: targets.length - 1 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        async (target, fieldPicks, valuePicks) => {
          const { service, operation } = targets[target];
          const all = fields(operation.body, operation.perItemArrays);
          let body = baseBody(operation);
          const mutated: string[] = [];
          const refusing: string[] = [];
          fieldPicks.forEach((pick, index) => {
            const field = all[pick % all.length];
            // A field inside one already replaced would not be in the body sent.
            if (!field || mutated.some((path) => field.path === path || field.path.startsWith(`${path}.`) || path.startsWith(`${field.path}.`))) {
              return;
            }
            const values = hostileValues(field.schema, !field.inArray);
            const hostile = values[valuePicks[index % valuePicks.length] % values.length];
            body = withValue(body, field.path, hostile.value);
            mutated.push(field.path);
            if (hostile.refuse) {
              refusing.push(field.path);
            }
          });
          const failure = await check(
            service,
            { operation, what: `random: ${mutated.join(', ')}`, params: paramsFor(service, operation), query: {}, body },
            refusing,
          );
          if (failure) {
            failures.push(failure);
          }
        },
      ),
      { seed: 20261128, numRuns: 200 },
    );
    expect(failures).toEqual([]);
  }, 600_000);
});
