import { subjectHash } from '@deelwijs/platform';
import { InProcessActivities } from '../testing/in-process-activities';

/** The privacy officer's requests about one person, against the whole service (real PostgreSQL, NATS, Redis). */
describe('privacy: subject access, erasure by e-mail address and the audit (real PostgreSQL)', () => {
  let service: InProcessActivities;
  const ANNA = 'anna.devries@example.nl';
  const officer = { roles: ['privacy-officer' as const] };
  const from = new Date(Date.now() - 3_600_000).toISOString();
  const to = () => new Date(Date.now() + 3_600_000).toISOString();

  beforeAll(async () => {
    service = await InProcessActivities.start('subject_requests');
  }, 60_000);
  afterAll(() => service?.close(), 30_000);

  it('answers what it holds, erases it once, audits each step by hash and lets the officer read that audit', async () => {
    const game = await service.createActivity({ organiserEmail: 'olga.organisator@overijssel.example' });
    const lesson = await service.createActivity({ type: 'guest-lesson', organiserEmail: ANNA });
    const first = await service.register(game.id, { contactName: 'Anna de Vries', contactEmail: 'Anna.deVries@Example.nl', contactPhone: '06-12345678' });
    const second = await service.register(lesson.id, { contactName: 'A. de Vries', contactEmail: ANNA });
    const other = await service.register(game.id, { contactName: 'Bert Bos', contactEmail: 'bert@example.nl' });
    // An organiser reads the attendee list: an audited read that concerns Anna's registration.
    expect((await service.request('GET', `/v1/activities/${game.id}/registrations`, { roles: ['organiser'] })).status).toBe(200);

    expect((await service.request('POST', '/v1/privacy/subject-access', { roles: ['organiser', 'admin'], body: { email: ANNA } })).status).toBe(403);
    const refused = await service.request('POST', '/v1/privacy/subject-access', { ...officer, body: { email: 'not an address' } });
    expect({ status: refused.status, fields: refused.body.invalidParams?.map((param: { name: string }) => param.name) }).toEqual({ status: 400, fields: ['email'] });

    const access = await service.request('POST', '/v1/privacy/subject-access', { ...officer, body: { email: ANNA.toUpperCase() } });
    expect(access.status).toBe(200);
    expect(access.headers['cache-control']).toBe('no-store');
    expect(access.body).toMatchObject({ service: 'activities', email: ANNA });
    expect(access.body.data.registrations.map((registration: { registrationId: string; contactName: string; contactPhone: string | null }) => [registration.registrationId, registration.contactName, registration.contactPhone])).toEqual([
      [first.id, 'Anna de Vries', '06-12345678'],
      [second.id, 'A. de Vries', expect.any(String)],
    ]);
    expect(access.body.data.registrations[0]).toMatchObject({ activityId: game.id, activityTitle: 'Democratiespel Zwolle', status: 'accepted' });
    expect(access.body.data.organisedActivities.map((activity: { activityId: string }) => activity.activityId)).toEqual([lesson.id]);

    const erased = await service.request('POST', '/v1/privacy/erasures', { ...officer, body: { email: ANNA } });
    expect(erased.status).toBe(200);
    expect(erased.body).toEqual({ service: 'activities', erased: { registrations: 2, organiserAddresses: 1 } });
    // Idempotent: the repeat finds nothing left, and says so.
    const again = await service.request('POST', '/v1/privacy/erasures', { ...officer, body: { email: ANNA } });
    expect(again.body).toEqual({ service: 'activities', erased: { registrations: 0, organiserAddresses: 0 } });

    const rows = await service.query<{ id: string; contact_name: string | null; contact_email: string | null; headcount: number; status: string; anonymised_at: Date | null }>(
      `SELECT id, contact_name, contact_email, headcount, status, anonymised_at FROM registrations WHERE id = ANY ($1) ORDER BY contact_name NULLS FIRST, id`,
      [[first.id, second.id, other.id]],
    );
    expect(rows.filter((row) => row.id !== other.id).map((row) => [row.contact_name, row.contact_email, row.status, row.anonymised_at !== null])).toEqual([
      [null, null, 'accepted', true],
      [null, null, 'accepted', true],
    ]);
    expect(rows.find((row) => row.id === other.id)).toMatchObject({ contact_name: 'Bert Bos', contact_email: 'bert@example.nl' });
    expect(await service.query(`SELECT organiser_email FROM activities WHERE id = ANY ($1) ORDER BY organiser_email`, [[game.id, lesson.id]])).toEqual([
      { organiser_email: 'olga.organisator@overijssel.example' },
      { organiser_email: null },
    ]);
    expect((await service.request('POST', '/v1/privacy/subject-access', { ...officer, body: { email: ANNA } })).body.data).toEqual({
      registrations: [],
      organisedActivities: [],
    });

    // The audit about Anna: the organiser's read of her registration (found through the erasure's
    // record of which registrations were hers), both requests, both erasures.
    const audit = await service.request('GET', `/v1/privacy/audit?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to())}&email=${ANNA}`, officer);
    expect(audit.status).toBe(200);
    expect(audit.headers['cache-control']).toBe('no-store');
    expect(audit.body.items.map((entry: { action: string }) => entry.action)).toEqual([
      'subject-access',
      'erase-subject',
      'erase-subject',
      'subject-access',
      'list-registrations',
    ]);
    const read = audit.body.items.at(-1);
    expect(read).toMatchObject({ actorKind: 'staff', actorId: 'test-staff', recordIds: expect.arrayContaining([first.id, other.id]) });
    expect(audit.body.items[2]).toMatchObject({ recordIds: expect.arrayContaining([first.id, second.id]), subjectHashes: [subjectHash(ANNA)] });

    // Reading the audit is audited too, and shows in the next reading; the whole period shows everyone's.
    const whole = await service.request('GET', `/v1/privacy/audit?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to())}`, officer);
    expect(whole.body.items[0]).toMatchObject({ action: 'read-audit', subjectHashes: [subjectHash(ANNA)] });
    expect(whole.body.items.filter((entry: { action: string }) => entry.action === 'read-registration' || entry.action === 'list-registrations').length).toBeGreaterThanOrEqual(1);
    expect((await service.request('GET', `/v1/privacy/audit?from=${encodeURIComponent(to())}&to=${encodeURIComponent(from)}`, officer)).body.invalidParams).toEqual([
      { name: 'to', reason: 'must be after from' },
    ]);
    expect((await service.request('GET', `/v1/privacy/audit?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to())}`, { roles: ['admin'] })).status).toBe(403);

    // The audit holds the address nowhere, in any case.
    const inClear = await service.query(`SELECT id FROM personal_data_audit WHERE lower(row_to_json(personal_data_audit)::text) LIKE $1`, [`%${ANNA}%`]);
    expect(inClear).toEqual([]);
  }, 60_000);
});
