import { allowedTransitions, isChangeable, transitionRefusal } from './activity-lifecycle';

describe('activity lifecycle', () => {
  it.each([
    ['draft', 'published'],
    ['draft', 'cancelled'],
    ['published', 'held'],
    ['published', 'cancelled'],
    ['held', 'closed'],
  ] as const)('allows %s → %s', (from, to) => {
    expect(transitionRefusal(from, to)).toBeUndefined();
  });

  it.each([
    ['draft', 'held'],
    ['draft', 'closed'],
    ['published', 'closed'],
    ['published', 'draft'],
    ['held', 'cancelled'],
    ['held', 'published'],
    ['closed', 'published'],
    ['cancelled', 'published'],
  ] as const)('refuses %s → %s with the reason', (from, to) => {
    expect(transitionRefusal(from, to)).toMatch(
      new RegExp(`^An activity that is ${from} cannot become ${to}: `),
    );
  });

  it('says a closed or cancelled activity is final', () => {
    expect(transitionRefusal('closed', 'held')).toBe(
      'An activity that is closed cannot become held: closed is final.',
    );
    expect(allowedTransitions('cancelled')).toEqual([]);
  });

  it('lets an activity be rescheduled until it is held', () => {
    expect([
      isChangeable('draft'),
      isChangeable('published'),
      isChangeable('held'),
      isChangeable('closed'),
    ]).toEqual([true, true, false, false]);
  });
});
