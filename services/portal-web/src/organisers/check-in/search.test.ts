import { describe, expect, it } from 'vitest';
import type { Registration } from '../../api/activities';
import { matchRegistrations } from './search';

function registration(overrides: Partial<Registration>): Registration {
  return {
    id: overrides.contactName ?? 'x',
    activityId: 'a',
    kind: 'individual',
    status: 'accepted',
    headcount: 1,
    waitlistPosition: null,
    partnerOrganisationId: null,
    externalReference: null,
    language: 'nl',
    contactName: null,
    contactEmail: null,
    contactPhone: null,
    schoolName: null,
    className: null,
    checkedInAt: null,
    createdAt: '2026-01-01T00:00:00Z',
    ...overrides,
  };
}

describe('searching at the door', () => {
  const people = [
    registration({ contactName: 'Thérèse de Vries' }),
    registration({
      contactName: 'J. Jansen',
      kind: 'group',
      schoolName: 'Thomas a Kempis College',
      className: 'havo 4b',
    }),
    registration({ contactName: 'Piet Bakker' }),
  ];

  it('finds by name without accents, by school and by class', () => {
    expect(matchRegistrations(people, 'therese').map((r) => r.contactName)).toEqual(['Thérèse de Vries']);
    expect(matchRegistrations(people, 'kempis').map((r) => r.contactName)).toEqual(['J. Jansen']);
    expect(matchRegistrations(people, '4b havo').map((r) => r.contactName)).toEqual(['J. Jansen']);
  });

  it('shows everyone for an empty search and no one for a miss', () => {
    expect(matchRegistrations(people, '  ')).toHaveLength(3);
    expect(matchRegistrations(people, 'zwolle')).toHaveLength(0);
  });
});
