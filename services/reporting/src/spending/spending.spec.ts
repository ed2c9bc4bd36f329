import { burnUp, monthsOf } from './spending';

describe('the spending of a prestatie over the year (burn-up)', () => {
  it('lists every month of the period, across a year boundary', () => {
    expect(monthsOf({ start: '2026-01-01', end: '2026-12-31' })).toHaveLength(12);
    expect(monthsOf({ start: '2025-11-15', end: '2026-02-01' })).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('runs the totals on through months without activities, ending at the totals', () => {
    const points = burnUp(['2026-01', '2026-02', '2026-03', '2026-04'], [
      { month: '2026-01', spentCents: 100, committedCents: 0 },
      { month: '2026-03', spentCents: 50, committedCents: 25 },
      { month: '2026-04', spentCents: 0, committedCents: 400 },
    ]);
    expect(points).toEqual([
      { month: '2026-01', spentCents: 100, forecastCents: 100 },
      { month: '2026-02', spentCents: 100, forecastCents: 100 },
      { month: '2026-03', spentCents: 150, forecastCents: 175 },
      { month: '2026-04', spentCents: 150, forecastCents: 575 },
    ]);
  });

  it('is flat at zero when nothing was spent or planned', () => {
    expect(burnUp(['2026-01', '2026-02'], [])).toEqual([
      { month: '2026-01', spentCents: 0, forecastCents: 0 },
      { month: '2026-02', spentCents: 0, forecastCents: 0 },
    ]);
  });
});
