import { judgeBudget, judgeIndicator, judgePrestatie, worst, type Thresholds } from './deviation';

const thresholds: Thresholds = { paceTolerance: 0.15, minElapsed: 0.2, budgetTolerance: 0.1, budgetWarningRatio: 0.95 };

describe('deviation analysis of an indicator', () => {
  it('a cap exceeded is a deviation, whatever the time', () => {
    expect(judgeIndicator({ kind: 'at-most', value: 50, actual: 51, elapsed: 0.5 }, thresholds)).toEqual({
      status: 'deviation',
      reasons: ['cap-exceeded'],
    });
  });

  it('a cap reached exactly at the end is on track', () => {
    expect(judgeIndicator({ kind: 'at-most', value: 50, actual: 50, elapsed: 1 }, thresholds).status).toBe('on-track');
  });

  it('a pace that would overshoot the cap by more than the tolerance is a risk', () => {
    // 30 at 40% of the year projects to 75 > 50 * 1.15.
    expect(judgeIndicator({ kind: 'at-most', value: 50, actual: 30, elapsed: 0.4 }, thresholds)).toEqual({ status: 'at-risk', reasons: ['cap-pace'] });
    // 22 at 40% projects to 55, within the tolerance.
    expect(judgeIndicator({ kind: 'at-most', value: 50, actual: 22, elapsed: 0.4 }, thresholds).status).toBe('on-track');
  });

  it('pace says nothing before the minimum share of the period has passed', () => {
    expect(judgeIndicator({ kind: 'at-most', value: 50, actual: 9, elapsed: 0.1 }, thresholds).status).toBe('on-track');
    expect(judgeIndicator({ kind: 'at-least', value: 2, actual: 0, elapsed: 0.1 }, thresholds).status).toBe('on-track');
  });

  it('a floor missed when the period is over is a deviation', () => {
    expect(judgeIndicator({ kind: 'at-least', value: 2, actual: 1, elapsed: 1 }, thresholds)).toEqual({ status: 'deviation', reasons: ['floor-missed'] });
  });

  it('a floor out of reach in the time left (neither pace nor what is planned reaches it) is a deviation', () => {
    // 2 sessions in 80% of the year, 1 planned: at most 3 of the 6.
    expect(judgeIndicator({ kind: 'at-least', value: 6, actual: 2, pipeline: 1, elapsed: 0.8 }, thresholds)).toEqual({
      status: 'deviation',
      reasons: ['floor-out-of-reach'],
    });
    // With 4 planned it can still be reached: only the pace is a worry.
    expect(judgeIndicator({ kind: 'at-least', value: 6, actual: 2, pipeline: 4, elapsed: 0.8 }, thresholds)).toEqual({
      status: 'at-risk',
      reasons: ['floor-pace'],
    });
  });

  it('without anything planned ahead (advices), a slow pace is a risk, not yet a deviation', () => {
    expect(judgeIndicator({ kind: 'at-least', value: 2, actual: 0, elapsed: 0.6 }, thresholds)).toEqual({ status: 'at-risk', reasons: ['floor-pace'] });
  });

  it('between checks both bounds; exactly is a cap and a floor at once', () => {
    expect(judgeIndicator({ kind: 'between', value: 10, max: 20, actual: 21, elapsed: 0.5 }, thresholds).reasons).toEqual(['cap-exceeded']);
    expect(judgeIndicator({ kind: 'between', value: 10, max: 20, actual: 9, elapsed: 1 }, thresholds).reasons).toEqual(['floor-missed']);
    expect(judgeIndicator({ kind: 'between', value: 10, max: 20, actual: 15, elapsed: 1 }, thresholds).status).toBe('on-track');
    expect(judgeIndicator({ kind: 'exactly', value: 4, actual: 5, elapsed: 0.5 }, thresholds).reasons).toEqual(['cap-exceeded']);
    expect(judgeIndicator({ kind: 'exactly', value: 4, actual: 3, elapsed: 1 }, thresholds).reasons).toEqual(['floor-missed']);
  });

  it('takes its thresholds from the caller', () => {
    const strict = { ...thresholds, paceTolerance: 0 };
    expect(judgeIndicator({ kind: 'at-most', value: 50, actual: 22, elapsed: 0.4 }, strict).status).toBe('at-risk');
  });
});

describe('deviation analysis of a budget', () => {
  it('spent and committed above the budget is a deviation', () => {
    expect(judgeBudget({ budget: 310_000, spent: 200_000, committed: 120_000, elapsed: 0.5 }, thresholds)).toEqual({
      status: 'deviation',
      reasons: ['budget-overrun'],
    });
  });

  it('spending ahead of the pro-rata budget is a risk', () => {
    // Half the year, 60% spent: more than 50% * 1.1.
    expect(judgeBudget({ budget: 100_000, spent: 60_000, committed: 0, elapsed: 0.5 }, thresholds)).toEqual({ status: 'at-risk', reasons: ['budget-pace'] });
    expect(judgeBudget({ budget: 100_000, spent: 54_000, committed: 0, elapsed: 0.5 }, thresholds).status).toBe('on-track');
  });

  it('almost all of the budget spent or committed is a risk', () => {
    expect(judgeBudget({ budget: 100_000, spent: 50_000, committed: 46_000, elapsed: 0.5 }, thresholds).reasons).toEqual(['budget-nearly-used']);
  });
});

it('the worst judgement wins; not judged only when nothing is judged', () => {
  expect(worst(['on-track', 'at-risk', 'on-track'])).toBe('at-risk');
  expect(worst(['at-risk', 'deviation'])).toBe('deviation');
  expect(worst(['not-judged', 'on-track', 'not-judged'])).toBe('on-track');
  expect(worst(['deviation', 'not-judged'])).toBe('deviation');
  expect(worst(['not-judged', 'not-judged'])).toBe('not-judged');
  expect(worst([])).toBe('not-judged');
});

describe('judging a prestatie', () => {
  it('with neither indicators nor a budget of its own: not judged, and no explanation asked', () => {
    expect(judgePrestatie([], undefined)).toEqual({ status: 'not-judged', explanationRequired: false });
  });

  it('with a budget and no indicators: the budget judges it', () => {
    expect(judgePrestatie([], 'on-track')).toEqual({ status: 'on-track', explanationRequired: false });
    expect(judgePrestatie([], 'at-risk')).toEqual({ status: 'at-risk', explanationRequired: false });
    expect(judgePrestatie([], 'deviation')).toEqual({ status: 'deviation', explanationRequired: true });
  });

  it('with indicators and no budget: the indicators judge it', () => {
    expect(judgePrestatie(['on-track', 'on-track'], undefined)).toEqual({ status: 'on-track', explanationRequired: false });
    expect(judgePrestatie(['on-track', 'deviation'], undefined)).toEqual({ status: 'deviation', explanationRequired: true });
  });

  it('with both: the worst of them', () => {
    expect(judgePrestatie(['on-track'], 'at-risk')).toEqual({ status: 'at-risk', explanationRequired: false });
    expect(judgePrestatie(['deviation'], 'on-track')).toEqual({ status: 'deviation', explanationRequired: true });
  });
});
