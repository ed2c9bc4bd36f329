import { place, type ActivityUnderLock, type BookableActivity } from './placement';
import type { RegistrationDetails } from './registration';

const NOW = new Date('2026-03-01T12:00:00Z');
const PARTNER = '11111111-1111-4111-8111-111111111111';

function activity(overrides: Partial<BookableActivity> = {}): ActivityUnderLock {
  return {
    waiting: 0,
    activity: {
      id: 'a1',
      status: 'published',
      startsAt: new Date('2026-03-12T18:30:00Z'),
      capacityUnit: 'people',
      capacity: 30,
      placesTaken: 0,
      partnerOrganisationIds: [PARTNER],
      openToAllPartners: false,
      ...overrides,
    } as BookableActivity,
  };
}

const individual: RegistrationDetails = { kind: 'individual', contactName: 'A', contactEmail: 'a@x.nl' };
const classOf = (headcount: number): RegistrationDetails => ({
  kind: 'group',
  headcount,
  contactName: 'T',
  contactEmail: 't@x.nl',
  schoolName: 'S',
});

describe('placing a registration', () => {
  it('accepts while places last, then waitlists in order', () => {
    const locked = activity({ capacity: 2 });
    const results = [1, 2, 3, 4].map(() => place(locked, 'a1', individual, undefined, NOW));

    expect(results).toEqual([
      { status: 'accepted', places: 1, headcount: 1 },
      { status: 'accepted', places: 1, headcount: 1 },
      { status: 'waitlisted', places: 1, headcount: 1, position: 1 },
      { status: 'waitlisted', places: 1, headcount: 1, position: 2 },
    ]);
    expect(locked.activity!.placesTaken).toBe(2);
  });

  it('counts a class as its headcount in people, or as one group', () => {
    expect(place(activity(), 'a1', classOf(27), undefined, NOW)).toEqual({
      status: 'accepted',
      places: 27,
      headcount: 27,
    });
    expect(
      place(activity({ capacityUnit: 'groups', capacity: 3 }), 'a1', classOf(27), undefined, NOW),
    ).toEqual({
      status: 'accepted',
      places: 1,
      headcount: 27,
    });
  });

  it('does not let a newcomer overtake those already waiting, even if it would fit', () => {
    const locked = activity({ capacity: 30, placesTaken: 25 });
    locked.waiting = 1;

    expect(place(locked, 'a1', individual, undefined, NOW)).toMatchObject({
      status: 'waitlisted',
      position: 2,
    });
  });

  it('rejects a group that can never fit, naming headcount', () => {
    expect(place(activity({ capacity: 20 }), 'a1', classOf(27), undefined, NOW)).toEqual({
      kind: 'invalid',
      field: 'headcount',
      reason: 'a group of 27 can never fit: activity a1 has 20 places',
    });
  });

  it('refuses unknown, unpublished, started (to partners) and unseen activities with the reason', () => {
    expect(place({ activity: undefined, waiting: 0 }, 'a9', individual, undefined, NOW)).toMatchObject({
      kind: 'not-found',
    });
    expect(place(activity({ status: 'draft' }), 'a1', individual, undefined, NOW)).toMatchObject({
      kind: 'closed',
      reason: 'activity a1 is draft, not open for registration',
    });
    expect(
      place(activity({ startsAt: new Date('2026-03-01T11:00:00Z') }), 'a1', individual, { organisationId: PARTNER }, NOW),
    ).toMatchObject({
      kind: 'closed',
      reason: 'activity a1 has started; registration is closed, the organiser can still record it',
    });
    // Not open to this partner: it does not exist for it, in the same words as a missing one.
    expect(
      place(activity(), 'a1', individual, { organisationId: '22222222-2222-4222-8222-222222222222' }, NOW),
    ).toEqual({ kind: 'not-found', reason: 'activity a1 does not exist' });
    expect(
      place(activity({ status: 'draft', openToAllPartners: true }), 'a1', individual, { organisationId: 'other' }, NOW),
    ).toEqual({ kind: 'not-found', reason: 'activity a1 does not exist' });
    expect(
      place(activity({ openToAllPartners: true }), 'a1', individual, { organisationId: 'other' }, NOW),
    ).toMatchObject({
      status: 'accepted',
    });
    expect(place(activity(), 'a1', individual, { organisationId: PARTNER }, NOW)).toMatchObject({
      status: 'accepted',
    });
  });

  it('lets organisers record after the start, while published or held, under the same capacity rule', () => {
    const started = { startsAt: new Date('2026-03-01T10:00:00Z') };
    expect(place(activity({ ...started, capacity: 1 }), 'a1', individual, undefined, NOW)).toEqual({
      status: 'accepted',
      places: 1,
      headcount: 1,
    });
    expect(place(activity({ ...started, status: 'held', capacity: 1, placesTaken: 1 }), 'a1', individual, undefined, NOW)).toEqual({
      status: 'waitlisted',
      places: 1,
      headcount: 1,
      position: 1,
    });
    for (const status of ['closed', 'cancelled', 'draft']) {
      expect(place(activity({ ...started, status }), 'a1', individual, undefined, NOW)).toEqual({
        kind: 'closed',
        reason: `activity a1 is ${status}, not open for registration`,
      });
    }
  });

  it('takes no places for an unlimited activity and never waitlists there', () => {
    const locked = activity({ capacity: null });
    for (let i = 0; i < 100; i += 1) {
      expect(place(locked, 'a1', classOf(30), undefined, NOW)).toMatchObject({ status: 'accepted' });
    }
  });
});
