import { Jobs } from '@deelwijs/platform';
import { CancelTokens } from '../cancel-tokens/cancel-tokens';
import { InProcessActivities } from '../testing/in-process-activities';
import { ANONYMISE_EXPIRED_JOB, PRIVACY_QUEUE, RetentionJobs } from './retention.jobs';

const DAY = 24 * 3600 * 1000;

interface Row {
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  school_name: string | null;
  class_name: string | null;
  anonymised_at: Date | null;
  headcount: number;
  status: string;
}

describe('privacy: erasure and retention (real PostgreSQL, Redis)', () => {
  let service: InProcessActivities;

  beforeAll(async () => {
    service = await InProcessActivities.start('privacy', { RETENTION_DAYS: '365' });
  }, 60_000);
  afterAll(() => service?.close(), 30_000);

  async function registration(id: string): Promise<Row> {
    const [row] = await service.query<Row>(
      `SELECT contact_name, contact_email, contact_phone, school_name, class_name, anonymised_at, headcount, status FROM registrations WHERE id = $1`,
      [id],
    );
    return row;
  }

  async function audit(registrationId: string) {
    return service.query<{ actor_kind: string; actor_id: string; action: string }>(
      `SELECT actor_kind, actor_id, action FROM personal_data_audit WHERE $1 = ANY (registration_ids) ORDER BY id`,
      [registrationId],
    );
  }

  async function groupRegistration(): Promise<string> {
    const activity = await service.createActivity({
      capacityUnit: 'groups',
      startsAt: new Date(Date.now() + 10 * DAY).toISOString(),
      endsAt: new Date(Date.now() + 10 * DAY + 7_200_000).toISOString(),
    });
    const registered = await service.register(activity.id, {
      kind: 'group',
      headcount: 28,
      schoolName: 'Het Baken',
      className: 'Groep 8b',
    });
    return registered.id;
  }

  /** An activity that ended `daysAgo` days ago and was closed, with the registrations it had: as the API records it. */
  async function pastActivity(
    daysAgo: number,
    registrations: Array<'accepted' | 'cancelled'>,
  ): Promise<string[]> {
    const activity = await service.createActivity();
    const ids: string[] = [];
    for (const outcome of registrations) {
      const { id } = await service.register(activity.id);
      if (outcome === 'cancelled') {
        expect(
          (await service.request('POST', `/v1/registrations/${id}/cancellation`, { roles: ['organiser'] })).status,
        ).toBe(200);
      }
      ids.push(id);
    }
    const startsAt = new Date(Date.now() - daysAgo * DAY);
    for (const [path, body] of [
      [
        'reschedulings',
        {
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 7_200_000).toISOString(),
          reason: 'Achteraf vastgelegd',
        },
      ],
      ['held-confirmation', undefined],
      ['closure', { actualCostCents: 0 }],
    ] as const) {
      const response = await service.request('POST', `/v1/activities/${activity.id}/${path}`, {
        roles: ['organiser'],
        body,
      });
      expect([path, response.status]).toEqual([path, 200]);
    }
    return ids;
  }

  it('lets an organiser erase a registrant: the details go, the registration and its counts stay, the erasure is audit-logged', async () => {
    const id = await groupRegistration();

    const response = await service.request('POST', `/v1/registrations/${id}/erasure`, {
      roles: ['organiser'],
    });

    expect(response.status).toBe(200);
    expect(response.json()).toMatchObject({ registrationId: id });
    expect(await registration(id)).toMatchObject({
      contact_name: null,
      contact_email: null,
      contact_phone: null,
      school_name: null,
      class_name: null,
      headcount: 28,
      status: 'accepted',
    });
    expect((await registration(id)).anonymised_at).toBeInstanceOf(Date);
    expect(await audit(id)).toEqual([{ actor_kind: 'staff', actor_id: 'test-staff', action: 'erase' }]);
  });

  it('refuses erasure without credentials (401), to a partner (403), of an unknown registration (404), and names a malformed id (400)', async () => {
    const id = await groupRegistration();
    expect((await service.request('POST', `/v1/registrations/${id}/erasure`)).status).toBe(401);
    expect(
      (await service.request('POST', `/v1/registrations/${id}/erasure`, { roles: ['partner'] })).status,
    ).toBe(403);
    expect(
      (
        await service.request('POST', `/v1/registrations/00000000-0000-4000-8000-000000000000/erasure`, {
          roles: ['admin'],
        })
      ).status,
    ).toBe(404);
    const malformed = await service.request('POST', `/v1/registrations/not-a-uuid/erasure`, {
      roles: ['admin'],
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
    expect((await registration(id)).contact_name).toBe('Anne de Vries');
    expect(await audit(id)).toEqual([]);
  });

  it("lets the registrant erase their own details with their link's token, and nobody with another token", async () => {
    const id = await groupRegistration();
    const other = await groupRegistration();
    const token = service.app.get(CancelTokens).tokenFor(id);

    const wrong = await service.request(
      'POST',
      `/v1/registration-erasures/${id}?token=${service.app.get(CancelTokens).tokenFor(other)}`,
    );
    expect(wrong.status).toBe(403);
    const malformed = await service.request('POST', `/v1/registration-erasures/${id}?token=abc`);
    expect(malformed.status).toBe(400);
    expect(malformed.json().invalidParams).toEqual([expect.objectContaining({ name: 'token' })]);
    expect((await registration(id)).contact_email).not.toBeNull();

    const response = await service.request('POST', `/v1/registration-erasures/${id}?token=${token}`);
    expect(response.status).toBe(200);
    expect((await registration(id)).contact_email).toBeNull();
    expect(await audit(id)).toEqual([{ actor_kind: 'registrant', actor_id: id, action: 'erase' }]);
    expect((await registration(other)).contact_email).not.toBeNull();
  });

  it('anonymises registrants RETENTION_DAYS after their activity ended and no one sooner', async () => {
    const expired = await pastActivity(400, ['accepted', 'cancelled']);
    const [kept] = await pastActivity(300, ['accepted']);

    const anonymised = await service.app.get(RetentionJobs).anonymiseExpired();

    expect(anonymised.anonymised).toBeGreaterThanOrEqual(2);
    for (const id of expired) {
      expect(await registration(id)).toMatchObject({
        contact_name: null,
        contact_email: null,
        contact_phone: null,
      });
      expect((await registration(id)).anonymised_at).toBeInstanceOf(Date);
      expect(await audit(id)).toEqual([{ actor_kind: 'system', actor_id: 'retention', action: 'anonymise' }]);
    }
    expect(await registration(kept)).toMatchObject({ contact_name: 'Anne de Vries', anonymised_at: null });
    expect(await service.app.get(RetentionJobs).anonymiseExpired()).toEqual({ anonymised: 0 });
  });

  it('registers the daily retention schedule at boot, once', async () => {
    const queue = service.app.get(Jobs).queue(PRIVACY_QUEUE);
    await service.app.get(RetentionJobs).onApplicationBootstrap();
    const schedulers = await queue.getJobSchedulers();
    expect(schedulers.map((scheduler) => [scheduler.key, scheduler.pattern, scheduler.tz])).toEqual([
      [ANONYMISE_EXPIRED_JOB, '41 2 * * *', 'Europe/Amsterdam'],
    ]);
  });
});
