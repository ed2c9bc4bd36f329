import { randomUUID } from 'node:crypto';
import { routeDeclarations } from '@deelwijs/testing';
import { activitiesService } from './activities.service-definition';
import { expectStatus, InProcessActivities } from './testing/in-process-activities';

/**
 * Every view of the same fact says the same: a waiting-list position is the same number in
 * the organiser's list, a partner's list, the registration itself and the exports; an
 * activity a partner may not see is 404 on every path beneath it, like one that does not exist.
 */
describe('consistent views of activities and registrations (real PostgreSQL)', () => {
  let service: InProcessActivities;
  const prodemos = randomUUID();
  const school = randomUUID();

  beforeAll(async () => {
    service = await InProcessActivities.start('views');
  }, 60_000);
  afterAll(() => service?.close(), 30_000);

  const asPartner = (organisationId: string) => ({ roles: ['partner' as const], organisationId });

  async function partnerRegisters(activityId: string, organisationId: string, label: string) {
    const response = await service.request('POST', `/v1/activities/${activityId}/registrations`, {
      ...asPartner(organisationId),
      body: { kind: 'individual', contactName: `Deelnemer ${label}`, contactEmail: `${label}@example.org` },
    });
    return expectStatus(response, 201, `partner registration ${label}`) as { id: string; waitlistPosition: number };
  }

  /** Registration id → waiting-list position, as each view shows it. */
  async function positionsSeen(
    activityId: string,
    ownerOf: Record<string, string>,
  ): Promise<Record<string, Record<string, number>>> {
    const listed = (body: { items: Array<{ id: string; waitlistPosition: number | null }> }) =>
      Object.fromEntries(
        body.items.filter((item) => item.waitlistPosition !== null).map((item) => [item.id, item.waitlistPosition!]),
      );
    const organiserList = listed(
      expectStatus(
        await service.request('GET', `/v1/activities/${activityId}/registrations`, { roles: ['organiser'] }),
        200,
        'organiser list',
      ),
    );
    const partnerLists = {};
    for (const partner of [prodemos, school]) {
      Object.assign(
        partnerLists,
        listed(
          expectStatus(
            await service.request('GET', `/v1/activities/${activityId}/registrations`, asPartner(partner)),
            200,
            'partner list',
          ),
        ),
      );
    }
    const single: Record<string, number> = {};
    const partnerSingle: Record<string, number> = {};
    for (const id of Object.keys(organiserList)) {
      const read = await service.request('GET', `/v1/registrations/${id}`, { roles: ['organiser'] });
      single[id] = expectStatus(read, 200, 'one registration').waitlistPosition;
      const own = await service.request('GET', `/v1/registrations/${id}`, asPartner(ownerOf[id]));
      partnerSingle[id] = expectStatus(own, 200, "the partner's own registration").waitlistPosition;
    }
    const csv = await service.request('GET', `/v1/activities/${activityId}/registrations`, { headers: { accept: 'text/csv' }, roles: ['admin'] });
    const [header, ...records] = csv.text.slice(1).trim().split('\r\n').map((line) => line.split(','));
    const column = header.indexOf('Wachtlijstpositie / Waiting-list position');
    expect(column).toBeGreaterThan(0);
    const exported = Object.fromEntries(
      records.filter((cells) => cells[column] !== '').map((cells) => [cells[0], Number(cells[column])]),
    );
    return { organiserList, partnerLists, single, partnerSingle, exported };
  }

  it('shows the same waiting-list positions in every view, also after someone ahead leaves', async () => {
    const { id: activityId } = await service.createActivity({
      capacity: 1,
      partnerOrganisationIds: [prodemos, school],
    });
    await service.register(activityId);
    const waiting = [];
    const ownerOf: Record<string, string> = {};
    for (const [index, partner] of [prodemos, school, prodemos, school, school, prodemos].entries()) {
      const registration = await partnerRegisters(activityId, partner, `w${index}`);
      waiting.push(registration);
      ownerOf[registration.id] = partner;
    }
    // The answer to each registration is its place on the whole list, not among its partner's.
    expect(waiting.map((registration) => registration.waitlistPosition)).toEqual([1, 2, 3, 4, 5, 6]);
    const expected = Object.fromEntries(waiting.map((registration, index) => [registration.id, index + 1]));
    expect(await positionsSeen(activityId, ownerOf)).toEqual({
      organiserList: expected,
      partnerLists: expected,
      single: expected,
      partnerSingle: expected,
      exported: expected,
    });

    // The school's first waiting registration (position 2) cancels: everyone behind it moves up.
    expectStatus(
      await service.request('POST', `/v1/registrations/${waiting[1].id}/cancellation`, asPartner(school)),
      200,
      'cancel',
    );
    const after = Object.fromEntries(
      waiting.filter((_, index) => index !== 1).map((registration, index) => [registration.id, index + 1]),
    );
    expect(after[waiting[2].id]).toBe(2);
    expect(await positionsSeen(activityId, ownerOf)).toEqual({
      organiserList: after,
      partnerLists: after,
      single: after,
      partnerSingle: after,
      exported: after,
    });
  });

  it('answers 404 on every path beneath an activity a partner may not see, as for one that does not exist', async () => {
    const hidden = [
      // Co-organised by another partner only.
      await service.createActivity({ partnerOrganisationIds: [school] }),
      // Open to every partner, but not published yet.
      await service.createActivity({ openToAllPartners: true, publish: false }),
    ];
    const registrationOf = { [hidden[0].id]: (await service.register(hidden[0].id)).id } as Record<string, string>;
    const registrationBody = { kind: 'individual', contactName: 'Deelnemer', contactEmail: 'd@example.org' };
    // What a partner may send to each path it may use, so that the answer is about the activity, not the body.
    const bodies: Record<string, unknown> = {
      'POST /v1/activities/:activityId/registrations': registrationBody,
    };
    const beneath = routeDeclarations(activitiesService).filter(({ route }) =>
      /^[A-Z]+ \/v1\/activities\/:[A-Za-z]+(\/|$)/.test(route),
    );
    // Sub-paths of an activity exist (registrations, check-in, exports, lifecycle): the test covers each.
    expect(beneath.length).toBeGreaterThanOrEqual(10);
    const answers: string[] = [];
    for (const { route, roles } of beneath) {
      const [method, path] = route.split(' ');
      const partnerMayUse = Array.isArray(roles) && roles.includes('partner');
      if (partnerMayUse && method !== 'GET' && !(route in bodies)) {
        throw new Error(`${route}: give the test a body a partner may send`);
      }
      for (const activityId of [...hidden.map((activity) => activity.id), randomUUID()]) {
        const url = path
          .replace(/:activityId|:id(?=\/|$)/, activityId)
          .replace(/:id/, registrationOf[activityId] ?? randomUUID());
        const response = await service.request(method as 'GET', url, {
          ...asPartner(prodemos),
          body: bodies[route] ?? (method === 'GET' ? undefined : {}),
        });
        answers.push(`${route} ${response.status}`);
        // Roles a partner lacks are refused before the activity is looked at: the same 403 for all.
        expect([route, response.status]).toEqual([route, partnerMayUse ? 404 : 403]);
        expect(response.headers['content-type']).toContain('application/problem+json');
      }
    }
    expect(answers.filter((answer) => answer.endsWith(' 404')).length).toBeGreaterThanOrEqual(3 * 3);
    const written = await service.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM registrations WHERE activity_id = ANY ($1)`,
      [hidden.map((activity) => activity.id)],
    );
    expect(written).toEqual([{ n: 1 }]);

    // The activity a partner co-organises it does see, beneath too: the 404 above is visibility.
    const own = await service.createActivity({ partnerOrganisationIds: [prodemos] });
    expect((await service.request('GET', `/v1/activities/${own.id}/registrations`, asPartner(prodemos))).status).toBe(
      200,
    );
  });
});
