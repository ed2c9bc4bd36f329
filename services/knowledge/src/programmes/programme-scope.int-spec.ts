import { randomUUID } from 'node:crypto';
import {
  LessonsLearnedRecordedV1,
  ProgrammePublishedV1,
  ProgrammeWithdrawnV1,
  type PayloadInputOf,
} from '@deelwijs/contracts';
import { InProcessService, waitFor } from '@deelwijs/testing';
import type { KnowledgeConfig } from '../config/knowledge.config';
import { knowledgeService } from '../knowledge.service-definition';

const EDITOR = { roles: ['editor' as const] };
const YEAR = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric' }).format(new Date()));

function programme(
  programmeCode: string,
  overrides: Partial<PayloadInputOf<typeof ProgrammePublishedV1>> = {},
): PayloadInputOf<typeof ProgrammePublishedV1> {
  return {
    programmeCode,
    version: 1,
    period: { start: `${YEAR}-01-01`, end: `${YEAR}-12-31` },
    isDefaultForPeriod: false,
    prestaties: [
      {
        code: '7.2.3',
        title: { nl: 'Kennisontwikkeling en -deling' },
        actions: [1, 2, 3, 4, 5, 6].map((number) => ({ number, text: { nl: `Actie ${number}` } })),
      },
      { code: '9.1.6', title: { nl: 'Delen en leren' }, actions: [] },
    ],
    ...overrides,
  };
}

/**
 * Programme scope (issue 11) in the knowledge service: programmes from reporting's events in a
 * local read model; advices and knowledge items name a programme (or get the default of their
 * period), prestaties and actions of it, or are refused with 422 naming the field.
 */
describe('the programme of advices and knowledge items (real PostgreSQL, NATS, Redis)', () => {
  let k: InProcessService<KnowledgeConfig>;
  const main = `ov-${YEAR}`;
  const youth = `ov-${YEAR}-jongeren`;

  beforeAll(async () => {
    k = await InProcessService.start(knowledgeService, 'kprogrammes');
  }, 60_000);
  afterAll(() => k?.close(), 30_000);

  const issue = (body: Record<string, unknown>) =>
    k.request('POST', '/v1/advices', {
      ...EDITOR,
      body: { title: 'Advies over participatie', adviser: 'jongerenraad', solicited: false, issuedAt: `${YEAR}-04-15T10:00:00+02:00`, ...body },
    });
  const createItem = (body: Record<string, unknown>) =>
    k.request('POST', '/v1/knowledge-items', {
      ...EDITOR,
      body: { kind: 'report', title: 'Verslag democratiespelen', language: 'nl', visibility: 'public', ...body },
    });
  const count = async (table: string) => (await k.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const known = (versions: Record<string, number>) =>
    waitFor(
      () => k.query<{ programme_code: string; version: number }>(`SELECT programme_code, version FROM programmes`),
      (rows) =>
        Object.entries(versions).every(([code, version]) =>
          rows.some((row) => row.programme_code === code && row.version === version),
        ),
      { what: `programmes ${JSON.stringify(versions)} in the read model` },
    );

  it('accepts advices and items before any programme is known, the programme left null', async () => {
    const advice = await issue({ prestatieCodes: ['7.2.3'] });
    expect(advice.status).toBe(201);
    expect(advice.body.programmeCode).toBeNull();
    const item = await createItem({ prestatieCodes: ['7.2.3'] });
    expect(item.status).toBe(201);
    expect(item.body.programmeCode).toBeNull();
  });

  it('places an advice in the default programme of its issue date, or the named one, and refuses what the programme lacks', async () => {
    await k.publish(ProgrammePublishedV1, programme(main, { isDefaultForPeriod: true }));
    await k.publish(
      ProgrammePublishedV1,
      programme(youth, {
        prestaties: [{ code: '7.2.3', title: { nl: 'Jongerenraad' }, actions: [{ number: 4, text: { nl: 'Jongerenraad adviseert' } }] }],
      }),
    );
    await known({ [main]: 1, [youth]: 1 });

    const byDefault = await issue({ actions: [{ prestatieCode: '7.2.3', actionNumber: 4 }] });
    expect(byDefault.status).toBe(201);
    expect(byDefault.body).toMatchObject({
      programmeCode: main,
      prestatieCodes: ['7.2.3'],
      actions: [{ prestatieCode: '7.2.3', actionNumber: 4 }],
    });
    const named = await issue({ programmeCode: youth, actions: [{ prestatieCode: '7.2.3', actionNumber: 4 }] });
    expect(named.body.programmeCode).toBe(youth);
    const events = (await k.outbox('knowledge.advice.issued.v1')).filter((event) =>
      [byDefault.body.adviceId, named.body.adviceId].includes(event.adviceId),
    );
    expect(events.map((event) => [event.programmeCode, event.actions])).toEqual([
      [main, [{ prestatieCode: '7.2.3', actionNumber: 4 }]],
      [youth, [{ prestatieCode: '7.2.3', actionNumber: 4 }]],
    ]);

    const advices = await count('advices');
    const refusals = [
      [{ programmeCode: 'ov-2031' }, 'programmeCode'],
      [{ programmeCode: youth, prestatieCodes: ['7.2.3', '9.1.6'] }, 'prestatieCodes[1]'],
      [{ programmeCode: youth, actions: [{ prestatieCode: '7.2.3', actionNumber: 1 }] }, 'actions[0].actionNumber'],
      [{ actions: [{ prestatieCode: '7.2.3', actionNumber: 9 }] }, 'actions[0].actionNumber'],
      [{ programmeCode: youth, actions: [{ prestatieCode: '9.1.6', actionNumber: 1 }] }, 'actions[0].prestatieCode'],
    ] as const;
    for (const [body, field] of refusals) {
      const refused = await issue(body);
      expect([field, refused.status]).toEqual([field, 422]);
      expect(refused.headers['content-type']).toContain('application/problem+json');
      expect(refused.body.invalidParams.map((param: { name: string }) => param.name)).toEqual([field]);
    }
    expect(await count('advices')).toBe(advices);
    // Issued on a day no default programme covers (last year's advice): accepted, the programme null.
    const lastYear = await issue({ issuedAt: `${YEAR - 1}-12-10T10:00:00+01:00`, prestatieCodes: ['7.2.3'] });
    expect(lastYear.status).toBe(201);
    expect(lastYear.body.programmeCode).toBeNull();
  });

  it('checks a knowledge item on create and on a change of what it names, and publishes its programme and actions', async () => {
    const item = await createItem({
      programmeCode: youth,
      prestatieCodes: ['7.2.3'],
      actions: [{ prestatieCode: '7.2.3', number: 4 }],
    });
    expect(item.status).toBe(201);
    expect(item.body.programmeCode).toBe(youth);
    const refused = await createItem({ programmeCode: youth, actions: [{ prestatieCode: '7.2.3', number: 2 }] });
    expect(refused.status).toBe(422);
    expect(refused.body.invalidParams).toEqual([
      { name: 'actions[0].number', reason: `prestatie 7.2.3 of programme ${youth} has no action 2 (its actions: 4)` },
    ]);

    const { itemId } = item.body;
    const versions = async () => (await k.request('GET', `/v1/knowledge-items/${itemId}/versions`, EDITOR)).body.length;
    const before = await versions();
    const badChange = await k.request('PATCH', `/v1/knowledge-items/${itemId}`, {
      ...EDITOR,
      body: { prestatieCodes: ['7.2.3', '9.1.6'] },
    });
    expect(badChange.status).toBe(422);
    expect(badChange.body.invalidParams.map((param: { name: string }) => param.name)).toEqual(['prestatieCodes[1]']);
    expect(await versions()).toBe(before);
    const moved = await k.request('PATCH', `/v1/knowledge-items/${itemId}`, {
      ...EDITOR,
      body: { programmeCode: main, prestatieCodes: ['7.2.3', '9.1.6'], actions: [{ prestatieCode: '7.2.3', number: 6 }] },
    });
    expect(moved.status).toBe(200);
    expect(moved.body.programmeCode).toBe(main);

    expect(
      (await k.request('POST', `/v1/knowledge-items/${itemId}/status-changes`, { ...EDITOR, body: { status: 'published' } })).status,
    ).toBe(200);
    const published = (await k.outbox('knowledge.item.published.v1')).filter((event) => event.itemId === itemId);
    expect(published).toEqual([
      expect.objectContaining({
        programmeCode: main,
        prestatieCodes: ['7.2.3', '9.1.6'],
        actions: [{ prestatieCode: '7.2.3', actionNumber: 6 }],
      }),
    ]);
  });

  it('takes the programme of a lessons-learned draft from the activity, and refuses a withdrawn programme', async () => {
    const activityId = randomUUID();
    await k.publish(LessonsLearnedRecordedV1, {
      activityId,
      title: 'Democratiespel Zwolle',
      type: 'democracy-game',
      programmeCode: youth,
      prestatieCode: '7.2.3',
      actionNumber: 4,
      partnerOrganisationIds: [],
      whatWorked: 'Rollenspel',
      whatToChange: 'Meer tijd',
      followUp: 'Vervolg',
      language: 'nl',
      recordedAt: new Date().toISOString(),
    });
    const draft = await waitFor(
      () => k.query<{ programme_code: string | null }>(`SELECT programme_code FROM knowledge_items WHERE source_activity_id = $1`, [activityId]),
      (rows) => rows.length === 1,
      { what: 'the lessons-learned draft' },
    );
    expect(draft).toEqual([{ programme_code: youth }]);

    await k.publish(ProgrammeWithdrawnV1, { programmeCode: youth, version: 2 });
    await known({ [youth]: 2 });
    const refused = await issue({ programmeCode: youth });
    expect(refused.status).toBe(422);
    expect(refused.body.invalidParams).toEqual([
      { name: 'programmeCode', reason: `programme ${youth} was withdrawn; it takes no new work` },
    ]);
  });
});
