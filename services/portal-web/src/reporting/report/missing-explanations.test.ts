import { describe, expect, it } from 'vitest';
import { explanationFieldId, missingExplanations } from './missing-explanations';

describe('a refused submission', () => {
  it('names the prestaties that lack the explanation the rules require', () => {
    expect(
      missingExplanations({
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        invalidParams: [
          {
            name: 'explanations.7.2.3',
            reason: 'prestatie deviates from its targets or budget: explain it before submitting',
          },
          { name: 'period', reason: 'must look like 2026' },
          { name: 'explanations.9.1.6', reason: 'prestatie deviates' },
        ],
      }),
    ).toEqual(['7.2.3', '9.1.6']);
  });

  it('names none for another refusal or none at all', () => {
    expect(
      missingExplanations({
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        detail: 'Period 2026-Q3 is approved',
      }),
    ).toEqual([]);
    expect(missingExplanations(undefined)).toEqual([]);
  });

  it('gives each prestatie a field id a link can point at (no dots, so it is a plain #fragment)', () => {
    expect(explanationFieldId('7.2.3')).toBe('explanation-7-2-3');
  });
});
