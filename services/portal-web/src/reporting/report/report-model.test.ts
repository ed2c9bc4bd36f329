import { describe, expect, it } from 'vitest';
import { translate } from '../../i18n/i18n';
import { isJudgement, JUDGEMENTS } from './report-model';

describe('the judgements', () => {
  it('has a word for each, on the report page and the dashboard, in Dutch and English', () => {
    const words = JUDGEMENTS.map((judgement) => [
      judgement,
      translate('nl', `report.judgement.${judgement}`),
      translate('en', `report.judgement.${judgement}`),
      translate('nl', `dashboard.status.${judgement}`),
      translate('en', `dashboard.status.${judgement}`),
    ]);
    expect(words).toEqual([
      ['not-judged', 'niet beoordeeld', 'not judged', 'Niet beoordeeld', 'Not judged'],
      ['on-track', 'op koers', 'on track', 'Op koers', 'On track'],
      ['at-risk', 'risico', 'at risk', 'Risico', 'At risk'],
      ['deviation', 'afwijking', 'deviation', 'Afwijking', 'Deviation'],
    ]);
  });

  it('knows not-judged among what the service answers, and nothing else', () => {
    expect(['not-judged', 'on-track', 'at-risk', 'deviation', 'on track', ''].filter(isJudgement)).toEqual([
      'not-judged',
      'on-track',
      'at-risk',
      'deviation',
    ]);
  });
});
